/* SPDX-License-Identifier: MIT */
/* region.c: the public entry points and the hot path (begin/end). */
#include <errno.h>
#include <string.h>

#include "hwtop.h"
#include "sim.h"
#include "state.h"

#define API __attribute__((visibility("default")))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
/* Slot fields are stored with release order so that a reader which sees
 * one also sees the odd sequence number before it (seqlock without
 * fences: plain moves on x86, and ThreadSanitizer understands it). */
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
/* The hot path is one function per entry point: no call inside it. */
#define HOT static inline __attribute__((always_inline))

/* Site cache encoding: region + 1, or -1 for an untracked region. */
HOT uint32_t
site_region(int *site, const char *name)
{
    int v = __atomic_load_n(site, __ATOMIC_RELAXED);
    uint32_t id;

    if (LIKELY(v != 0))
        return v > 0 ? (uint32_t)(v - 1) : HWTOP_LIB_NO_REGION;
    if (hwtop__init() != 0)
        return HWTOP_LIB_NO_REGION;
    id = hwtop__region_intern(name);
    v = id == HWTOP_LIB_NO_REGION ? -1 : (int)id + 1;
    __atomic_store_n(site, v, __ATOMIC_RELAXED);
    return id;
}

/* A slot's histogram, from the slot's place in the pool: no table of
 * histogram pointers to miss in the cache with many regions. */
HOT struct hwtop_seg_hist *
hist_of(const struct hwtop_seg_slot *s)
{
    struct hwtop_seg_header *h = hwtop__proc.seg;

    return hwtop__seg_hist(h, (uint32_t)(s - hwtop__seg_slot(h, 0)));
}

HOT int
push(struct hwtop_thread *t, uint32_t region, const char *file, int line)
{
    struct hwtop_frame *f;
    struct hwtop_seg_thread *b = t->blk;
    uint32_t d = t->depth;

    if (UNLIKELY(b == NULL))
        return -ENOSPC;
    if (UNLIKELY(d == HWTOP_SEG_MAX_DEPTH)) {
        t->overflow++;
        __atomic_fetch_add(&hwtop__proc.seg->depth_overflow, 1,
                           __ATOMIC_RELAXED);
        hwtop__misuse(HWTOP_MISUSE_DEPTH_OVERFLOW, file, line, "");
        return -ENOSPC;
    }
    if (UNLIKELY(hwtop__sim_on))
        hwtop__sim_enter();
    f = &t->frames[d];
    f->region = region;
    f->desc = 0;
    f->file = file;
    f->line = line;
    f->slot = NULL;
    if (LIKELY(region != HWTOP_LIB_NO_REGION)) {
        f->slot = t->slots[region];
        if (UNLIKELY(f->slot == NULL || (uintptr_t)f->slot == 1))
            f->slot = hwtop__slot_claim(
                t, region, d > 0 ? t->frames[d - 1].region : HWTOP_LIB_NO_REGION);
        f->hist = NULL;
        if (LIKELY(f->slot != NULL)) {
            f->hist = hist_of(f->slot);
            /* The end writes its first line: fetch it while the region
             * runs (with many regions it is not in L1 any more). */
            __builtin_prefetch(f->slot, 1, 3);
        }
    }
    STORE(b->stack[d], region);
    t->depth = d + 1;
    /* Before the clock: a callgrind dump is no part of the region. */
    if (UNLIKELY(hwtop__sim_on))
        hwtop__sim_begin(t, d);
    if (t->ctr.nevents > 0)
        hwtop__counters_read(&t->ctr, f->c0);
    f->t0_ns = hwtop__now_ns();
    STORE(b->stack_t0[d], f->t0_ns);
    STORE(b->depth, d + 1);
    return 0;
}

HOT void
seq_begin(struct hwtop_seg_slot *s)
{
    __atomic_store_n(&s->seq, LOAD(s->seq) + 1, __ATOMIC_RELAXED);
}

HOT void
seq_end(struct hwtop_seg_slot *s)
{
    __atomic_store_n(&s->seq, LOAD(s->seq) + 1, __ATOMIC_RELEASE);
}

/* The longest call and the duration histogram; the bucket. */
HOT uint32_t
record_duration(struct hwtop_seg_slot *s, struct hwtop_seg_hist *h,
                uint64_t d)
{
    uint32_t b = hwtop__hist_bucket(d);
    uint64_t c;

    if (d > LOAD(s->max_ns))
        STORE(s->max_ns, d);
    c = LOAD(h->n[b]);
    STORE(h->n[b], c + 1);
    if (UNLIKELY(c == 0))
        STORE(h->used[b / 64], LOAD(h->used[b / 64]) | 1ull << (b % 64));
    if (b < LOAD(s->hist_lo))
        STORE(s->hist_lo, b);
    if (b > LOAD(s->hist_hi))
        STORE(s->hist_hi, b);
    return b;
}

/* The counters of the calls in this duration's octave (segment.h). */
static inline void
record_tail(struct hwtop_seg_hist *h, uint32_t b, uint64_t d,
            const int64_t *dv, int n)
{
    struct hwtop_seg_tail *o = &h->tail[b / HWTOP_HIST_SUB];

    STORE(o->n, LOAD(o->n) + 1);
    STORE(o->ns, LOAD(o->ns) + d);
    for (int i = 0; i < n; i++)
        STORE(o->ev[i], LOAD(o->ev[i]) + dv[i]);
}

HOT void
account(struct hwtop_seg_slot *s, struct hwtop_seg_hist *h, uint64_t d,
        const int64_t *dv, int n, uint32_t flags, uint64_t desc)
{
    seq_begin(s);
    STORE(s->calls, LOAD(s->calls) + 1);
    if (desc != 0)
        STORE(s->desc_calls, LOAD(s->desc_calls) + desc);
    STORE(s->wall_ns, LOAD(s->wall_ns) + d);
    for (int i = 0; i < n; i++)
        STORE(s->ev[i], LOAD(s->ev[i]) + dv[i]);
    /* Under --sim, branches and memory that follow valgrind's timing
     * would change the simulated caches and predictors from run to run:
     * sums only (sim.h). */
    if (LIKELY(!hwtop__sim_on)) {
        uint32_t b = record_duration(s, h, d);

        if (n > 0)
            record_tail(h, b, d, dv, n);
    }
    if (UNLIKELY(flags != 0))
        STORE(s->flags, LOAD(s->flags) | flags);
    seq_end(s);
}

HOT void
account_child(struct hwtop_seg_slot *s, uint64_t d, const int64_t *dv, int n)
{
    seq_begin(s);
    STORE(s->child_calls, LOAD(s->child_calls) + 1);
    STORE(s->child_wall_ns, LOAD(s->child_wall_ns) + d);
    for (int i = 0; i < n; i++)
        STORE(s->child_ev[i], LOAD(s->child_ev[i]) + dv[i]);
    seq_end(s);
}

/* Accounts frame j, ended at t1 with the counters at c1, to its slot
 * and to its parent's. */
HOT void
close_one(struct hwtop_thread *t, uint32_t j, uint64_t t1, const int64_t *c1,
          int n, uint32_t flags)
{
    struct hwtop_frame *f = &t->frames[j];
    uint64_t d = t1 - f->t0_ns;
    int64_t dv[HWTOP_SEG_MAX_EVENTS];

    for (int i = 0; i < n; i++)
        dv[i] = c1[i] - f->c0[i];
    if (LIKELY(f->slot != NULL))
        account(f->slot, f->hist, d, dv, n, flags, f->desc);
    if (j > 0) {
        struct hwtop_frame *up = &t->frames[j - 1];

        up->desc += 1 + f->desc;
        /* An untracked child's time stays the parent's own. */
        if (up->slot != NULL && f->slot != NULL)
            account_child(up->slot, d, dv, n);
    }
}

/* The clock, then the counters, at the end of frames k and above. */
HOT uint64_t
close_read(struct hwtop_thread *t, uint32_t k, uint32_t *flags)
{
    uint64_t t1 = hwtop__now_ns();

    if (UNLIKELY(hwtop__sim_on))
        hwtop__sim_end(t, k);
    if (t->ctr.nevents > 0 &&
        UNLIKELY(hwtop__counters_read(&t->ctr, t->c1) != 0))
        *flags |= HWTOP_SLOT_READ_ERRORS;
    return t1;
}

/* END of the top frame j: no loop. */
HOT void
close_top(struct hwtop_thread *t, uint32_t j)
{
    uint32_t flags = 0;
    uint64_t t1 = close_read(t, j, &flags);

    close_one(t, j, t1, t->c1, t->ctr.nevents, flags);
    t->depth = j;
    STORE(t->blk->depth, j);
}

void
hwtop__frames_close(struct hwtop_thread *t, uint32_t k, uint32_t flags)
{
    uint64_t t1 = close_read(t, k, &flags);

    for (uint32_t j = t->depth; j-- > k;)
        close_one(t, j, t1, t->c1, t->ctr.nevents, flags);
    t->depth = k;
    STORE(t->blk->depth, k);
}

HOT int
pop(struct hwtop_thread *t, uint32_t region, const char *file, int line,
    const char *name)
{
    uint32_t d = t->depth;

    if (UNLIKELY(t->blk == NULL))
        return -ENOSPC;
    if (UNLIKELY(t->overflow > 0)) {
        t->overflow--;
        return 0;
    }
    if (LIKELY(d > 0 && t->frames[d - 1].region == region)) {
        close_top(t, d - 1);
        return 0;
    }
    /* Misuse: close down to the region if it is open, else ignore. */
    for (uint32_t k = d; k-- > 0;) {
        if (t->frames[k].region == region) {
            hwtop__misuse(HWTOP_MISUSE_END_NOT_ON_TOP, file, line, name);
            hwtop__frames_close(t, k, 0);
            return -EINVAL;
        }
    }
    hwtop__misuse(HWTOP_MISUSE_END_WITHOUT_BEGIN, file, line, name);
    return -EINVAL;
}

HOT struct hwtop_thread *
thread_of_caller(void)
{
    struct hwtop_thread *t = hwtop__tls;

    return LIKELY(t != NULL) ? t : hwtop__thread_get();
}

HOT int
begin_site(int *site_id, const char *name, const char *file, int line)
{
    uint32_t region = site_region(site_id, name);
    struct hwtop_thread *t = thread_of_caller();

    if (UNLIKELY(t == NULL))
        return -ENOTSUP;
    if (UNLIKELY(region == HWTOP_LIB_NO_REGION))
        hwtop__misuse(HWTOP_MISUSE_REGION_OVERFLOW, file, line, name);
    return push(t, region, file, line);
}

HOT int
end_site(int *site_id, const char *name, const char *file, int line)
{
    uint32_t region = site_region(site_id, name);
    struct hwtop_thread *t = thread_of_caller();

    if (UNLIKELY(t == NULL))
        return -ENOTSUP;
    return pop(t, region, file, line, name);
}

/* Under --sim, callgrind does not count hwtop's code (sim.h): the entry
 * points pause it first and resume it last. */
#define SIM_WRAP(call)                                                         \
    do {                                                                       \
        int rc_;                                                               \
                                                                               \
        if (UNLIKELY(hwtop__sim_on))                                           \
            hwtop__sim_enter();                                                \
        rc_ = (call);                                                          \
        if (UNLIKELY(hwtop__sim_on))                                           \
            hwtop__sim_leave();                                                \
        return rc_;                                                            \
    } while (0)

API int
hwtop_region_begin_site(int *site_id, const char *name, const char *file,
                        int line)
{
    SIM_WRAP(begin_site(site_id, name, file, line));
}

API int
hwtop_region_end_site(int *site_id, const char *name, const char *file,
                      int line)
{
    SIM_WRAP(end_site(site_id, name, file, line));
}

static int
begin_name(const char *name)
{
    struct hwtop_thread *t = thread_of_caller();
    uint32_t region;

    if (t == NULL)
        return -ENOTSUP;
    if (name == NULL) {
        hwtop__misuse(HWTOP_MISUSE_NULL_NAME, "hwtop_region_begin", 0, "");
        return -EINVAL;
    }
    region = hwtop__region_intern(name);
    /* One entry for every run-time name past the table, not one each. */
    if (region == HWTOP_LIB_NO_REGION)
        hwtop__misuse(HWTOP_MISUSE_REGION_OVERFLOW, "hwtop_region_begin", 0,
                      "");
    return push(t, region, "hwtop_region_begin", 0);
}

static int
end_name(const char *name)
{
    struct hwtop_thread *t = thread_of_caller();

    if (t == NULL)
        return -ENOTSUP;
    if (name == NULL) {
        hwtop__misuse(HWTOP_MISUSE_NULL_NAME, "hwtop_region_end", 0, "");
        return -EINVAL;
    }
    return pop(t, hwtop__region_find(name), "hwtop_region_end", 0, name);
}

API int
hwtop_region_begin(const char *name)
{
    SIM_WRAP(begin_name(name));
}

API int
hwtop_region_end(const char *name)
{
    SIM_WRAP(end_name(name));
}

static int
thread_name(const char *name)
{
    struct hwtop_thread *t = thread_of_caller();
    struct hwtop_seg_thread *b;
    size_t len;

    if (t == NULL || t->blk == NULL)
        return -ENOTSUP;
    if (name == NULL)
        return -EINVAL;
    b = t->blk;
    len = strnlen(name, sizeof b->name - 1);
    /* Readers may look at any time: they check name_len and NUL. */
    memset(b->name, 0, sizeof b->name);
    memcpy(b->name, name, len);
    __atomic_store_n(&b->name_len, (uint32_t)len, __ATOMIC_RELEASE);
    return 0;
}

API int
hwtop_thread_name(const char *name)
{
    SIM_WRAP(thread_name(name));
}

API unsigned
hwtop_get_api_version(void)
{
    return HWTOP_API_VERSION;
}

/* The cost of one empty begin+end pair with this thread's counters: the
 * median of 8 batches of 32 pairs on an untracked region (nothing is
 * recorded).  Runs once per process, on its first thread. */
void
hwtop__calibrate(struct hwtop_thread *t)
{
    uint64_t per[8];

    if (t->blk == NULL)
        return;
    for (int b = 0; b < 8; b++) {
        uint64_t t0 = hwtop__now_ns();

        for (int i = 0; i < 32; i++) {
            push(t, HWTOP_LIB_NO_REGION, NULL, 0);
            pop(t, HWTOP_LIB_NO_REGION, NULL, 0, NULL);
        }
        per[b] = (hwtop__now_ns() - t0) / 32;
        for (int j = b; j > 0 && per[j] < per[j - 1]; j--) {
            uint64_t x = per[j];

            per[j] = per[j - 1];
            per[j - 1] = x;
        }
    }
    __atomic_store_n(&hwtop__proc.seg->pair_cost_ns, (per[3] + per[4]) / 2,
                     __ATOMIC_RELAXED);
    __atomic_store_n(&hwtop__proc.seg->clock_tsc, (uint32_t)hwtop__clock.tsc,
                     __ATOMIC_RELAXED);
}
