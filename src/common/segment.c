/* SPDX-License-Identifier: MIT */
/* segment.c: sizes and lays out a segment (segment.h explains the layout). */
#include "segment.h"

#include <errno.h>
#include <string.h>

#define ALIGN_UP(x, a) (((x) + (a)-1) / (a) * (a))

void
hwtop__seg_default_limits(struct hwtop_seg_limits *lim)
{
    lim->max_regions = HWTOP_SEG_DEFAULT_REGIONS;
    lim->max_threads = HWTOP_SEG_DEFAULT_THREADS;
    lim->max_slots = HWTOP_SEG_DEFAULT_SLOTS;
    lim->arena_bytes = HWTOP_SEG_DEFAULT_ARENA;
}

static void
layout(const struct hwtop_seg_limits *lim, uint64_t off[5], uint64_t *total)
{
    uint64_t o = ALIGN_UP(sizeof(struct hwtop_seg_header), 4096);

    off[0] = o; /* regions */
    o += ALIGN_UP((uint64_t)lim->max_regions * sizeof(struct hwtop_seg_region),
                  64);
    off[1] = o; /* arena */
    o += ALIGN_UP((uint64_t)lim->arena_bytes, 4096);
    off[2] = o; /* threads */
    o += ALIGN_UP((uint64_t)lim->max_threads * sizeof(struct hwtop_seg_thread),
                  4096);
    off[3] = o; /* slots */
    o += ALIGN_UP((uint64_t)lim->max_slots * sizeof(struct hwtop_seg_slot),
                  4096);
    off[4] = o; /* histograms */
    o += (uint64_t)lim->max_slots * sizeof(struct hwtop_seg_hist);
    *total = ALIGN_UP(o, 4096);
}

uint64_t
hwtop__seg_size(const struct hwtop_seg_limits *lim)
{
    uint64_t off[5], total;

    layout(lim, off, &total);
    return total;
}

void
hwtop__seg_format(void *mem, const struct hwtop_seg_limits *lim,
                  int creator_pid, uint64_t t0_ns)
{
    struct hwtop_seg_header *h = mem;
    uint64_t off[5], total;

    layout(lim, off, &total);
    memset(h, 0, sizeof *h);
    h->version = HWTOP_SEG_VERSION;
    h->header_bytes = sizeof *h;
    h->total_bytes = total;
    h->max_regions = lim->max_regions;
    h->max_threads = lim->max_threads;
    h->max_slots = lim->max_slots;
    h->arena_bytes = lim->arena_bytes;
    h->region_bytes = sizeof(struct hwtop_seg_region);
    h->thread_bytes = sizeof(struct hwtop_seg_thread);
    h->slot_bytes = sizeof(struct hwtop_seg_slot);
    h->hist_buckets = HWTOP_HIST_BUCKETS;
    h->regions_off = off[0];
    h->arena_off = off[1];
    h->threads_off = off[2];
    h->slots_off = off[3];
    h->hists_off = off[4];
    h->hist_bytes = sizeof(struct hwtop_seg_hist);
    h->creator_pid = creator_pid;
    h->t0_ns = t0_ns;
    /* The magic last: a reader that sees it sees a laid-out header. */
    __atomic_store_n(&h->magic, HWTOP_SEG_MAGIC, __ATOMIC_RELEASE);
}

void
hwtop__hist_range(uint32_t b, uint64_t *lo, uint64_t *width)
{
    uint32_t shift, m;

    if (b < 2 * HWTOP_HIST_SUB) {
        *lo = b;
        *width = 1;
        return;
    }
    shift = (b - 2 * HWTOP_HIST_SUB) / HWTOP_HIST_SUB + 1;
    m = (b - 2 * HWTOP_HIST_SUB) % HWTOP_HIST_SUB + HWTOP_HIST_SUB;
    *lo = (uint64_t)m << shift;
    *width = (uint64_t)1 << shift;
}

int
hwtop__seg_check(const struct hwtop_seg_header *h, uint64_t len,
                 const char **why)
{
    struct hwtop_seg_limits lim;
    uint64_t off[5], total;

    *why = NULL;
    if (len < sizeof *h)
        *why = "shorter than a segment header";
    else if (h->magic != HWTOP_SEG_MAGIC)
        *why = "not a hwtop segment (bad magic)";
    else if (h->version != HWTOP_SEG_VERSION)
        *why = "segment layout version differs from this hwtop's";
    else if (h->header_bytes != sizeof *h ||
             h->region_bytes != sizeof(struct hwtop_seg_region) ||
             h->thread_bytes != sizeof(struct hwtop_seg_thread) ||
             h->slot_bytes != sizeof(struct hwtop_seg_slot) ||
             h->hist_buckets != HWTOP_HIST_BUCKETS ||
             h->hist_bytes != sizeof(struct hwtop_seg_hist))
        *why = "segment record sizes differ from this hwtop's";
    else if (h->max_regions == 0 || h->max_regions > (1u << 22) ||
             h->max_threads == 0 || h->max_threads > (1u << 20) ||
             h->max_slots == 0 || h->max_slots > (1u << 22) ||
             h->arena_bytes > (1u << 30))
        *why = "segment limits out of range";
    if (*why != NULL)
        return -EINVAL;
    lim.max_regions = h->max_regions;
    lim.max_threads = h->max_threads;
    lim.max_slots = h->max_slots;
    lim.arena_bytes = h->arena_bytes;
    layout(&lim, off, &total);
    if (h->regions_off != off[0] || h->arena_off != off[1] ||
        h->threads_off != off[2] || h->slots_off != off[3] ||
        h->hists_off != off[4] ||
        h->total_bytes != total || total > len)
        *why = "segment offsets do not match its limits or its size";
    return *why == NULL ? 0 : -EINVAL;
}
