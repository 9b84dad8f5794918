/* SPDX-License-Identifier: MIT */
/* segfill.h: builds a segment in memory the way libhwtop writes one. */
#ifndef HWTOP_TEST_SEGFILL_H
#define HWTOP_TEST_SEGFILL_H

/*
 * For reader tests that need exact contents: the steps mirror
 * src/lib/names.c (claim), thread.c (claim_block, hwtop__slot_claim) and
 * region.c (account), without PAPI, threads or timing.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "segment.h"

/* A zeroed, formatted segment of *len bytes; free() it. */
static struct hwtop_seg_header *
segfill_new(uint32_t regions, uint32_t threads, uint32_t slots, uint32_t arena,
            size_t *len)
{
    struct hwtop_seg_limits lim = {regions, threads, slots, arena};
    size_t n = (size_t)hwtop__seg_size(&lim);
    void *mem = aligned_alloc(4096, n);

    CHECK(mem != NULL);
    memset(mem, 0, n);
    hwtop__seg_format(mem, &lim, 4242, 0);
    *len = n;
    return mem;
}

/* Interns a region name (len bytes, any byte); returns its id. */
static uint32_t
segfill_region(struct hwtop_seg_header *h, const char *name, size_t len)
{
    uint32_t idx = h->nregions++;
    struct hwtop_seg_region *r = hwtop__seg_region(h, idx);

    CHECK(idx < h->max_regions);
    CHECK(h->arena_used + len + 1 <= h->arena_bytes);
    memcpy(hwtop__seg_arena(h) + h->arena_used, name, len);
    hwtop__seg_arena(h)[h->arena_used + len] = '\0';
    r->name_off = (uint32_t)h->arena_used;
    r->name_len = (uint32_t)len;
    h->arena_used += len + 1;
    r->ready = 1;
    return idx;
}

/* Registers a live thread; name may be NULL. */
static uint32_t
segfill_thread(struct hwtop_seg_header *h, int tid, const char *name)
{
    uint32_t idx = h->nthreads++;
    struct hwtop_seg_thread *b = hwtop__seg_thread(h, idx);

    CHECK(idx < h->max_threads);
    b->pid = 4242;
    b->tid = tid;
    b->cpu = -1;
    if (name != NULL) {
        b->name_len = (uint32_t)strlen(name);
        memcpy(b->name, name, b->name_len + 1);
    }
    b->state = HWTOP_THREAD_LIVE;
    return idx;
}

/* Claims the slot of (thread, region); parent is a region id or -1. */
static struct hwtop_seg_slot *
segfill_slot(struct hwtop_seg_header *h, uint32_t thread, uint32_t region,
             int parent)
{
    uint32_t idx = h->nslots++;
    struct hwtop_seg_slot *s = hwtop__seg_slot(h, idx);

    CHECK(idx < h->max_slots);
    s->thread = thread;
    s->region = region;
    s->parent = parent < 0 ? 0 : (uint32_t)parent + 1;
    s->hist_lo = HWTOP_HIST_BUCKETS;
    s->ready = 1;
    return s;
}

/* One finished call of d ns with event deltas dv[0..n). */
static void
segfill_account(struct hwtop_seg_header *h, struct hwtop_seg_slot *s,
                uint64_t d, const int64_t *dv, int n)
{
    uint32_t b = hwtop__hist_bucket(d);
    struct hwtop_seg_hist *hist =
        hwtop__seg_hist(h, (uint32_t)(s - hwtop__seg_slot(h, 0)));

    s->seq++;
    s->calls++;
    s->wall_ns += d;
    if (d > s->max_ns)
        s->max_ns = d;
    for (int i = 0; i < n; i++)
        s->ev[i] += dv[i];
    if (hist->n[b]++ == 0)
        hist->used[b / 64] |= 1ull << (b % 64);
    if (b < s->hist_lo)
        s->hist_lo = b;
    if (b > s->hist_hi)
        s->hist_hi = b;
    if (n > 0) {
        struct hwtop_seg_tail *o = &hist->tail[b / HWTOP_HIST_SUB];

        o->n++;
        o->ns += d;
        for (int i = 0; i < n; i++)
            o->ev[i] += dv[i];
    }
    s->seq++;
}

#endif /* HWTOP_TEST_SEGFILL_H */
