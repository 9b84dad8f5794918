/* SPDX-License-Identifier: MIT */
/* snapshot.h: a validated copy of what the program measured, for output. */
#ifndef HWTOP_SNAPSHOT_H
#define HWTOP_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

struct topology;

#define SNAP_MAX_EVENTS 16

struct snap_repeat; /* repeat.h */
#define SNAP_NAME 64
#define SNAP_REASON 240
#define SNAP_THREAD_NAME 64

/* Row flags (also the segment's slot flags, same values). */
#define SNAP_OPEN_AT_EXIT 0x1u
#define SNAP_OPEN_AT_CRASH 0x2u
#define SNAP_COUNTERS_PART 0x4u
#define SNAP_READ_ERRORS 0x8u
#define SNAP_OPEN_NOW 0x10u   /* still open when the snapshot was taken */
#define SNAP_NAME_CUT 0x20u   /* name cut at the documented limit */
#define SNAP_MISUSE 0x40u     /* a misuse named this region */
#define SNAP_TOO_SHORT 0x80u  /* mean call under 20 pair costs */
#define SNAP_SUBTRACTED 0x100u /* pair costs subtracted from its times */
#define SNAP_SIM_ESTIMATED 0x200u /* sim_* values estimated: some calls
                                     ran unmarked (docs/sim.md) */

enum snap_event_state {
    SNAP_EV_COUNTING = 0,
    SNAP_EV_MULTIPLEXED = 1,
    SNAP_EV_UNAVAILABLE = 2,
};

struct snap_event {
    char name[SNAP_NAME];
    char spec[SNAP_NAME];
    int source; /* enum hwtop_source values */
    int state;  /* enum snap_event_state */
    char reason[SNAP_REASON];
};

struct snap_thread {
    int pid;
    int tid;
    int state; /* 1 live, 2 exited */
    int cpu;   /* the CPU it last ran on (the cli reads /proc), -1 unknown */
    char name[SNAP_THREAD_NAME]; /* "" when the program gave none */
};

struct snap_region {
    char *name; /* owned; NUL-terminated, may hold any other byte */
    size_t len;
    int cut;
};

/* A histogram bin: count calls took at least lo_ns and less than hi_ns. */
struct snap_hist_bin {
    uint64_t lo_ns, hi_ns, count;
};

#define SNAP_HIST_BINS 32 /* at most, per row */

struct snap_row {
    int region; /* index into regions */
    int thread; /* index into threads, -1 for the all-threads row */
    int parent; /* region index, -1 at top level */
    int pid;    /* the process; for an all row, 0 when threads of several
                   processes are in it */
    uint32_t flags;
    uint64_t calls;
    uint64_t child_calls; /* calls of regions directly inside it */
    uint64_t desc_calls;  /* ... at any depth */
    uint64_t wall_ns;
    uint64_t child_wall_ns;
    uint64_t max_ns;
    uint64_t p50_ns, p90_ns, p99_ns, p999_ns;
    /* Durations in at most SNAP_HIST_BINS bins, lo_ns increasing, only
     * when asked (reader_opts.histograms): owned by the snapshot (freed
     * by snapshot_fini), NULL with nhist 0 when not filled. */
    uint32_t nhist;
    struct snap_hist_bin *hist;
    int64_t ev[SNAP_MAX_EVENTS];
    int64_t child_ev[SNAP_MAX_EVENTS];
    /* The slowest 1% of its calls (at least one), when its thread counted
     * events: their number, time and events, summed.  Whole octaves of
     * duration from the slowest down; the octave that reaches 1% adds
     * its share at its own mean.  slow_calls 0: not known. */
    uint64_t slow_calls;
    uint64_t slow_ns;
    int64_t slow_ev[SNAP_MAX_EVENTS];
};

/* How the sim_* columns were made (hwtop --sim), for the report. */
struct snap_sim {
    uint64_t dumps;        /* callgrind dump files read */
    uint64_t bytes;        /* their bytes, added up */
    uint64_t peak_bytes;   /* most bytes waiting on disk at once */
    uint64_t broken;       /* dump files that could not be read */
    uint64_t inconsistent; /* marks that did not follow their stack */
    uint64_t exact_calls;  /* calls marked before sampling; 0: all */
    char cache[160];       /* what --sim-cache asked for */
    /* The geometry callgrind simulated: "49152 B, 64 B, 12-way ..." */
    char i1[96], d1[96], ll[96];
    char kept[256];        /* --keep-sim directory, "" when removed */
};

struct snap_misuse {
    int kind;
    char what[48]; /* words for the kind */
    char file[160];
    int line;
    char name[96];
    uint64_t count;
};

struct snapshot {
    int pid;
    uint64_t elapsed_ns;
    /* The program's totals, for share of time: 0 when unknown. */
    uint64_t program_wall_ns;
    uint64_t program_cpu_ns;
    uint64_t observer_cpu_ns; /* hwtop's own CPU time, 0 when unknown */
    uint64_t pair_cost_ns;    /* one begin+end pair, measured at start */
    char rdpmc[48];           /* user-space counter reads: "yes", ... */
    int clock_tsc;            /* the library timed with the TSC */
    int nevents;
    struct snap_event events[SNAP_MAX_EVENTS];
    int ndropped;
    int fallback;
    struct snap_event dropped[SNAP_MAX_EVENTS];
    int nthreads;
    struct snap_thread *threads;
    int nregions;
    struct snap_region *regions;
    int nrows; /* per-thread rows, then each region's all-threads row */
    struct snap_row *rows;
    /* The whole program (all threads, from exec on), counted by the
     * launcher with the same events: has_program 0 when not counted. */
    int has_program;
    char program_source[32]; /* "kernel", "rusage", ... */
    struct snap_row program; /* region and thread -1 */
    int nmisuse;
    struct snap_misuse *misuse;
    uint64_t misuse_total;
    uint64_t regions_dropped, threads_dropped, slots_dropped, depth_overflow;
    /* The machine it ran on, for the report's metadata: borrowed (the
     * cli keeps it for the whole run), NULL when unknown. */
    const struct topology *machine;
    /* hwtop --sim: the sim_* columns are there, and how they were made. */
    int simulated;
    struct snap_sim sim;
    /* Folded repeats (-r N): nruns > 1 and rep[row] for each row; owned. */
    int nruns;
    struct snap_repeat *rep;
};

/* Copies p50..p999 and the slow_* sums from the same (region, thread)
 * rows of an older snapshot of the same run into dst, whose percentiles
 * were skipped. */
void snapshot_carry_percentiles(struct snapshot *dst,
                                const struct snapshot *src);
/* Frees what a snapshot owns and zeroes it; NULL is a no-op. */
void snapshot_fini(struct snapshot *s);
/* Index of the event named name that is counted, or -1. */
int snapshot_event(const struct snapshot *s, const char *name);
/* Thread label: its name, else its tid, else "all" for thread -1. */
const char *snapshot_thread_label(const struct snapshot *s, int thread,
                                  char *buf, size_t len);

#endif /* HWTOP_SNAPSHOT_H */
