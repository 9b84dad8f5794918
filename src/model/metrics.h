/* SPDX-License-Identifier: MIT */
/* metrics.h: derived metrics, computed once for every output. */
#ifndef HWTOP_METRICS_H
#define HWTOP_METRICS_H

#include "snapshot.h"

enum metric_id {
    METRIC_CPU_PCT,      /* task clock / wall, % */
    METRIC_SHARE_PCT,    /* share of the program's time, % */
    METRIC_IPC,          /* instructions / cycles */
    METRIC_BR_MISS_PCT,  /* mispredicted / conditional branches, % */
    METRIC_L1_MPKI,      /* L1 data misses per 1000 instructions */
    METRIC_L2_MPKI,
    METRIC_L3_MPKI,
    METRIC_L1_MISS_PCT,  /* L1 data misses / loads or accesses, % */
    METRIC_COUNT
};

struct metric_def {
    const char *column; /* CSV column name */
    const char *label;  /* TUI header */
    const char *doc;    /* one line: formula */
};

extern const struct metric_def metric_defs[METRIC_COUNT];

/* Fills out[METRIC_COUNT]; a metric whose inputs were not counted is NaN
 * (shown empty, never 0). */
void metrics_compute(const struct snapshot *s, const struct snap_row *r,
                     double *out);

#endif /* HWTOP_METRICS_H */
