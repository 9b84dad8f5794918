/* SPDX-License-Identifier: MIT */
/* state.h: libhwtop's process and thread state (internal). */
#ifndef HWTOP_LIB_STATE_H
#define HWTOP_LIB_STATE_H

#include <pthread.h>
#include <search.h>
#include <stdint.h>
#include <sys/types.h>

#include "clock.h"
#include "counters.h"
#include "segment.h"

#define HWTOP_LIB_NO_REGION UINT32_MAX

/* An open region on a thread's stack. */
struct hwtop_frame {
    uint32_t region; /* HWTOP_LIB_NO_REGION when untracked (overflow) */
    struct hwtop_seg_slot *slot;
    struct hwtop_seg_hist *hist; /* the slot's histogram */
    uint64_t t0_ns;
    uint64_t desc;    /* regions closed inside this one so far */
    const char *file; /* the BEGIN's call site, for misuse reports */
    int line;
    int64_t c0[HWTOP_SEG_MAX_EVENTS];
};

/* Owned by one thread, reached through a TLS pointer. */
struct hwtop_thread {
    struct hwtop_seg_thread *blk; /* NULL: not tracked (table full) */
    uint32_t index;
    pid_t pid;
    uint32_t depth;    /* frames in use */
    uint32_t overflow; /* BEGINs past the stack bound not yet ended */
    struct hwtop_counters ctr;
    struct hwtop_seg_slot **slots; /* [max_regions], claimed lazily */
    /* Counter values at the last close; columns of a source that failed
     * to open stay 0 here and in every frame's c0. */
    int64_t c1[HWTOP_SEG_MAX_EVENTS];
    struct hwtop_frame frames[HWTOP_SEG_MAX_DEPTH];
};

/* The process's view of its segment. */
struct hwtop_process {
    int state; /* 0 not yet, 1 up, -1 disabled */
    struct hwtop_seg_header *seg;
    uint64_t seg_bytes;
    int launcher;     /* segment came from hwtop (HWTOP_SEGMENT_FD) */
    pid_t pid;        /* process that set the state up */
    int quiet;
    int calibrated; /* atomic: the pair cost was measured */
    char *csv_path;   /* HWTOP_CSV, standalone only */
    pthread_mutex_t lock; /* names, misuse, thread registration */
    struct hsearch_data names;
    pthread_key_t key;
};

extern struct hwtop_process hwtop__proc;
extern __thread struct hwtop_thread *hwtop__tls
    __attribute__((tls_model("initial-exec")));

/* init.c */
int hwtop__init(void);

/* names.c: region id for a name, interning it; HWTOP_LIB_NO_REGION when
 * the table is full.  Takes the process lock. */
uint32_t hwtop__region_intern(const char *name);
uint32_t hwtop__region_find(const char *name);

/* thread.c */
struct hwtop_thread *hwtop__thread_get(void);
struct hwtop_seg_slot *hwtop__slot_claim(struct hwtop_thread *t,
                                         uint32_t region, uint32_t parent);
void hwtop__thread_finish(struct hwtop_thread *t, int at_exit);
void hwtop__thread_forget_after_fork(void);

/* region.c: measures the pair cost into the segment header. */
void hwtop__calibrate(struct hwtop_thread *t);
/* region.c: closes frames k..depth-1 now, OR-ing flags into their slots. */
void hwtop__frames_close(struct hwtop_thread *t, uint32_t k, uint32_t flags);

/* misuse.c: counts one misuse at file:line (never prints). */
void hwtop__misuse(int kind, const char *file, int line, const char *name);

/* exit.c */
void hwtop__at_exit(void);

#endif /* HWTOP_LIB_STATE_H */
