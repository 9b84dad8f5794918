/* SPDX-License-Identifier: MIT */
/* sim_fill.c: the attributed simulated costs into a snapshot's rows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attrib.h"
#include "sim_launch.h"
#include "simcols.h"

/* A region name in the segment, validated as the reader does. */
static const char *
seg_name(const struct hwtop_seg_header *h, size_t len, uint32_t id,
         uint32_t *name_len)
{
    const struct hwtop_seg_region *reg;
    uint32_t off, n;

    if (id >= h->max_regions ||
        id >= __atomic_load_n(&h->nregions, __ATOMIC_RELAXED) ||
        h->regions_off + (uint64_t)(id + 1) * sizeof *reg > len)
        return NULL;
    reg = (const struct hwtop_seg_region *)((const char *)h + h->regions_off) +
          id;
    if (!__atomic_load_n(&reg->ready, __ATOMIC_ACQUIRE))
        return NULL;
    off = __atomic_load_n(&reg->name_off, __ATOMIC_RELAXED);
    n = __atomic_load_n(&reg->name_len, __ATOMIC_RELAXED);
    if (n > HWTOP_SEG_NAME_MAX || (uint64_t)off + n >= h->arena_bytes ||
        h->arena_off + h->arena_bytes > len)
        return NULL;
    *name_len = n;
    return (const char *)h + h->arena_off + off;
}

/* Sorted views of the snapshot's regions (by name) and threads (by tid),
 * so that each cell finds its row in log time. */
struct lookup {
    const struct snapshot *s;
    int *regions;
    int *threads;
};

static const struct snapshot *sort_snap; /* qsort has no argument */

static int
region_cmp(const void *x, const void *y)
{
    const struct snap_region *a = &sort_snap->regions[*(const int *)x];
    const struct snap_region *b = &sort_snap->regions[*(const int *)y];

    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return memcmp(a->name, b->name, a->len);
}

static int
thread_cmp(const void *x, const void *y)
{
    int a = sort_snap->threads[*(const int *)x].tid;
    int b = sort_snap->threads[*(const int *)y].tid;

    return (a > b) - (a < b);
}

static int
lookup_init(struct lookup *l, const struct snapshot *s)
{
    l->s = s;
    l->regions = malloc(((size_t)s->nregions + 1) * sizeof *l->regions);
    l->threads = malloc(((size_t)s->nthreads + 1) * sizeof *l->threads);
    if (l->regions == NULL || l->threads == NULL)
        return -1;
    for (int i = 0; i < s->nregions; i++)
        l->regions[i] = i;
    for (int i = 0; i < s->nthreads; i++)
        l->threads[i] = i;
    sort_snap = s;
    qsort(l->regions, (size_t)s->nregions, sizeof *l->regions, region_cmp);
    qsort(l->threads, (size_t)s->nthreads, sizeof *l->threads, thread_cmp);
    return 0;
}

static void
lookup_fini(struct lookup *l)
{
    free(l->regions);
    free(l->threads);
}

static int
snap_region(const struct lookup *l, const char *name, uint32_t len)
{
    int lo = 0, hi = l->s->nregions;

    while (lo < hi) {
        int mid = (lo + hi) / 2;
        const struct snap_region *r = &l->s->regions[l->regions[mid]];
        int c = r->len != len ? (r->len < len ? -1 : 1)
                              : memcmp(r->name, name, len);

        if (c == 0)
            return l->regions[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Kernel tids are unique among live threads; a reused one is rare. */
static int
snap_thread(const struct lookup *l, int32_t tid)
{
    int lo = 0, hi = l->s->nthreads;

    while (lo < hi) {
        int mid = (lo + hi) / 2;
        int t = l->s->threads[l->threads[mid]].tid;

        if (t == tid)
            return l->threads[mid];
        if (t < tid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static struct snap_row *
find_row(struct snapshot *s, const int *first, int region, int thread)
{
    for (int i = first[region];
         i >= 0 && i < s->nrows && s->rows[i].region == region; i++)
        if (s->rows[i].thread == thread)
            return &s->rows[i];
    return NULL;
}

/* Adds each cell's estimate to its thread row. */
static void
fill_cells(struct sim_run *r, struct snapshot *s, const int *col,
           const struct hwtop_seg_header *h, size_t len, const int *first)
{
    struct sim_attrib *a = sim_collect_attrib(r->collect);
    int n = sim_attrib_ncells(a);
    struct lookup l;

    if (lookup_init(&l, s) != 0) {
        lookup_fini(&l);
        return;
    }
    for (int i = 0; i < n; i++) {
        struct sim_cell *c = sim_attrib_cell(a, i);
        int64_t incl[SIM_NCOLS], excl[SIM_NCOLS];
        uint32_t nlen;
        const char *name = seg_name(h, len, c->region, &nlen);
        int reg = name ? snap_region(&l, name, nlen) : -1;
        int th = snap_thread(&l, c->tid);
        struct snap_row *row =
            reg >= 0 && th >= 0 ? find_row(s, first, reg, th) : NULL;

        if (row == NULL)
            continue; /* not in the segment's rows (yet) */
        if (sim_attrib_estimate(a, c, incl, excl))
            row->flags |= SNAP_SIM_ESTIMATED;
        for (int k = 0; k < SIM_NCOLS; k++) {
            row->ev[col[k]] += incl[k];
            row->child_ev[col[k]] += incl[k] - excl[k];
        }
    }
    lookup_fini(&l);
}

void
sim_run_fill(struct sim_run *r, struct snapshot *s, const void *seg, size_t len)
{
    int64_t total[SIM_NCOLS];
    int col[SIM_NCOLS], *first;
    struct snap_row *all = NULL;

    for (int k = 0; k < SIM_NCOLS; k++)
        if ((col[k] = snapshot_event(s, sim_cols[k].column)) < 0)
            return;
    s->simulated = 1;
    s->sim = r->info;
    if ((first = malloc(((size_t)s->nregions + 1) * sizeof *first)) == NULL)
        return;
    for (int i = 0; i < s->nregions; i++)
        first[i] = -1;
    for (int i = s->nrows; i-- > 0;) {
        first[s->rows[i].region] = i;
        for (int k = 0; k < SIM_NCOLS; k++)
            s->rows[i].ev[col[k]] = s->rows[i].child_ev[col[k]] = 0;
    }
    fill_cells(r, s, col, seg, len, first);
    /* Each region's all row follows its thread rows: their sum. */
    for (int i = 0; i < s->nrows; i++) {
        struct snap_row *row = &s->rows[i];

        if (row->thread < 0) {
            all = row;
            continue;
        }
        if (all == NULL || all->region != row->region)
            all = find_row(s, first, row->region, -1);
        if (all == NULL)
            continue;
        all->flags |= row->flags & SNAP_SIM_ESTIMATED;
        for (int k = 0; k < SIM_NCOLS; k++) {
            all->ev[col[k]] += row->ev[col[k]];
            all->child_ev[col[k]] += row->child_ev[col[k]];
        }
    }
    sim_attrib_program(sim_collect_attrib(r->collect), total);
    for (int k = 0; k < SIM_NCOLS && s->has_program; k++) {
        s->program.ev[col[k]] = total[k];
        s->program.child_ev[col[k]] = 0;
    }
    free(first);
}
