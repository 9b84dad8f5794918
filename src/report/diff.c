/* SPDX-License-Identifier: MIT */
/* diff.c: per-region changes between two reports, with a noise verdict. */
#include "diff.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "units.h"

static const char *const verdicts[] = {"same", "slower", "faster", "added",
                                       "removed"};

const char *
diff_verdict_name(int verdict)
{
    return verdict >= 0 && verdict <= DIFF_REMOVED ? verdicts[verdict] : "?";
}

/* The all row of region name in s, or NULL. */
static const struct snap_row *
all_row(const struct snapshot *s, const char *name, size_t len)
{
    for (int i = 0; i < s->nrows; i++) {
        const struct snap_row *r = &s->rows[i];

        if (r->thread == -1 && s->regions[r->region].len == len &&
            memcmp(s->regions[r->region].name, name, len) == 0)
            return r;
    }
    return NULL;
}

static double
cv_of(const struct snapshot *s, const struct csvload_extra *x,
      const struct snap_row *r)
{
    if (x == NULL || x->wall_cv == NULL || x->runs < 2)
        return NAN;
    return x->wall_cv[r - s->rows];
}

static void
metric(struct diff_region *d, const char *name, double a, double b)
{
    struct diff_metric *m = &d->metrics[d->nmetrics++];

    snprintf(m->name, sizeof m->name, "%s", name);
    m->a = a;
    m->b = b;
    m->change_pct = isnan(a) || isnan(b) || a == 0 ? NAN : 100 * (b - a) / a;
}

static double
per_call(double v, uint64_t calls)
{
    return calls ? v / (double)calls : NAN;
}

/* The median over the runs of the row's time per call, or NaN. */
static double
median_of(const struct snapshot *s, const struct csvload_extra *x,
          const struct snap_row *r)
{
    if (x == NULL || x->tpc_median == NULL || x->runs < 2)
        return NAN;
    return x->tpc_median[r - s->rows];
}

/* The time per call compared is the median over the runs when both
 * reports have repeats (one run the machine disturbed does not move
 * it), else the mean. */
static void
compare(struct diff_region *d, const struct snapshot *a,
        const struct csvload_extra *xa, const struct snap_row *ra,
        const struct snapshot *b, const struct csvload_extra *xb,
        const struct snap_row *rb)
{
    double ta = median_of(a, xa, ra), tb = median_of(b, xb, rb);
    char name[80];

    if (isnan(ta) || isnan(tb)) {
        ta = per_call((double)ra->wall_ns, ra->calls);
        tb = per_call((double)rb->wall_ns, rb->calls);
    }
    metric(d, "time_per_call_ns", ta, tb);
    metric(d, "calls", (double)ra->calls, (double)rb->calls);
    metric(d, "p99_ns", (double)ra->p99_ns, (double)rb->p99_ns);
    for (int e = 0; e < a->nevents; e++) {
        if (a->events[e].state == SNAP_EV_UNAVAILABLE)
            continue;
        snprintf(name, sizeof name, "%s_per_call", a->events[e].name);
        metric(d, name, per_call((double)ra->ev[e], ra->calls),
               per_call((double)rb->ev[e], rb->calls));
    }
}

/* Noise of the time-per-call change, in percent: two standard deviations
 * of the ratio when both runs have repeat statistics (at least
 * DIFF_MIN_NOISE_PCT), else the threshold. */
static double
noise(double cva, double cvb, double threshold, bool *from_repeats)
{
    double n;

    if (isnan(cva) || isnan(cvb))
        return threshold;
    *from_repeats = true;
    n = 100 * 2 * sqrt(cva * cva + cvb * cvb);
    return n > DIFF_MIN_NOISE_PCT ? n : DIFF_MIN_NOISE_PCT;
}

static void
judge(struct diff_region *d)
{
    double c = d->metrics[0].change_pct;

    d->verdict = DIFF_SAME;
    if (!isnan(c) && c > d->noise_pct)
        d->verdict = DIFF_SLOWER;
    else if (!isnan(c) && c < -d->noise_pct)
        d->verdict = DIFF_FASTER;
}

int
diff_compute(const struct snapshot *a, const struct csvload_extra *xa,
             const struct snapshot *b, const struct csvload_extra *xb,
             double threshold_pct, struct diff *out)
{
    memset(out, 0, sizeof *out);
    out->regions = calloc((size_t)a->nregions + (size_t)b->nregions + 1,
                          sizeof *out->regions);
    if (out->regions == NULL)
        return -ENOMEM;
    for (int i = 0; i < a->nregions + b->nregions; i++) {
        const struct snapshot *s = i < a->nregions ? a : b;
        const struct snap_region *reg =
            &s->regions[i < a->nregions ? i : i - a->nregions];
        const struct snap_row *ra = all_row(a, reg->name, reg->len);
        const struct snap_row *rb = all_row(b, reg->name, reg->len);
        struct diff_region *d = &out->regions[out->nregions];

        /* Each name once: from a, then the ones only b has. */
        if ((s == b && ra != NULL) || (ra == NULL && rb == NULL))
            continue;
        d->name = reg->name;
        d->len = reg->len;
        out->nregions++;
        if (ra == NULL || rb == NULL) {
            d->verdict = ra == NULL ? DIFF_ADDED : DIFF_REMOVED;
            continue;
        }
        compare(d, a, xa, ra, b, xb, rb);
        d->noise_pct = noise(cv_of(a, xa, ra), cv_of(b, xb, rb),
                             threshold_pct, &out->noise_from_repeats);
        judge(d);
    }
    return 0;
}

void
diff_fini(struct diff *d)
{
    if (d == NULL)
        return;
    free(d->regions);
    memset(d, 0, sizeof *d);
}

static void
append(char *buf, size_t len, size_t *used, const char *a, const char *b)
{
    int n;

    if (*used >= len)
        return;
    n = snprintf(buf + *used, len - *used, "%s%s", a, b);
    *used = n < 0 ? len : *used + (size_t)n;
}

const char *
diff_events_differ(const struct snapshot *a, const struct snapshot *b,
                   char *buf, size_t len)
{
    size_t used = 0;
    int differ = a->nevents != b->nevents;

    for (int i = 0; !differ && i < a->nevents; i++)
        differ = strcmp(a->events[i].name, b->events[i].name) != 0;
    if (!differ)
        return NULL;
    for (int k = 0; k < 2; k++) {
        const struct snapshot *s = k ? b : a;

        append(buf, len, &used, k ? "; b: " : "a: ", "");
        for (int i = 0; i < s->nevents; i++)
            append(buf, len, &used, i ? "," : "", s->events[i].name);
        if (s->nevents == 0)
            append(buf, len, &used, "(none)", "");
    }
    return buf;
}

static const char *
fmt_value(char *buf, size_t len, const struct diff_metric *m, double v)
{
    if (isnan(v))
        return "-";
    if (strstr(m->name, "_ns") != NULL)
        return units_time(buf, len, v);
    return units_count(buf, len, v);
}

void
diff_print(FILE *f, const struct diff *d, const char *a_name,
           const char *b_name, bool color)
{
    static const char *const paint[] = {"", "\033[31m", "\033[32m",
                                        "\033[33m", "\033[33m"};
    char name[128], va[32], vb[32], change[32];

    fprintf(f, "hwtop diff: a = %s, b = %s; noise from %s\n", a_name, b_name,
            d->noise_from_repeats ? "the runs' repeats (-r)"
                                  : "the default threshold");
    fprintf(f, "%-28s %-8s %12s %12s %9s %7s\n", "REGION", "VERDICT",
            "A TIME/CALL", "B TIME/CALL", "CHANGE", "NOISE");
    for (int i = 0; i < d->nregions; i++) {
        const struct diff_region *r = &d->regions[i];
        const struct diff_metric *t = r->nmetrics ? &r->metrics[0] : NULL;

        units_safe_name(name, sizeof name, r->name, 28);
        snprintf(change, sizeof change, "%+.1f%%",
                 t && !isnan(t->change_pct) ? t->change_pct : 0.0);
        fprintf(f, "%-28s %s%-8s%s %12s %12s %9s", name,
                color ? paint[r->verdict] : "", diff_verdict_name(r->verdict),
                color && r->verdict ? "\033[0m" : "",
                t ? fmt_value(va, sizeof va, t, t->a) : "-",
                t ? fmt_value(vb, sizeof vb, t, t->b) : "-",
                t && !isnan(t->change_pct) ? change : "-");
        if (t)
            fprintf(f, " %6.1f%%", r->noise_pct);
        fputc('\n', f);
        for (int m = 1; m < r->nmetrics; m++) {
            const struct diff_metric *x = &r->metrics[m];

            if (isnan(x->change_pct) || fabs(x->change_pct) < 0.05)
                continue;
            fprintf(f, "  %-35s %12s %12s %+8.1f%%\n", x->name,
                    fmt_value(va, sizeof va, x, x->a),
                    fmt_value(vb, sizeof vb, x, x->b), x->change_pct);
        }
    }
    fflush(f);
}


int
diff_write_csv(FILE *f, const struct diff *d)
{
    fputs("region,verdict,metric,a,b,change_pct,noise_pct\r\n", f);
    for (int i = 0; i < d->nregions; i++) {
        const struct diff_region *r = &d->regions[i];

        for (int m = 0; m < (r->nmetrics ? r->nmetrics : 1); m++) {
            csv_field(f, r->name, r->len);
            fprintf(f, ",%s,", diff_verdict_name(r->verdict));
            if (r->nmetrics == 0) {
                fputs(",,,,\r\n", f);
                continue;
            }
            fputs(r->metrics[m].name, f);
            csv_cell(f, r->metrics[m].a, 9);
            csv_cell(f, r->metrics[m].b, 9);
            csv_cell(f, r->metrics[m].change_pct, 9);
            csv_cell(f, r->noise_pct, 9);
            fputs("\r\n", f);
        }
    }
    return fflush(f) != 0 || ferror(f) ? -EIO : 0;
}
