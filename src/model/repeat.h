/* SPDX-License-Identifier: MIT */
/* repeat.h: several runs of one program folded into one snapshot, with
 * the spread of each region's numbers (-r N, like perf stat -r). */
#ifndef HWTOP_REPEAT_H
#define HWTOP_REPEAT_H

#include <stdbool.h>

#include "snapshot.h"

/* A region whose time per call varies more than this across runs
 * (coefficient of variation) is marked noisy. */
#define REPEAT_NOISY_CV 0.05

struct repeat_stat {
    double mean, min, median, max, cv; /* cv: stddev (n-1) / mean */
};

/* Per all-threads row of a folded snapshot. */
struct snap_repeat {
    int runs; /* runs in which the region appeared */
    bool noisy;
    struct repeat_stat time_per_call, wall, calls;
    struct repeat_stat ev[SNAP_MAX_EVENTS];
};

struct repeat {
    int nruns;
    struct snapshot runs[64];
};

#define REPEAT_MAX_RUNS 64

/* Takes over s (its storage moves; s is zeroed).  -ENOSPC past
 * REPEAT_MAX_RUNS. */
int repeat_add(struct repeat *r, struct snapshot *s);
/*
 * Folds the runs into out: one all-threads row per region (thread rows
 * differ from run to run and are left out), each value the mean over the
 * runs where the region appeared, percentiles the median, max the max;
 * out->rep[row] holds the spread.  0 or -ENOMEM.
 */
int repeat_fold(const struct repeat *r, struct snapshot *out);
void repeat_fini(struct repeat *r);
/* Fills st from n values (n >= 1). */
void repeat_stat(const double *v, int n, struct repeat_stat *st);

#endif /* HWTOP_REPEAT_H */
