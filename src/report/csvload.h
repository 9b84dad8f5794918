/* SPDX-License-Identifier: MIT */
/* csvload.h: a saved hwtop CSV report back into a snapshot. */
#ifndef HWTOP_CSVLOAD_H
#define HWTOP_CSVLOAD_H

#include <stddef.h>

#include "snapshot.h"

/* Repeat statistics of a report made with -r (0 when absent). */
struct csvload_extra {
    int runs;             /* the "runs" column, 1 without -r */
    double *wall_cv;      /* per row: coefficient of variation of the
                             time per call across runs, NaN if absent */
    double *tpc_median;   /* per row: median time per call over the runs
                             (time_per_call_ns_median), NaN if absent */
};

/* Frees what csvload put in x; x may be zeroed or already freed. */
void csvload_extra_fini(struct csvload_extra *x);

/*
 * Loads path (and path.meta.json when present, for the program's totals)
 * into out.  Returns 0, or -EINVAL with "PATH:LINE: what" in err (not a
 * hwtop report, a broken CSV, a bad number, a row of the wrong width), or
 * -errno.  extra may be NULL; its arrays are owned by the caller (free).
 */
int csvload(const char *path, struct snapshot *out,
            struct csvload_extra *extra, char *err, size_t errlen);

#endif /* HWTOP_CSVLOAD_H */
