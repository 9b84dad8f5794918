/* SPDX-License-Identifier: MIT */
/* thread.c: registering threads and claiming their (thread, region) slots. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sim.h"
#include "state.h"

/* Marks a region whose slot could not be claimed (pool full). */
#define SLOT_DROPPED ((struct hwtop_seg_slot *)1)

__thread struct hwtop_thread *hwtop__tls
    __attribute__((tls_model("initial-exec")));

static void
claim_block(struct hwtop_thread *t)
{
    struct hwtop_seg_header *h = hwtop__proc.seg;
    uint32_t idx = __atomic_fetch_add(&h->nthreads, 1, __ATOMIC_RELAXED);
    struct hwtop_seg_thread *b;

    if (idx >= h->max_threads) {
        __atomic_fetch_add(&h->threads_dropped, 1, __ATOMIC_RELAXED);
        return;
    }
    b = hwtop__seg_thread(h, idx);
    b->pid = (int32_t)t->pid;
    b->tid = (int32_t)syscall(SYS_gettid);
    __atomic_store_n(&b->cpu, -1, __ATOMIC_RELAXED);
    __atomic_store_n(&b->state, HWTOP_THREAD_LIVE, __ATOMIC_RELEASE);
    t->blk = b;
    t->index = idx;
}

struct hwtop_thread *
hwtop__thread_get(void)
{
    struct hwtop_thread *t;

    if (hwtop__tls != NULL)
        return hwtop__tls;
    if (hwtop__init() != 0)
        return NULL;
    t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->slots = calloc(hwtop__proc.seg->max_regions, sizeof *t->slots);
    if (t->slots == NULL) {
        free(t);
        return NULL;
    }
    t->pid = getpid();
    claim_block(t);
    if (t->blk == NULL)
        hwtop__misuse(HWTOP_MISUSE_THREAD_OVERFLOW, "(threads)", 0, "");
    else
        hwtop__counters_open(&t->ctr, hwtop__proc.seg);
    pthread_setspecific(hwtop__proc.key, t);
    hwtop__tls = t;
    /* Not under --sim: it would time valgrind, and its timing would
     * change the simulation from run to run. */
    if (!hwtop__sim_on &&
        !__atomic_exchange_n(&hwtop__proc.calibrated, 1, __ATOMIC_ACQ_REL))
        hwtop__calibrate(t);
    return t;
}

struct hwtop_seg_slot *
hwtop__slot_claim(struct hwtop_thread *t, uint32_t region, uint32_t parent)
{
    struct hwtop_seg_header *h = hwtop__proc.seg;
    struct hwtop_seg_slot *s = t->slots[region];
    uint32_t idx;

    if (s != NULL)
        return s == SLOT_DROPPED ? NULL : s;
    idx = __atomic_fetch_add(&h->nslots, 1, __ATOMIC_RELAXED);
    if (idx >= h->max_slots) {
        __atomic_fetch_add(&h->slots_dropped, 1, __ATOMIC_RELAXED);
        hwtop__misuse(HWTOP_MISUSE_SLOT_OVERFLOW, "(slots)", 0,
                      hwtop__seg_arena(h) +
                          hwtop__seg_region(h, region)->name_off);
        t->slots[region] = SLOT_DROPPED;
        return NULL;
    }
    s = hwtop__seg_slot(h, idx);
    s->thread = t->index;
    s->region = region;
    s->parent = parent == HWTOP_LIB_NO_REGION ? 0 : parent + 1;
    s->hist_lo = HWTOP_HIST_BUCKETS;
    __atomic_store_n(&s->ready, 1, __ATOMIC_RELEASE);
    t->slots[region] = s;
    return s;
}

/* Thread exit (TLS destructor) or process exit (at_exit=1, calling thread
 * only): closes what is still open, flagged, and releases the counters. */
void
hwtop__thread_finish(struct hwtop_thread *t, int at_exit)
{
    if (t == NULL || t->blk == NULL)
        return;
    if (t->depth > 0) {
        for (uint32_t i = 0; i < t->depth; i++) {
            uint32_t r = t->frames[i].region;
            struct hwtop_seg_region *reg =
                r == HWTOP_LIB_NO_REGION ? NULL
                                         : hwtop__seg_region(hwtop__proc.seg,
                                                             r);

            hwtop__misuse(at_exit ? HWTOP_MISUSE_OPEN_AT_EXIT
                                  : HWTOP_MISUSE_OPEN_AT_THREAD_EXIT,
                          t->frames[i].file, t->frames[i].line,
                          reg ? hwtop__seg_arena(hwtop__proc.seg) +
                                    reg->name_off
                              : "");
        }
        hwtop__frames_close(t, 0, HWTOP_SLOT_OPEN_AT_EXIT);
    }
    if (hwtop__sim_on)
        hwtop__sim_flush(t);
    if (!at_exit) {
        hwtop__counters_close(&t->ctr);
        __atomic_store_n(&t->blk->state, HWTOP_THREAD_EXITED,
                         __ATOMIC_RELEASE);
    }
}

void
hwtop__thread_forget_after_fork(void)
{
    struct hwtop_thread *t = hwtop__tls;

    /* The child's only thread: its counters and block were the parent's. */
    if (t != NULL) {
        hwtop__counters_forget(&t->ctr);
        free(t->slots);
        free(t);
    }
    hwtop__tls = NULL;
    pthread_setspecific(hwtop__proc.key, NULL);
}
