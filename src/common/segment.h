/* SPDX-License-Identifier: MIT */
/* segment.h: the memory layout libhwtop writes and the hwtop reader reads. */
#ifndef HWTOP_SEGMENT_H
#define HWTOP_SEGMENT_H

/*
 * One segment per hwtop run (the launcher's memfd) or per process (the
 * standalone library's anonymous shared mapping).  Layout, in order:
 *
 *   header | region table | name arena | thread blocks | slot pool |
 *   histograms (one per slot, apart so that slots stay dense to scan)
 *
 * Regions, threads and slots are claimed with atomic counters and never
 * freed.  A slot holds one (thread, region) pair's totals and is written
 * only by its owning thread, under a sequence lock (seq odd while writing);
 * every value-bearing field is accessed with relaxed atomics so readers on
 * other threads and processes never tear a value.  A reader must validate
 * everything: the writer is someone else's program.
 */

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

#define HWTOP_SEG_MAGIC 0x3147455350545748ULL /* "HWTPSEG1" */
#define HWTOP_SEG_VERSION 3u
#define HWTOP_SEG_MAX_EVENTS 16
#define HWTOP_SEG_EVENT_NAME 64
#define HWTOP_SEG_REASON 240
#define HWTOP_SEG_THREAD_NAME 64
#define HWTOP_SEG_MAX_DEPTH 64
#define HWTOP_SEG_MAX_MISUSE 64
#define HWTOP_SEG_MISUSE_FILE 160
#define HWTOP_SEG_MISUSE_NAME 96
/* Longer names are cut there and flagged (HWTOP_REGION_CUT). */
#define HWTOP_SEG_NAME_MAX 16384

#define HWTOP_SEG_DEFAULT_REGIONS 4096
#define HWTOP_SEG_DEFAULT_THREADS 512
#define HWTOP_SEG_DEFAULT_SLOTS 32768
#define HWTOP_SEG_DEFAULT_ARENA (1u << 20)

/* Duration histogram: exact below 128 ns, then 64 sub-buckets per power of
 * two; a bucket's midpoint is within 1/128 (0.78%) of any value in it.
 * Values of 2^41 ns (about 36 minutes) and more share the last bucket. */
#define HWTOP_HIST_SUB_BITS 6
#define HWTOP_HIST_SUB (1u << HWTOP_HIST_SUB_BITS)
#define HWTOP_HIST_TOP_BIT 41
#define HWTOP_HIST_BUCKETS                                                     \
    (2 * HWTOP_HIST_SUB + (HWTOP_HIST_TOP_BIT - HWTOP_HIST_SUB_BITS - 1) *     \
                              HWTOP_HIST_SUB)

enum hwtop_source {
    HWTOP_SRC_NONE = 0,
    HWTOP_SRC_PAPI = 1,   /* PAPI EventSet, preset or native */
    HWTOP_SRC_KERNEL = 2, /* perf_event_open software group */
    HWTOP_SRC_RUSAGE = 3, /* thread CPU clock and getrusage */
    HWTOP_SRC_SIM = 4,    /* callgrind */
};

enum hwtop_event_state {
    HWTOP_EV_COUNTING = 0,
    HWTOP_EV_MULTIPLEXED = 1,
    HWTOP_EV_UNAVAILABLE = 2, /* a column, always empty (reason says why) */
};

enum hwtop_thread_state {
    HWTOP_THREAD_FREE = 0,
    HWTOP_THREAD_LIVE = 1,
    HWTOP_THREAD_EXITED = 2,
};

/* Slot flags. */
#define HWTOP_SLOT_OPEN_AT_EXIT 0x1u   /* closed by hwtop at exit */
#define HWTOP_SLOT_OPEN_AT_CRASH 0x2u  /* open when the process died */
#define HWTOP_SLOT_COUNTERS_PART 0x4u  /* some counters missing (closed late) */
#define HWTOP_SLOT_READ_ERRORS 0x8u    /* a counter read failed */

/* Region flags. */
#define HWTOP_REGION_CUT 0x1u /* name longer than HWTOP_SEG_NAME_MAX */

enum hwtop_misuse_kind {
    HWTOP_MISUSE_END_WITHOUT_BEGIN = 1, /* not open on this thread */
    HWTOP_MISUSE_END_NOT_ON_TOP = 2,    /* open, but others above it */
    HWTOP_MISUSE_OPEN_AT_EXIT = 3,
    HWTOP_MISUSE_DEPTH_OVERFLOW = 4,
    HWTOP_MISUSE_REGION_OVERFLOW = 5,
    HWTOP_MISUSE_THREAD_OVERFLOW = 6,
    HWTOP_MISUSE_SLOT_OVERFLOW = 7,
    HWTOP_MISUSE_NULL_NAME = 8,
    HWTOP_MISUSE_OPEN_AT_THREAD_EXIT = 9,
    HWTOP_MISUSE_KIND_MAX = 9,
};

struct hwtop_seg_event {
    char name[HWTOP_SEG_EVENT_NAME]; /* column name, NUL-terminated */
    char spec[HWTOP_SEG_EVENT_NAME]; /* what is opened (PAPI name, ...) */
    uint32_t source;                 /* enum hwtop_source */
    uint32_t state;                  /* enum hwtop_event_state */
    char reason[HWTOP_SEG_REASON];   /* why unavailable / multiplexed */
};

struct hwtop_seg_misuse {
    uint32_t ready; /* atomic: 1 once the entry below is written */
    uint32_t kind;
    int32_t line;
    int32_t tid;
    uint64_t count; /* atomic */
    char file[HWTOP_SEG_MISUSE_FILE];
    char name[HWTOP_SEG_MISUSE_NAME];
};

struct hwtop_seg_region {
    uint32_t ready; /* atomic: 1 once name_off/len are written */
    uint32_t flags;
    uint32_t name_off; /* into the arena; name is NUL-terminated there */
    uint32_t name_len; /* bytes, without the NUL */
};

struct hwtop_seg_thread {
    alignas(64) uint32_t state; /* atomic: enum hwtop_thread_state */
    int32_t pid;
    int32_t tid;
    int32_t cpu;    /* atomic: sched_getcpu() at the last region boundary */
    uint32_t depth; /* atomic: open regions (may exceed the stack) */
    uint32_t name_len;
    char name[HWTOP_SEG_THREAD_NAME];
    uint32_t stack[HWTOP_SEG_MAX_DEPTH];   /* open region ids, atomic */
    uint64_t stack_t0[HWTOP_SEG_MAX_DEPTH]; /* their start, monotonic ns */
};

struct hwtop_seg_slot {
    /* The first cache line holds all that a call without events writes
     * (bench/overhead: flat from 1 to 1,000 regions). */
    alignas(64) uint32_t ready; /* atomic: 1 once thread/region are set */
    uint32_t thread;
    uint32_t region;
    uint32_t parent; /* region id + 1 of the first enclosing region, 0 none */
    uint32_t seq;    /* atomic: odd while the owner writes */
    uint32_t flags;  /* atomic */
    uint32_t hist_lo; /* atomic: lowest and highest bucket used in */
    uint32_t hist_hi; /* this slot's histogram (hwtop__seg_hist) */
    uint64_t calls;
    uint64_t desc_calls;  /* calls of regions inside this one at any depth
                             (their pairs cost time in its wall time) */
    uint64_t wall_ns;
    uint64_t max_ns;
    /* Written when a region directly inside this one ends. */
    uint64_t child_calls; /* calls of regions directly inside this one */
    uint64_t child_wall_ns;
    int64_t ev[HWTOP_SEG_MAX_EVENTS];
    int64_t child_ev[HWTOP_SEG_MAX_EVENTS];
};
_Static_assert(offsetof(struct hwtop_seg_slot, max_ns) + 8 == 64,
               "a call without events writes one line of its slot");

#define HWTOP_HIST_WORDS ((HWTOP_HIST_BUCKETS + 63) / 64)

/* Octaves of the histogram (64 buckets each): the first holds 0-63 ns,
 * the second 64-127 ns, then one per power of two. */
#define HWTOP_TAIL_OCTAVES (HWTOP_HIST_BUCKETS / HWTOP_HIST_SUB)
_Static_assert(HWTOP_HIST_BUCKETS % HWTOP_HIST_SUB == 0,
               "whole octaves of buckets");

/* What the calls whose duration fell in one octave added up to: their
 * count, their time and each event.  The reader picks the slowest
 * octaves to tell what makes the slow calls slow (docs/csv.md, slow_*).
 * Written only when the thread counts events. */
struct hwtop_seg_tail {
    uint64_t n;
    uint64_t ns;
    int64_t ev[HWTOP_SEG_MAX_EVENTS];
};

/* A slot's duration histogram: counts, atomic, relaxed.  used[] has a bit
 * per non-empty bucket, set by the writer when a bucket gets its first
 * count, so readers visit only the buckets that hold something.  Octave
 * k of tail[] is in use when some bucket of k is. */
struct hwtop_seg_hist {
    uint64_t used[HWTOP_HIST_WORDS];
    uint64_t n[HWTOP_HIST_BUCKETS];
    struct hwtop_seg_tail tail[HWTOP_TAIL_OCTAVES];
};

struct hwtop_seg_header {
    uint64_t magic;
    uint32_t version;
    uint32_t header_bytes;
    uint64_t total_bytes;
    uint32_t max_regions;
    uint32_t max_threads;
    uint32_t max_slots;
    uint32_t arena_bytes;
    uint32_t region_bytes;
    uint32_t thread_bytes;
    uint32_t slot_bytes;
    uint32_t hist_buckets;
    uint64_t regions_off;
    uint64_t arena_off;
    uint64_t threads_off;
    uint64_t slots_off;
    uint64_t hists_off;
    uint32_t hist_bytes;
    int32_t creator_pid;
    uint32_t nevents; /* events[] valid once events_ready is 1 */
    uint32_t events_ready; /* atomic */
    uint32_t pad0;
    uint64_t t0_ns; /* CLOCK_MONOTONIC at creation */
    /* Claimed counts (atomic; may exceed the max: the excess is dropped). */
    uint32_t nregions;
    uint32_t nthreads;
    uint32_t nslots;
    uint32_t nmisuse;
    uint64_t arena_used;
    /* Overflow (atomic). */
    uint64_t regions_dropped;
    uint64_t threads_dropped;
    uint64_t slots_dropped;
    uint64_t misuse_dropped;
    uint64_t depth_overflow;
    uint64_t misuse_total;
    /* The library's own cost of one begin+end pair, measured at start by
     * the first thread of the last process to start (atomic), and the
     * clock it uses: 1 TSC, 0 CLOCK_MONOTONIC. */
    uint64_t pair_cost_ns;
    uint32_t clock_tsc;
    uint32_t pad1;
    struct hwtop_seg_event events[HWTOP_SEG_MAX_EVENTS];
    /* Events asked for that cannot be counted, and why (not columns). */
    uint32_t ndropped;
    uint32_t fallback; /* 1: nothing asked could be counted: sw added */
    struct hwtop_seg_event dropped[HWTOP_SEG_MAX_EVENTS];
    struct hwtop_seg_misuse misuse[HWTOP_SEG_MAX_MISUSE];
};

struct hwtop_seg_limits {
    uint32_t max_regions;
    uint32_t max_threads;
    uint32_t max_slots;
    uint32_t arena_bytes;
};

/* Bytes a segment with these limits needs. */
uint64_t hwtop__seg_size(const struct hwtop_seg_limits *lim);
/* Lays out a zeroed segment of hwtop__seg_size() bytes at mem. */
void hwtop__seg_format(void *mem, const struct hwtop_seg_limits *lim,
                       int creator_pid, uint64_t t0_ns);
void hwtop__seg_default_limits(struct hwtop_seg_limits *lim);

/* Accessors for a segment known to be well formed (the writer's side). */
static inline struct hwtop_seg_region *
hwtop__seg_region(struct hwtop_seg_header *h, uint32_t i)
{
    return (struct hwtop_seg_region *)((char *)h + h->regions_off) + i;
}

static inline char *
hwtop__seg_arena(struct hwtop_seg_header *h)
{
    return (char *)h + h->arena_off;
}

static inline struct hwtop_seg_thread *
hwtop__seg_thread(struct hwtop_seg_header *h, uint32_t i)
{
    return (struct hwtop_seg_thread *)((char *)h + h->threads_off) + i;
}

static inline struct hwtop_seg_slot *
hwtop__seg_slot(struct hwtop_seg_header *h, uint32_t i)
{
    return (struct hwtop_seg_slot *)((char *)h + h->slots_off) + i;
}

/* The histogram of slot i. */
static inline struct hwtop_seg_hist *
hwtop__seg_hist(struct hwtop_seg_header *h, uint32_t i)
{
    return (struct hwtop_seg_hist *)((char *)h + h->hists_off) + i;
}

/* Histogram bucket of a duration, and the value a bucket stands for. */
static inline uint32_t
hwtop__hist_bucket(uint64_t ns)
{
    unsigned msb, shift;

    if (ns < 2 * HWTOP_HIST_SUB)
        return (uint32_t)ns;
    msb = 63u - (unsigned)__builtin_clzll(ns);
    if (msb >= HWTOP_HIST_TOP_BIT)
        return HWTOP_HIST_BUCKETS - 1;
    shift = msb - HWTOP_HIST_SUB_BITS;
    return 2 * HWTOP_HIST_SUB + (shift - 1) * HWTOP_HIST_SUB +
           (uint32_t)((ns >> shift) - HWTOP_HIST_SUB);
}

/* Checks a copy of a header found in a mapping of len bytes: magic,
 * version, sizes and offsets as this build lays them out.  0 or -EINVAL
 * with the reason in why. */
int hwtop__seg_check(const struct hwtop_seg_header *h, uint64_t len,
                     const char **why);

/* Lowest value in bucket b, and its width. */
void hwtop__hist_range(uint32_t b, uint64_t *lo, uint64_t *width);

#endif /* HWTOP_SEGMENT_H */
