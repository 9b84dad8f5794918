/* SPDX-License-Identifier: MIT */
/* table.c: the batch table, a tree of regions with units. */
#include "table.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "units.h"

#define NAME_W 28
#define MAX_NEST 32

struct order {
    const struct snapshot *s;
    int *all;      /* region -> index of its all row, or -1 */
    char *printed; /* region -> already printed (breaks parent cycles) */
    const struct table_opts *o;
};

static const char *const hw_metrics[] = {"share_pct",   "cpu_pct",
                                         "ipc",         "br_miss_pct",
                                         "l1_mpki",     "l3_mpki"};
/* Under --sim, the simulated ones instead of the counters' (empty). */
static const char *const sim_metrics[] = {"share_pct",       "sim_ipc_est",
                                          "sim_br_miss_pct", "sim_l1_mpki",
                                          "sim_ll_mpki",     "sim_l1_miss_pct"};
#define NSHOWN (int)(sizeof hw_metrics / sizeof hw_metrics[0])

static const char *const *
shown_metrics(const struct snapshot *s)
{
    return snapshot_event(s, "sim_ir") >= 0 ? sim_metrics : hw_metrics;
}

static int
metric_index(const char *column)
{
    for (int m = 0; m < METRIC_COUNT; m++)
        if (strcmp(metric_defs[m].column, column) == 0)
            return m;
    return -1;
}

static void
header(FILE *f, const struct snapshot *s)
{
    fprintf(f, "%-*s %9s %10s %10s", NAME_W, "REGION", "CALLS", "TIME",
            "EXCL");
    for (int i = 0; i < NSHOWN; i++)
        fprintf(f, " %8s", metric_defs[metric_index(shown_metrics(s)[i])].label);
    for (int e = 0; e < s->nevents; e++)
        fprintf(f, " %14.14s", s->events[e].name);
    fprintf(f, " %10s\n", "P99");
}

static void
line(FILE *f, const struct snapshot *s, const struct snap_row *r,
     const char *label, int depth)
{
    char name[4 * NAME_W + 8], indented[5 * NAME_W + 8], a[32], b[32], c[32];
    double m[METRIC_COUNT];
    int pad = depth * 2 < NAME_W - 4 ? depth * 2 : NAME_W - 4;

    units_safe_name(name, sizeof name, label, (size_t)(NAME_W - pad));
    memset(indented, ' ', (size_t)pad);
    strcpy(indented + pad, name);
    fprintf(f, "%-*s %9s %10s %10s", NAME_W, indented,
            r->calls ? units_count(a, sizeof a, (double)r->calls) : "-",
            units_time(b, sizeof b, (double)r->wall_ns),
            units_time(c, sizeof c, (double)(r->wall_ns - r->child_wall_ns)));
    metrics_compute(s, r, m);
    for (int i = 0; i < NSHOWN; i++) {
        double v = m[metric_index(shown_metrics(s)[i])];

        if (isnan(v))
            fprintf(f, " %8s", "-");
        else
            fprintf(f, " %8.*f", fabs(v) < 10 ? 2 : 1, v);
    }
    for (int e = 0; e < s->nevents; e++) {
        if (s->events[e].state == SNAP_EV_UNAVAILABLE)
            fprintf(f, " %14s", "-");
        else
            fprintf(f, " %14s", units_count(a, sizeof a, (double)r->ev[e]));
    }
    fprintf(f, " %10s\n",
            r->calls && !s->simulated ? units_time(a, sizeof a,
                                                   (double)r->p99_ns)
                                      : "-");
}

static int
by_time(const void *x, const void *y, void *arg)
{
    const struct snapshot *s = arg;
    const struct snap_row *a = &s->rows[*(const int *)x],
                          *b = &s->rows[*(const int *)y];

    return (a->wall_ns < b->wall_ns) - (a->wall_ns > b->wall_ns);
}

/* Prints the regions whose parent is `parent`, heaviest first. */
static void
children(FILE *f, struct order *ord, int parent, int depth)
{
    const struct snapshot *s = ord->s;
    int *kids = malloc(((size_t)s->nregions + 1) * sizeof *kids), n = 0;
    char tid[32];

    if (kids == NULL)
        return;
    for (int r = 0; r < s->nregions; r++) {
        int row = ord->all[r];

        if (row >= 0 && !ord->printed[r] && s->rows[row].parent == parent)
            kids[n++] = row;
    }
    qsort_r(kids, (size_t)n, sizeof *kids, by_time, (void *)s);
    for (int i = 0; i < n; i++)
        ord->printed[s->rows[kids[i]].region] = 1;
    for (int i = 0; i < n; i++) {
        const struct snap_row *r = &s->rows[kids[i]];

        line(f, s, r, s->regions[r->region].name, depth);
        if (ord->o->threads)
            for (int t = 0; t < s->nrows; t++)
                if (s->rows[t].region == r->region && s->rows[t].thread >= 0)
                    line(f, s, &s->rows[t],
                         snapshot_thread_label(s, s->rows[t].thread, tid,
                                               sizeof tid),
                         depth + 2);
        if (depth < MAX_NEST)
            children(f, ord, r->region, depth + 1);
    }
    free(kids);
}

/* The value a flat listing sorts by; NaN when key is unknown. */
static double
sort_value(const struct snapshot *s, const struct snap_row *r,
           const char *key)
{
    double m[METRIC_COUNT];

    if (strcmp(key, "time") == 0)
        return (double)r->wall_ns;
    if (strcmp(key, "excl") == 0)
        return (double)(r->wall_ns - r->child_wall_ns);
    if (strcmp(key, "calls") == 0)
        return (double)r->calls;
    if (strcmp(key, "p99") == 0)
        return (double)r->p99_ns;
    if (strcmp(key, "share") == 0) {
        metrics_compute(s, r, m);
        return isnan(m[METRIC_SHARE_PCT]) ? -1 : m[METRIC_SHARE_PCT];
    }
    for (int e = 0; e < s->nevents; e++)
        if (strcmp(key, s->events[e].name) == 0)
            return (double)r->ev[e];
    return NAN;
}

bool
table_sort_valid(const struct snapshot *s, const char *key)
{
    struct snap_row zero = {0};

    return !isnan(sort_value(s, &zero, key));
}

struct sort_ctx {
    const struct snapshot *s;
    const char *key;
};

static int
by_key(const void *x, const void *y, void *arg)
{
    const struct sort_ctx *c = arg;
    double a = sort_value(c->s, &c->s->rows[*(const int *)x], c->key);
    double b = sort_value(c->s, &c->s->rows[*(const int *)y], c->key);

    return (a < b) - (a > b);
}

static void
flat(FILE *f, const struct snapshot *s, const struct table_opts *o)
{
    int *idx = malloc(((size_t)s->nrows + 1) * sizeof *idx), n = 0;
    struct sort_ctx c = {s, o->sort};

    if (idx == NULL)
        return;
    for (int i = 0; i < s->nrows; i++)
        if (s->rows[i].thread == -1)
            idx[n++] = i;
    qsort_r(idx, (size_t)n, sizeof *idx, by_key, &c);
    if (o->top > 0 && n > o->top)
        n = o->top;
    for (int i = 0; i < n; i++)
        line(f, s, &s->rows[idx[i]], s->regions[s->rows[idx[i]].region].name,
             0);
    free(idx);
}

/* What the segment could not hold, when anything: counted, not shown. */
static void
overflow(FILE *f, const struct snapshot *s)
{
    if (s->threads_dropped == 0 && s->regions_dropped == 0 &&
        s->slots_dropped == 0)
        return;
    fprintf(f, "not shown (the segment was full):");
    if (s->threads_dropped)
        fprintf(f, " %" PRIu64 " threads (--max-threads)", s->threads_dropped);
    if (s->regions_dropped)
        fprintf(f, " %" PRIu64 " regions (--max-regions, names over 1 MiB)", s->regions_dropped);
    if (s->slots_dropped)
        fprintf(f, " %" PRIu64 " thread-region pairs (--max-slots)",
                s->slots_dropped);
    fputc('\n', f);
}

void
table_print(FILE *f, const struct snapshot *s, const struct table_opts *o)
{
    struct order ord = {s, calloc((size_t)s->nregions + 1, sizeof(int)),
                        calloc((size_t)s->nregions + 1, 1), o};

    if (ord.all == NULL || ord.printed == NULL)
        goto out;
    for (int r = 0; r < s->nregions; r++)
        ord.all[r] = -1;
    for (int i = 0; i < s->nrows; i++)
        if (s->rows[i].thread == -1)
            ord.all[s->rows[i].region] = i;
    if (o->title != NULL)
        fprintf(f, "%s\n", o->title);
    header(f, s);
    if (s->has_program)
        line(f, s, &s->program, "[whole program]", 0);
    if (o->sort != NULL) {
        flat(f, s, o);
        goto footer;
    }
    children(f, &ord, -1, 0);
    /* Regions whose parent chain never reaches the top: print them too. */
    for (int r = 0; r < s->nregions; r++)
        if (ord.all[r] >= 0 && !ord.printed[r]) {
            ord.printed[r] = 1;
            line(f, s, &s->rows[ord.all[r]], s->regions[r].name, 0);
            children(f, &ord, r, 1);
        }
footer:
    overflow(f, s);
out:
    fflush(f);
    free(ord.all);
    free(ord.printed);
}
