/* SPDX-License-Identifier: MIT */
/* repeat.c: means and spreads of regions over repeated runs. */
#include "repeat.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
repeat_add(struct repeat *r, struct snapshot *s)
{
    if (r->nruns == REPEAT_MAX_RUNS)
        return -ENOSPC;
    r->runs[r->nruns++] = *s;
    memset(s, 0, sizeof *s);
    return 0;
}

void
repeat_fini(struct repeat *r)
{
    for (int i = 0; i < r->nruns; i++)
        snapshot_fini(&r->runs[i]);
    r->nruns = 0;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

void
repeat_stat(const double *v, int n, struct repeat_stat *st)
{
    double s[REPEAT_MAX_RUNS], sum = 0, var = 0;

    memcpy(s, v, (size_t)n * sizeof *v);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    for (int i = 0; i < n; i++)
        sum += s[i];
    st->mean = sum / n;
    st->min = s[0];
    st->max = s[n - 1];
    st->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    for (int i = 0; i < n; i++)
        var += (s[i] - st->mean) * (s[i] - st->mean);
    st->cv = n > 1 && st->mean != 0 ? sqrt(var / (n - 1)) / fabs(st->mean)
                                    : (n > 1 ? 0 : NAN);
}

/* The all row of region name in s, or NULL. */
static const struct snap_row *
find(const struct snapshot *s, const struct snap_region *name)
{
    for (int i = 0; i < s->nrows; i++) {
        const struct snap_row *r = &s->rows[i];

        if (r->thread == -1 && s->regions[r->region].len == name->len &&
            memcmp(s->regions[r->region].name, name->name, name->len) == 0)
            return r;
    }
    return NULL;
}

/* Regions of every run, each once, in first-seen order. */
static int
collect_regions(const struct repeat *r, struct snapshot *out)
{
    int cap = 0;

    for (int k = 0; k < r->nruns; k++)
        cap += r->runs[k].nregions;
    out->regions = calloc((size_t)cap + 1, sizeof *out->regions);
    if (out->regions == NULL)
        return -ENOMEM;
    for (int k = 0; k < r->nruns; k++)
        for (int i = 0; i < r->runs[k].nregions; i++) {
            const struct snap_region *g = &r->runs[k].regions[i];
            int seen = 0;

            for (int j = 0; j < out->nregions && !seen; j++)
                seen = out->regions[j].len == g->len &&
                       memcmp(out->regions[j].name, g->name, g->len) == 0;
            if (seen)
                continue;
            out->regions[out->nregions].name = malloc(g->len + 1);
            if (out->regions[out->nregions].name == NULL)
                return -ENOMEM;
            memcpy(out->regions[out->nregions].name, g->name, g->len + 1);
            out->regions[out->nregions].len = g->len;
            out->regions[out->nregions++].cut = g->cut;
        }
    return 0;
}

static int
region_index(const struct snapshot *out, const struct snapshot *run, int r)
{
    const struct snap_region *g;

    if (r < 0)
        return -1;
    g = &run->regions[r];
    for (int j = 0; j < out->nregions; j++)
        if (out->regions[j].len == g->len &&
            memcmp(out->regions[j].name, g->name, g->len) == 0)
            return j;
    return -1;
}

#define STAT(field, st)                                                        \
    do {                                                                       \
        for (int k_ = 0; k_ < n; k_++)                                         \
            v[k_] = (double)rows[k_]->field;                                   \
        repeat_stat(v, n, st);                                                 \
    } while (0)

/* Folds one region's rows (one per run where it appeared). */
static void
fold_row(const struct snapshot *first, const struct snap_row **rows, int n,
         struct snap_row *o, struct snap_repeat *rep)
{
    double v[REPEAT_MAX_RUNS];
    struct repeat_stat st;

    rep->runs = n;
    STAT(calls, &rep->calls);
    STAT(wall_ns, &rep->wall);
    for (int k = 0; k < n; k++)
        v[k] = rows[k]->calls ? (double)rows[k]->wall_ns / (double)rows[k]->calls
                              : 0;
    repeat_stat(v, n, &rep->time_per_call);
    rep->noisy = !isnan(rep->time_per_call.cv) &&
                 rep->time_per_call.cv > REPEAT_NOISY_CV;
    o->calls = (uint64_t)llround(rep->calls.mean);
    o->wall_ns = (uint64_t)llround(rep->wall.mean);
    STAT(child_wall_ns, &st);
    o->child_wall_ns = (uint64_t)llround(st.mean);
    STAT(child_calls, &st);
    o->child_calls = (uint64_t)llround(st.mean);
    STAT(desc_calls, &st);
    o->desc_calls = (uint64_t)llround(st.mean);
    for (int e = 0; e < first->nevents; e++) {
        STAT(ev[e], &rep->ev[e]);
        o->ev[e] = llround(rep->ev[e].mean);
        STAT(child_ev[e], &st);
        o->child_ev[e] = llround(st.mean);
    }
    STAT(p50_ns, &st);
    o->p50_ns = (uint64_t)st.median;
    STAT(p90_ns, &st);
    o->p90_ns = (uint64_t)st.median;
    STAT(p99_ns, &st);
    o->p99_ns = (uint64_t)st.median;
    STAT(p999_ns, &st);
    o->p999_ns = (uint64_t)st.median;
    STAT(max_ns, &st);
    o->max_ns = (uint64_t)st.max;
    /* The slowest calls: sums averaged over the runs. */
    STAT(slow_calls, &st);
    o->slow_calls = (uint64_t)llround(st.mean);
    STAT(slow_ns, &st);
    o->slow_ns = (uint64_t)llround(st.mean);
    for (int e = 0; e < first->nevents; e++) {
        STAT(slow_ev[e], &st);
        o->slow_ev[e] = llround(st.mean);
    }
    for (int k = 0; k < n; k++)
        o->flags |= rows[k]->flags;
}

/* Whole-program totals: means over the runs. */
static void
fold_program(const struct repeat *r, struct snapshot *out)
{
    double wall = 0, cpu = 0, ev[SNAP_MAX_EVENTS] = {0};
    int n = 0;

    for (int k = 0; k < r->nruns; k++) {
        const struct snapshot *s = &r->runs[k];

        wall += (double)s->program_wall_ns;
        cpu += (double)s->program_cpu_ns;
        if (!s->has_program)
            continue;
        n++;
        for (int e = 0; e < s->nevents && e < SNAP_MAX_EVENTS; e++)
            ev[e] += (double)s->program.ev[e];
    }
    out->program_wall_ns = (uint64_t)(wall / r->nruns);
    out->program_cpu_ns = (uint64_t)(cpu / r->nruns);
    out->has_program = n > 0;
    out->program.region = out->program.thread = out->program.parent = -1;
    out->program.wall_ns = out->program_wall_ns;
    for (int e = 0; e < out->nevents && n > 0; e++)
        out->program.ev[e] = llround(ev[e] / n);
}

int
repeat_fold(const struct repeat *r, struct snapshot *out)
{
    const struct snapshot *last = &r->runs[r->nruns - 1];
    const struct snap_row *rows[REPEAT_MAX_RUNS];

    memset(out, 0, sizeof *out);
    if (r->nruns == 0 || collect_regions(r, out) != 0)
        goto fail;
    out->nevents = r->runs[0].nevents;
    memcpy(out->events, r->runs[0].events, sizeof out->events);
    out->ndropped = last->ndropped;
    memcpy(out->dropped, last->dropped, sizeof out->dropped);
    out->fallback = last->fallback;
    snprintf(out->program_source, sizeof out->program_source, "%s",
             last->program_source);
    out->pid = last->pid;
    out->pair_cost_ns = last->pair_cost_ns;
    out->clock_tsc = last->clock_tsc;
    out->machine = last->machine;
    out->simulated = last->simulated;
    out->sim = last->sim;
    out->nruns = r->nruns;
    out->rows = calloc((size_t)out->nregions + 1, sizeof *out->rows);
    out->rep = calloc((size_t)out->nregions + 1, sizeof *out->rep);
    out->misuse = calloc(1, sizeof *out->misuse);
    if (out->rows == NULL || out->rep == NULL || out->misuse == NULL)
        goto fail;
    fold_program(r, out);
    for (int g = 0; g < out->nregions; g++) {
        struct snap_row *o = &out->rows[out->nrows];
        int n = 0;

        for (int k = 0; k < r->nruns; k++) {
            const struct snap_row *x = find(&r->runs[k], &out->regions[g]);

            if (x != NULL) {
                if (n == 0)
                    o->parent = region_index(out, &r->runs[k], x->parent);
                rows[n++] = x;
            }
        }
        if (n == 0)
            continue;
        o->region = g;
        o->thread = -1;
        fold_row(&r->runs[0], rows, n, o, &out->rep[out->nrows]);
        out->nrows++;
    }
    return 0;
fail:
    snapshot_fini(out);
    return -ENOMEM;
}
