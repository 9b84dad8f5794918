/* SPDX-License-Identifier: MIT */
/* counters.h: one thread's counters, read in column order. */
#ifndef HWTOP_LIB_COUNTERS_H
#define HWTOP_LIB_COUNTERS_H

#include <stdint.h>

#include "segment.h"

/* What each source contributes: column indexes into the event list. */
struct hwtop_counters {
    int nevents;
    int papi_set; /* PAPI EventSet, or PAPI_NULL */
    int npapi;
    int papi_col[HWTOP_SEG_MAX_EVENTS];
    int kernel_fd; /* group leader, or -1 */
    int nkernel;
    int kernel_fds[HWTOP_SEG_MAX_EVENTS];
    int kernel_col[HWTOP_SEG_MAX_EVENTS];
    int rusage_clock_col; /* column of task_clock_ns from the CPU clock */
    int rusage_fault_col;
    int rusage_csw_col;
    int errors; /* sources that failed to start in this thread */
    int last_papi_error;
};

/* Opens the calling thread's counters for the header's events.  A source
 * that fails leaves its columns at 0 and is counted in c->errors.
 * Runs inside the app: never prints. */
void hwtop__counters_open(struct hwtop_counters *c,
                          const struct hwtop_seg_header *h);
/* Reads every column into out[0..nevents).  0, or -EIO (a source failed:
 * its columns keep their last values). */
int hwtop__counters_read(struct hwtop_counters *c, int64_t *out);
void hwtop__counters_close(struct hwtop_counters *c);
/* After fork, in the child: forget the parent thread's counters without
 * touching them (they count the parent). */
void hwtop__counters_forget(struct hwtop_counters *c);

#endif /* HWTOP_LIB_COUNTERS_H */
