/* SPDX-License-Identifier: MIT */
/* metrics.h: derived metrics, computed once for every output. */
#ifndef HWTOP_METRICS_H
#define HWTOP_METRICS_H

#include "snapshot.h"

enum metric_id {
    METRIC_CPU_PCT,      /* task clock / wall, % */
    METRIC_SHARE_PCT,    /* share of the program's time, % */
    METRIC_AMDAHL_MAX,   /* 1 / (1 - share): whole-program speedup ceiling */
    METRIC_IPC,          /* instructions / cycles */
    METRIC_BR_MISS_PCT,  /* mispredicted / conditional branches, % */
    METRIC_L1_MPKI,      /* L1 data misses per 1000 instructions */
    METRIC_L2_MPKI,
    METRIC_L3_MPKI,
    METRIC_L1_MISS_PCT,  /* L1 data misses / loads or accesses, % */
    METRIC_OVERHEAD_PCT, /* share of its time that is hwtop's own pairs */
    /* From the simulation (hwtop --sim, the sim_* columns). */
    METRIC_SIM_BR_MISS_PCT, /* conditional mispredicts / conditionals, % */
    METRIC_SIM_L1_MISS_PCT, /* L1 misses / accesses (instr. + data), % */
    METRIC_SIM_LL_MISS_PCT, /* last-level misses / accesses, % */
    METRIC_SIM_L1_MPKI,     /* L1 misses per 1000 instructions */
    METRIC_SIM_LL_MPKI,     /* last-level misses per 1000 instructions */
    METRIC_SIM_CYCLES_EST,  /* KCachegrind's cycle estimate */
    METRIC_SIM_IPC_EST,     /* instructions / estimated cycles */
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

/* The slowest calls of a row beside all its calls, per call: NaN where
 * not known (no slow_* sums, an event not counted) and for a ratio whose
 * all-calls value is not above 0. */
struct slow_view {
    uint64_t calls;      /* in the slow set, 0: not known */
    double time;         /* ns per slow call */
    double time_ratio;   /* ... over ns per call of all calls */
    double ev[SNAP_MAX_EVENTS];
    double ev_ratio[SNAP_MAX_EVENTS];
    double all_time;     /* ns per call, all calls */
    double all_ev[SNAP_MAX_EVENTS];
};

void slow_view(const struct snapshot *s, const struct snap_row *r,
               struct slow_view *v);

/* Overall speedup when a part of share p (0..1) gets s times faster:
 * 1 / ((1 - p) + p / s), Amdahl's law.  NaN for p outside [0, 1] or
 * s <= 0; s = INFINITY gives the ceiling 1 / (1 - p). */
double metrics_amdahl(double p, double s);

#endif /* HWTOP_METRICS_H */
