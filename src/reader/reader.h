/* SPDX-License-Identifier: MIT */
/* reader.h: copies a segment into a validated snapshot. */
#ifndef HWTOP_READER_H
#define HWTOP_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

struct reader_opts {
    uint64_t program_wall_ns; /* 0: unknown */
    uint64_t program_cpu_ns;  /* 0: unknown */
    uint32_t open_flag;       /* flag for regions still open on a thread:
                                 SNAP_OPEN_NOW, or SNAP_OPEN_AT_CRASH */
    bool skip_percentiles;    /* leave p50..p999 at 0: histograms are the
                                 costly part of a large segment */
    bool histograms;          /* fill each row's hist (snap_row): at most
                                 SNAP_HIST_BINS bins; not when skipping
                                 percentiles */
    bool subtract_overhead;   /* HWTOP_SUBTRACT_OVERHEAD=1: take the
                                 measured pair cost out of times */
};

/*
 * Reads the segment at mem (len bytes, possibly being written by another
 * process right now) into out, trusting nothing: every count, index,
 * offset and length is checked.  Returns 0, or -EINVAL (not a usable
 * segment: why says so) or -ENOMEM.  out is owned by the caller
 * (snapshot_fini).
 */
int reader_take(const void *mem, size_t len, const struct reader_opts *o,
                struct snapshot *out, const char **why);

#endif /* HWTOP_READER_H */
