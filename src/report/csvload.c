/* SPDX-License-Identifier: MIT */
/* csvload.c: parses a report's columns back into a snapshot, trusting
 * nothing: every field is checked. */
#include "csvload.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "meta.h"
#include "metrics.h"

static const char *const fixed[] = {"region", "parent", "thread", "calls",
                                    "wall_ns", "excl_wall_ns"};

/* Column layout found in the header. */
struct layout {
    int nev;
    int ev, excl;      /* first event column, first excl_ column */
    int p50, p90, p99, p999, max, pid, tid, flags;
    int runs, wall_cv, tpc_median; /* -1 when absent */
};

struct loader {
    const char *path;
    const struct csv_table *t;
    struct layout l;
    struct snapshot *s;
    char *err;
    size_t errlen;
};

#define FAILAT(ld, line, ...)                                                  \
    do {                                                                       \
        int n_ = snprintf((ld)->err, (ld)->errlen, "%s:%d: ", (ld)->path,      \
                          (line));                                             \
        if (n_ > 0 && (size_t)n_ < (ld)->errlen)                               \
            snprintf((ld)->err + n_, (ld)->errlen - (size_t)n_, __VA_ARGS__);  \
        return -EINVAL;                                                        \
    } while (0)

static int
need(struct loader *ld, const char *name)
{
    int c = csv_column(ld->t, name);

    if (c < 0)
        FAILAT(ld, 1, "not a hwtop report: no column '%s'", name);
    return c;
}

/* Does this column come after the event columns? */
static int
after_events(const char *col)
{
    if (strncmp(col, "excl_", 5) == 0 || strcmp(col, "p50_ns") == 0)
        return 1;
    for (int m = 0; m < METRIC_COUNT; m++)
        if (strcmp(col, metric_defs[m].column) == 0)
            return 1;
    return 0;
}

static int
read_layout(struct loader *ld)
{
    const struct csv_record *h = &ld->t->records[0];
    struct layout *l = &ld->l;
    int c;

    if (h->nfields < 6)
        FAILAT(ld, 1, "not a hwtop report (header has %d columns)",
               h->nfields);
    for (int i = 0; i < 6; i++)
        if (strcmp(h->fields[i].p, fixed[i]) != 0)
            FAILAT(ld, 1, "not a hwtop report: column %d is '%.40s', not '%s'",
                   i + 1, h->fields[i].p, fixed[i]);
    l->ev = 6;
    for (c = 6; c < h->nfields && !after_events(h->fields[c].p); c++)
        ;
    l->nev = c - 6;
    l->excl = c;
    if (l->nev > SNAP_MAX_EVENTS)
        FAILAT(ld, 1, "%d event columns, at most %d", l->nev, SNAP_MAX_EVENTS);
    for (int i = 0; i < l->nev; i++)
        if (l->excl + i >= h->nfields ||
            strncmp(h->fields[l->excl + i].p, "excl_", 5) != 0 ||
            strcmp(h->fields[l->excl + i].p + 5, h->fields[6 + i].p) != 0)
            FAILAT(ld, 1, "event column '%.40s' has no excl_ column",
                   h->fields[6 + i].p);
    if ((l->p50 = need(ld, "p50_ns")) < 0 || (l->p90 = need(ld, "p90_ns")) < 0 ||
        (l->p99 = need(ld, "p99_ns")) < 0 ||
        (l->p999 = need(ld, "p999_ns")) < 0 ||
        (l->max = need(ld, "max_ns")) < 0 || (l->pid = need(ld, "pid")) < 0 ||
        (l->tid = need(ld, "tid")) < 0 || (l->flags = need(ld, "flags")) < 0)
        return -EINVAL;
    l->runs = csv_column(ld->t, "runs");
    l->wall_cv = csv_column(ld->t, "time_per_call_cv");
    l->tpc_median = csv_column(ld->t, "time_per_call_ns_median");
    return 0;
}

/* Strict numbers: the whole field, in range; empty gives *empty = 1. */
static int
num(struct loader *ld, const struct csv_record *r, int col, double *out,
    int *empty)
{
    const char *p = r->fields[col].p;
    char *end;

    *empty = *p == '\0';
    if (*empty) {
        *out = NAN;
        return 0;
    }
    errno = 0;
    *out = strtod(p, &end);
    if (*end != '\0' || errno == ERANGE || isnan(*out))
        FAILAT(ld, r->line, "column '%s': '%.32s' is not a number",
               ld->t->records[0].fields[col].p, p);
    return 0;
}

static int
u64(struct loader *ld, const struct csv_record *r, int col, uint64_t *out)
{
    double v;
    int empty;

    if (num(ld, r, col, &v, &empty) != 0)
        return -EINVAL;
    if (empty || v < 0 || v > 1.8e19)
        FAILAT(ld, r->line, "column '%s': expected a count, got '%.32s'",
               ld->t->records[0].fields[col].p, r->fields[col].p);
    *out = (uint64_t)v;
    return 0;
}

/* A count that may be empty (0): the percentiles and max_ns, which
 * hwtop --sim does not keep. */
static int
u64_opt(struct loader *ld, const struct csv_record *r, int col, uint64_t *out)
{
    *out = 0;
    return r->fields[col].len == 0 ? 0 : u64(ld, r, col, out);
}

/* Index of region name, added when new; -1 on no memory. */
static int
region_of(struct snapshot *s, const struct csv_field *f)
{
    struct snap_region *r;

    for (int i = 0; i < s->nregions; i++)
        if (s->regions[i].len == f->len &&
            memcmp(s->regions[i].name, f->p, f->len) == 0)
            return i;
    r = &s->regions[s->nregions];
    r->name = malloc(f->len + 1);
    if (r->name == NULL)
        return -1;
    memcpy(r->name, f->p, f->len + 1);
    r->len = f->len;
    return s->nregions++;
}

static int
thread_of(struct snapshot *s, int pid, int tid, const char *label)
{
    struct snap_thread *t;

    for (int i = 0; i < s->nthreads; i++)
        if (s->threads[i].pid == pid && s->threads[i].tid == tid)
            return i;
    t = &s->threads[s->nthreads];
    memset(t, 0, sizeof *t);
    t->pid = pid;
    t->tid = tid;
    t->cpu = -1;
    t->state = 2;
    /* A label that is just the tid was no name. */
    if (strtol(label, NULL, 10) != tid || label[0] == '\0')
        snprintf(t->name, sizeof t->name, "%s", label);
    return s->nthreads++;
}

static int
events_row(struct loader *ld, const struct csv_record *rec,
           struct snap_row *row)
{
    for (int e = 0; e < ld->l.nev; e++) {
        double in, ex;
        int empty_in, empty_ex;

        if (num(ld, rec, ld->l.ev + e, &in, &empty_in) != 0 ||
            num(ld, rec, ld->l.excl + e, &ex, &empty_ex) != 0)
            return -EINVAL;
        if (empty_in != empty_ex)
            FAILAT(ld, rec->line, "'%s' and its excl_ column disagree",
                   ld->s->events[e].name);
        /* Counts fit an int64_t, and so does what the children had. */
        if (!empty_in && !(fabs(in) < 9e18 && fabs(ex) < 9e18 &&
                           fabs(in - ex) < 9e18))
            FAILAT(ld, rec->line, "'%s': a count out of range",
                   ld->s->events[e].name);
        if (!empty_in)
            ld->s->events[e].state = SNAP_EV_COUNTING;
        row->ev[e] = empty_in ? 0 : (int64_t)in;
        row->child_ev[e] = empty_in ? 0 : (int64_t)(in - ex);
    }
    return 0;
}

static int
parse_row(struct loader *ld, const struct csv_record *rec,
          struct snap_row *row)
{
    const struct layout *l = &ld->l;
    struct snapshot *s = ld->s;
    uint64_t excl, pid = 0, tid = 0;
    int all;

    memset(row, 0, sizeof *row);
    if (rec->nfields != ld->t->records[0].nfields)
        FAILAT(ld, rec->line, "%d fields, the header has %d", rec->nfields,
               ld->t->records[0].nfields);
    all = strcmp(rec->fields[2].p, "all") == 0 && rec->fields[l->tid].len == 0;
    if (u64(ld, rec, 3, &row->calls) || u64(ld, rec, 4, &row->wall_ns) ||
        u64(ld, rec, 5, &excl) || u64_opt(ld, rec, l->p50, &row->p50_ns) ||
        u64_opt(ld, rec, l->p90, &row->p90_ns) ||
        u64_opt(ld, rec, l->p99, &row->p99_ns) ||
        u64_opt(ld, rec, l->p999, &row->p999_ns) ||
        u64_opt(ld, rec, l->max, &row->max_ns) ||
        (!all && (u64(ld, rec, l->pid, &pid) || u64(ld, rec, l->tid, &tid))))
        return -EINVAL;
    if (excl > row->wall_ns)
        FAILAT(ld, rec->line, "excl_wall_ns above wall_ns");
    row->child_wall_ns = row->wall_ns - excl;
    if (events_row(ld, rec, row) != 0)
        return -EINVAL;
    row->region = region_of(s, &rec->fields[0]);
    row->parent = rec->fields[1].len ? region_of(s, &rec->fields[1]) : -1;
    row->thread = all ? -1 : thread_of(s, (int)pid, (int)tid,
                                       rec->fields[2].p);
    row->pid = (int)pid;
    if (row->region < 0 || (rec->fields[1].len && row->parent < 0))
        FAILAT(ld, rec->line, "out of memory");
    return 0;
}

/* The program's totals from the sidecar, when there is one. */
static void
load_meta(const char *path, struct snapshot *s)
{
    char *mp = meta_path(path), *text = NULL;
    FILE *f = mp ? fopen(mp, "re") : NULL;
    long len;
    cJSON *root, *v;

    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 0 &&
        len < (1 << 24) && fseek(f, 0, SEEK_SET) == 0 &&
        (text = calloc(1, (size_t)len + 1)) != NULL &&
        fread(text, 1, (size_t)len, f) == (size_t)len &&
        (root = cJSON_Parse(text)) != NULL) {
        if (cJSON_IsNumber(v = cJSON_GetObjectItem(root, "program_cpu_ns")) &&
            v->valuedouble >= 0 && v->valuedouble < 1.8e19)
            s->program_cpu_ns = (uint64_t)v->valuedouble;
        if (cJSON_IsNumber(v = cJSON_GetObjectItem(root, "program_wall_ns")) &&
            v->valuedouble >= 0 && v->valuedouble < 1.8e19)
            s->program_wall_ns = (uint64_t)v->valuedouble;
        cJSON_Delete(root);
    }
    if (f != NULL)
        fclose(f);
    free(text);
    free(mp);
}

static int
alloc_snapshot(struct snapshot *s, const struct csv_table *t)
{
    size_t n = (size_t)t->nrecords + 1;

    s->regions = calloc(n * 2, sizeof *s->regions);
    s->threads = calloc(n, sizeof *s->threads);
    s->rows = calloc(n, sizeof *s->rows);
    s->misuse = calloc(1, sizeof *s->misuse);
    return s->regions && s->threads && s->rows && s->misuse ? 0 : -ENOMEM;
}

int
csvload(const char *path, struct snapshot *out, struct csvload_extra *extra,
        char *err, size_t errlen)
{
    struct csv_table t;
    struct loader ld = {path, &t, {0}, out, err, errlen};
    int rc;

    memset(out, 0, sizeof *out);
    if (extra != NULL)
        memset(extra, 0, sizeof *extra);
    if ((rc = csv_read_file(path, &t, err, errlen)) != 0)
        return rc;
    if (t.nrecords == 0) {
        snprintf(err, errlen, "%s: empty file, not a hwtop report", path);
        rc = -EINVAL;
        goto out;
    }
    if ((rc = read_layout(&ld)) != 0)
        goto out;
    if ((rc = alloc_snapshot(out, &t)) != 0) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto out;
    }
    out->nevents = ld.l.nev;
    for (int e = 0; e < ld.l.nev; e++) {
        snprintf(out->events[e].name, SNAP_NAME, "%s",
                 t.records[0].fields[6 + e].p);
        out->events[e].state = SNAP_EV_UNAVAILABLE;
        /* A --sim report: no percentiles to show (docs/sim.md). */
        if (strcmp(out->events[e].name, "sim_ir") == 0)
            out->simulated = 1;
    }
    if (extra != NULL) {
        extra->runs = 1;
        extra->wall_cv = malloc((size_t)t.nrecords * sizeof(double));
        extra->tpc_median = malloc((size_t)t.nrecords * sizeof(double));
        if (extra->wall_cv == NULL || extra->tpc_median == NULL) {
            csvload_extra_fini(extra);
            rc = -ENOMEM;
            goto out;
        }
    }
    for (int i = 1; i < t.nrecords; i++) {
        struct snap_row *row = &out->rows[out->nrows];

        if ((rc = parse_row(&ld, &t.records[i], row)) != 0)
            goto out;
        if (extra != NULL) {
            double v = NAN, runs = 1, med = NAN;
            int empty;

            if (ld.l.wall_cv >= 0 &&
                num(&ld, &t.records[i], ld.l.wall_cv, &v, &empty) != 0)
                goto bad;
            if (ld.l.tpc_median >= 0 &&
                num(&ld, &t.records[i], ld.l.tpc_median, &med, &empty) != 0)
                goto bad;
            if (ld.l.runs >= 0 &&
                num(&ld, &t.records[i], ld.l.runs, &runs, &empty) != 0)
                goto bad;
            if (!isnan(runs) && !(runs >= 1 && runs <= 1e6)) {
                snprintf(err, errlen, "%s:%d: runs '%g' out of range", path,
                         t.records[i].line, runs);
                goto bad;
            }
            extra->wall_cv[out->nrows] = v;
            extra->tpc_median[out->nrows] = med;
            extra->runs = isnan(runs) ? 1 : (int)runs;
        }
        out->nrows++;
    }
    load_meta(path, out);
    csv_table_fini(&t);
    return 0;
bad:
    rc = -EINVAL;
out:
    csv_table_fini(&t);
    snapshot_fini(out);
    if (extra != NULL)
        csvload_extra_fini(extra);
    return rc;
}

void
csvload_extra_fini(struct csvload_extra *x)
{
    free(x->wall_cv);
    free(x->tpc_median);
    x->wall_cv = NULL;
    x->tpc_median = NULL;
}
