/* SPDX-License-Identifier: MIT */
/* snapshot.c: owning and querying a snapshot. */
#include "snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
snapshot_fini(struct snapshot *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < s->nregions; i++)
        free(s->regions[i].name);
    for (int i = 0; i < s->nrows; i++)
        free(s->rows[i].hist);
    free(s->regions);
    free(s->threads);
    free(s->rows);
    free(s->misuse);
    free(s->rep);
    memset(s, 0, sizeof *s);
}

int
snapshot_event(const struct snapshot *s, const char *name)
{
    for (int i = 0; i < s->nevents; i++)
        if (strcmp(s->events[i].name, name) == 0 &&
            s->events[i].state != SNAP_EV_UNAVAILABLE)
            return i;
    return -1;
}

const char *
snapshot_thread_label(const struct snapshot *s, int thread, char *buf,
                      size_t len)
{
    if (thread < 0 || thread >= s->nthreads)
        return "all";
    if (s->threads[thread].name[0] != '\0')
        return s->threads[thread].name;
    snprintf(buf, len, "%d", s->threads[thread].tid);
    return buf;
}

static int
same_region(const struct snapshot *a, const struct snapshot *b, int r)
{
    return r >= 0 && r < a->nregions && r < b->nregions &&
           a->regions[r].len == b->regions[r].len &&
           memcmp(a->regions[r].name, b->regions[r].name, a->regions[r].len) ==
               0;
}

static int
same_thread(const struct snapshot *a, const struct snapshot *b, int t)
{
    if (t < 0)
        return 1;
    return t < a->nthreads && t < b->nthreads &&
           a->threads[t].pid == b->threads[t].pid &&
           a->threads[t].tid == b->threads[t].tid;
}

/* Rows are sorted by region, then thread (the all row, -1, last). */
static int
row_order(const struct snap_row *x, const struct snap_row *y)
{
    if (x->region != y->region)
        return x->region < y->region ? -1 : 1;
    return ((unsigned)x->thread > (unsigned)y->thread) -
           ((unsigned)x->thread < (unsigned)y->thread);
}

void
snapshot_carry_percentiles(struct snapshot *dst, const struct snapshot *src)
{
    int j = 0;

    for (int i = 0; i < dst->nrows && j < src->nrows; i++) {
        struct snap_row *d = &dst->rows[i];
        int c;

        while (j < src->nrows && (c = row_order(&src->rows[j], d)) < 0)
            j++;
        if (j == src->nrows || row_order(&src->rows[j], d) != 0 ||
            !same_region(dst, src, d->region) ||
            !same_thread(dst, src, d->thread))
            continue;
        d->p50_ns = src->rows[j].p50_ns;
        d->p90_ns = src->rows[j].p90_ns;
        d->p99_ns = src->rows[j].p99_ns;
        d->p999_ns = src->rows[j].p999_ns;
        d->slow_calls = src->rows[j].slow_calls;
        d->slow_ns = src->rows[j].slow_ns;
        memcpy(d->slow_ev, src->rows[j].slow_ev, sizeof d->slow_ev);
    }
}
