/* SPDX-License-Identifier: MIT */
/* merge.h: the reports of an MPI job's ranks as one: per region, each
 * metric's spread over the ranks and the time its imbalance costs. */
#ifndef HWTOP_MERGE_H
#define HWTOP_MERGE_H

#include <stdbool.h>
#include <stdio.h>

#include "rank.h"
#include "snapshot.h"

/* The metrics, in this order: calls, wall_ns, excl_wall_ns, then each
 * event column (inclusive), as the reports name them. */
enum {
    MERGE_CALLS = 0,
    MERGE_WALL = 1,
    MERGE_EXCL = 2,
    MERGE_NFIXED = 3,
};
#define MERGE_MAX_METRICS (MERGE_NFIXED + SNAP_MAX_EVENTS)

struct merge_input {
    const char *path; /* borrowed from the caller */
    int rank;         /* the rank its values count as */
    bool has_rank;    /* its sidecar named its rank (id) */
    struct rank_info id;
};

/* One metric of one region over all ranks.  A rank without the region
 * counts 0: its time there is none, and the others still wait for it. */
struct merge_stat {
    double min, median, max, mean; /* median: mean of the two middle ones
                                      when the count is even */
    int max_rank;                  /* the lowest rank holding the max */
    double imbalance;              /* max / mean; NaN when the mean is 0 */
};

struct merge_region {
    char *name; /* owned, NUL-terminated, may hold any other byte */
    size_t len;
    char *parent; /* owned; NULL at top level (from the lowest rank) */
    size_t parent_len;
    int ranks; /* ranks where it ran (has an all row) */
    double *v; /* owned: v[input * nmetrics + metric], inputs in rank
                  order */
    struct merge_stat st[MERGE_MAX_METRICS];
    /* max - mean of the exclusive and the inclusive time, ns: what an
     * average rank waits for the slowest when the ranks meet after it. */
    double cost_ns, incl_cost_ns;
};

struct merge {
    int ninputs;
    struct merge_input *inputs; /* owned, in rank order */
    bool ranks_from_order;      /* some sidecar had no rank: input order */
    int nmetrics;
    char metric[MERGE_MAX_METRICS][SNAP_NAME];
    bool dropped[MERGE_MAX_METRICS]; /* an input did not count it */
    int nregions, cap, next;      /* next: where region lookups start */
    struct merge_region *regions; /* owned, first seen first */
    int nnotes;                   /* said to warn once the merge is done
                                     (kept here for a caller without warn) */
    char notes[4][240];
};

/*
 * Merges the reports at paths[0..n-1] (n >= 1), each loaded with the
 * report loader, its rank read from its sidecar.  Returns 0, or -EINVAL
 * with one line in err naming the file (and line) at fault: not a hwtop
 * report, other events than the first, a file or a rank given twice,
 * ranks of different jobs; -ENOMEM.  Notes that do not stop the merge
 * (missing ranks, ranks taken from the input order, events not counted
 * by every rank) go to warn, one line each, when it is not NULL.
 */
int merge_compute(const char *const *paths, int n, FILE *warn,
                  struct merge *out, char *err, size_t errlen);
void merge_fini(struct merge *m);

/* Is key a sort key of merge_print: cost, incl, imbalance, time, calls,
 * or a metric of m? */
bool merge_sort_valid(const struct merge *m, const char *key);
/* The summary: one line per region, the costliest imbalance first (or by
 * sort; NULL is "cost"), at most top (0: all), then which region and rank
 * cost most.  Names are made terminal-safe. */
void merge_print(FILE *f, const struct merge *m, const char *sort, int top);
/* One row per region: region, parent, ranks, cost_ns, incl_cost_ns, then
 * per metric M: M_min, M_median, M_max, M_max_rank, M_mean,
 * M_imbalance.  0 or -errno. */
int merge_write_csv(FILE *f, const struct merge *m);
/* The sidecar of a merged report: which file was which rank.  0 or
 * -errno. */
int merge_write_meta(FILE *f, const struct merge *m);

#endif /* HWTOP_MERGE_H */
