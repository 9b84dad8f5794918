/* SPDX-License-Identifier: MIT */
/* csv.c: snapshot to RFC 4180 CSV, one row per (thread, region) and all. */
#include "csv.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "metrics.h"
#include "repeat.h"

static const struct {
    unsigned flag;
    const char *word;
} flag_words[] = {
    {SNAP_OPEN_AT_EXIT, "open_at_exit"},
    {SNAP_OPEN_AT_CRASH, "open_at_crash"},
    {SNAP_OPEN_NOW, "open"},
    {SNAP_COUNTERS_PART, "counters_partial"},
    {SNAP_READ_ERRORS, "read_errors"},
    {SNAP_NAME_CUT, "name_cut"},
    {SNAP_MISUSE, "misuse"},
    {SNAP_TOO_SHORT, "too_short"},
    {SNAP_SUBTRACTED, "overhead_subtracted"},
    {SNAP_SIM_ESTIMATED, "sim_estimated"},
};

const char *
csv_flags(unsigned flags, char *buf, size_t len)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < sizeof flag_words / sizeof flag_words[0]; i++)
        if (flags & flag_words[i].flag) {
            int n = snprintf(buf + used, len - used, "%s%s",
                             used ? "|" : "", flag_words[i].word);

            if (n < 0 || (size_t)n >= len - used) {
                buf[used] = '\0'; /* no half word */
                break;
            }
            used += (size_t)n;
        }
    return buf;
}

void
csv_field(FILE *f, const char *p, size_t len)
{
    int quote = len > 0 && (p[0] == ' ' || p[len - 1] == ' ');

    for (size_t i = 0; i < len && !quote; i++)
        quote = p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r';
    if (!quote) {
        fwrite(p, 1, len, f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '"')
            fputc('"', f);
        fputc(p[i], f);
    }
    fputc('"', f);
}

/* Repeat columns: NAME (the mean, when asked), NAME_min, _median, _max,
 * _cv.  time_per_call_ns_cv is also written as time_per_call_cv, the
 * name `hwtop diff` reads. */
static void
stat_header(FILE *f, const char *name, bool mean)
{
    if (mean)
        fprintf(f, ",%s", name);
    fprintf(f, ",%s_min,%s_median,%s_max,%s_cv", name, name, name, name);
    if (strcmp(name, "time_per_call_ns") == 0)
        fputs(",time_per_call_cv", f);
}

static void
stat_cells(FILE *f, const struct repeat_stat *st, bool mean, bool tpc)
{
    if (mean)
        fprintf(f, ",%.6g", st->mean);
    fprintf(f, ",%.6g,%.6g,%.6g", st->min, st->median, st->max);
    csv_cell(f, st->cv, 6);
    if (tpc)
        csv_cell(f, st->cv, 6);
}

static void
header(FILE *f, const struct snapshot *s)
{
    char excl[SNAP_NAME + 8];

    /* Event names come from the segment: quoted if they must be. */
    fputs("region,parent,thread,calls,wall_ns,excl_wall_ns", f);
    for (int i = 0; i < s->nevents; i++) {
        fputc(',', f);
        csv_field(f, s->events[i].name, strlen(s->events[i].name));
    }
    for (int i = 0; i < s->nevents; i++) {
        snprintf(excl, sizeof excl, "excl_%s", s->events[i].name);
        fputc(',', f);
        csv_field(f, excl, strlen(excl));
    }
    for (int m = 0; m < METRIC_COUNT; m++)
        fprintf(f, ",%s", metric_defs[m].column);
    fputs(",p50_ns,p90_ns,p99_ns,p999_ns,max_ns,pid,tid,flags", f);
    fputs(",slow_calls,slow_time_per_call_ns,slow_time_ratio", f);
    for (int i = 0; i < s->nevents; i++) {
        char col[SNAP_NAME + 24];

        snprintf(col, sizeof col, "slow_%s_per_call", s->events[i].name);
        fputc(',', f);
        csv_field(f, col, strlen(col));
        snprintf(col, sizeof col, "slow_%s_ratio", s->events[i].name);
        fputc(',', f);
        csv_field(f, col, strlen(col));
    }
    if (s->nruns > 1 && s->rep != NULL) {
        fputs(",runs,noisy", f);
        stat_header(f, "time_per_call_ns", true);
        stat_header(f, "wall_ns", false);
        for (int i = 0; i < s->nevents; i++)
            stat_header(f, s->events[i].name, false);
    }
    fputs("\r\n", f);
}

void
csv_cell(FILE *f, double v, int digits)
{
    if (isnan(v))
        fputc(',', f);
    else
        fprintf(f, ",%.*g", digits, v);
}

/* The slowest calls beside all calls (snapshot.h, slow_*). */
static void
slow_cells(FILE *f, const struct snapshot *s, const struct snap_row *r)
{
    struct slow_view v;

    slow_view(s, r, &v);
    if (v.calls == 0)
        fputc(',', f);
    else
        fprintf(f, ",%" PRIu64, v.calls);
    csv_cell(f, v.time, 6);
    csv_cell(f, v.time_ratio, 6);
    for (int i = 0; i < s->nevents; i++) {
        csv_cell(f, v.ev[i], 6);
        csv_cell(f, v.ev_ratio[i], 6);
    }
}

static void
row(FILE *f, const struct snapshot *s, const struct snap_row *r)
{
    const struct snap_region *reg = &s->regions[r->region];
    double m[METRIC_COUNT];
    char buf[128];
    const char *label = snapshot_thread_label(s, r->thread, buf, sizeof buf);

    csv_field(f, reg->name, reg->len);
    fputc(',', f);
    if (r->parent >= 0)
        csv_field(f, s->regions[r->parent].name, s->regions[r->parent].len);
    fputc(',', f);
    csv_field(f, label, strlen(label));
    fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64, r->calls, r->wall_ns,
            r->wall_ns - r->child_wall_ns);
    for (int i = 0; i < s->nevents; i++)
        if (s->events[i].state == SNAP_EV_UNAVAILABLE)
            fputc(',', f);
        else
            fprintf(f, ",%" PRId64, r->ev[i]);
    for (int i = 0; i < s->nevents; i++)
        if (s->events[i].state == SNAP_EV_UNAVAILABLE)
            fputc(',', f);
        else
            fprintf(f, ",%" PRId64, /* wraps: the values may be garbage */
                    (int64_t)((uint64_t)r->ev[i] - (uint64_t)r->child_ev[i]));
    metrics_compute(s, r, m);
    for (int i = 0; i < METRIC_COUNT; i++)
        csv_cell(f, m[i], 6);
    if (s->simulated) /* not kept under --sim (docs/sim.md) */
        fputs(",,,,,", f);
    else
        fprintf(f, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
                   ",%" PRIu64,
                r->p50_ns, r->p90_ns, r->p99_ns, r->p999_ns, r->max_ns);
    if (r->thread >= 0)
        fprintf(f, ",%d,%d,", s->threads[r->thread].pid,
                s->threads[r->thread].tid);
    else if (r->pid != 0)
        fprintf(f, ",%d,,", r->pid);
    else
        fputs(",,,", f);
    csv_flags(r->flags, buf, sizeof buf);
    csv_field(f, buf, strlen(buf));
    slow_cells(f, s, r);
    if (s->nruns > 1 && s->rep != NULL) {
        const struct snap_repeat *rp = &s->rep[r - s->rows];

        fprintf(f, ",%d,%d", rp->runs, rp->noisy ? 1 : 0);
        stat_cells(f, &rp->time_per_call, true, true);
        stat_cells(f, &rp->wall, false, false);
        for (int i = 0; i < s->nevents; i++)
            stat_cells(f, &rp->ev[i], false, false);
    }
    fputs("\r\n", f);
}

int
csv_write(FILE *f, const struct snapshot *s)
{
    header(f, s);
    for (int i = 0; i < s->nrows; i++)
        row(f, s, &s->rows[i]);
    if (fflush(f) != 0 || ferror(f))
        return errno ? -errno : -EIO;
    return 0;
}
