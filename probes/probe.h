/* SPDX-License-Identifier: MIT */
/* probe.h: what the probes share: options, clocks, this machine's caches. */
#ifndef HWTOP_PROBE_H
#define HWTOP_PROBE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Each probe is a small program with a known effect on the hardware, a
 * region per measured case (so hwtop shows the effect per region), and
 * a table of its own timings on stdout.  probe_<name>() runs one; the
 * programs (main.c) and the demo (demo.c) call them.
 */

struct probe_opts {
    bool quick;         /* fewer and shorter repetitions (demo, tests) */
    int reps;           /* repetitions of each case; 0: the default */
    uint64_t max_bytes; /* cache_sweep's largest working set */
    bool silent;        /* measure, print nothing (the demo's later rounds) */
};

/* cache_sweep's default memory bound: the sweep stops at 4x the last
 * level cache or here, whichever is smaller (--max-mb changes it). */
#define PROBE_DEFAULT_MAX_BYTES (256ull << 20)

/* Set (by the demo's SIGTERM/SIGINT handler) to end early: probes check
 * it between cases and return. */
extern volatile sig_atomic_t probe_stop;

int probe_cache_sweep(const struct probe_opts *o);
int probe_branch(const struct probe_opts *o);
int probe_ipc(const struct probe_opts *o);
int probe_page_faults(const struct probe_opts *o);
int probe_false_sharing(const struct probe_opts *o);

/* CLOCK_MONOTONIC in ns. */
uint64_t probe_now_ns(void);
/* o->reps, else quick or normal. */
int probe_reps(const struct probe_opts *o, int quick, int normal);
/* A fast PRNG (xorshift64*), state never 0. */
uint64_t probe_random(uint64_t *state);

/* The data (or unified) caches of this machine as hwloc reports them,
 * smallest level first: sizes in bytes and names ("L1d", "L2").  Returns
 * how many (0 when hwloc reports none). */
int probe_caches(uint64_t *sizes, char (*names)[8], int max);
/* The cache line size hwloc reports for the first level, else 64. */
int probe_line_bytes(void);
/* Two CPUs this process may run on, on different cores when there are
 * (hwloc's cores); false when only one CPU is allowed. */
bool probe_two_cpus(int *a, int *b);

/* "48 KiB", "1 MiB", "1.50 MiB" */
const char *probe_size(char *buf, size_t len, uint64_t bytes);

#endif /* HWTOP_PROBE_H */
