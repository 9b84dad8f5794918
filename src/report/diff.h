/* SPDX-License-Identifier: MIT */
/* diff.h: two reports side by side, per region: what changed. */
#ifndef HWTOP_DIFF_H
#define HWTOP_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include "csvload.h"
#include "snapshot.h"

/* Without repeat statistics (-r), a change in time per call within this
 * many percent counts as noise. */
#define DIFF_DEFAULT_THRESHOLD_PCT 10.0
/* With repeats, the noise is never taken below this: two runs of the
 * same binary on a quiet machine differ by about 1% (timers, caches,
 * placement), which their repeats alone can call significant. */
#define DIFF_MIN_NOISE_PCT 2.0

enum diff_verdict {
    DIFF_SAME = 0,
    DIFF_SLOWER,
    DIFF_FASTER,
    DIFF_ADDED,   /* only in B */
    DIFF_REMOVED, /* only in A */
};

struct diff_metric {
    char name[96]; /* "time_per_call_ns", "calls", "p99_ns", event/call */
    double a, b, change_pct; /* NaN when not comparable */
};

struct diff_region {
    char *name; /* borrowed from the snapshots */
    size_t len;
    int verdict;
    double noise_pct; /* the threshold used for this region */
    int nmetrics;
    struct diff_metric metrics[4 + SNAP_MAX_EVENTS];
};

struct diff {
    int nregions;
    struct diff_region *regions;
    bool noise_from_repeats; /* else the default threshold */
};

/* Compares the all rows of a and b (same events: the caller checks).
 * threshold_pct applies where repeat statistics are missing.  0 or
 * -ENOMEM.  The diff borrows names from a and b. */
int diff_compute(const struct snapshot *a, const struct csvload_extra *xa,
                 const struct snapshot *b, const struct csvload_extra *xb,
                 double threshold_pct, struct diff *out);
void diff_fini(struct diff *d);
/* Words for a verdict: "same", "slower", ... */
const char *diff_verdict_name(int verdict);
/* The readable table (colour escapes when color). */
void diff_print(FILE *f, const struct diff *d, const char *a_name,
                const char *b_name, bool color);
/* Long CSV: region,verdict,metric,a,b,change_pct,noise_pct.  0 or -errno. */
int diff_write_csv(FILE *f, const struct diff *d);
/* Events present in one and not the other, as "a: X; b: Y", or NULL
 * (same events) written into buf. */
const char *diff_events_differ(const struct snapshot *a,
                               const struct snapshot *b, char *buf,
                               size_t len);

#endif /* HWTOP_DIFF_H */
