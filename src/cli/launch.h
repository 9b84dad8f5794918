/* SPDX-License-Identifier: MIT */
/* launch.h: the shared segment and the program's process. */
#ifndef HWTOP_LAUNCH_H
#define HWTOP_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "segment.h"

struct segment {
    int fd;          /* memfd, sealed against resizing */
    const void *mem; /* read-only mapping */
    size_t len;
};

/* Creates the memfd segment with these limits and the resolved events
 * (spec as -e; with sim, the simulated columns come first).  -EINVAL for
 * a bad event list or HWTOP_BACKEND (a usage error, words in err), else 0
 * or -errno. */
int segment_create(struct segment *seg, const struct hwtop_seg_limits *lim,
                   const char *events, bool sim, char *err, size_t errlen);
void segment_close(struct segment *seg);

struct child {
    pid_t pid;
    int out_fd;  /* the program's stdout+stderr when captured, else -1 */
    int gate_fd; /* write end: writing it lets the child exec */
    int err_fd;  /* read end: errno of a failed exec, EOF on success */
    uint64_t start_ns;
};

/*
 * Forks the program with the segment's descriptor in HWTOP_SEGMENT_FD.
 * The child waits at a gate until child_release(), so counters can be
 * attached before exec.  With capture, its stdin is /dev/null, its
 * stdout and stderr a pipe (out_fd), and it gets its own process group.
 * Returns 0 or -errno.
 */
int child_spawn(struct child *c, char **argv, const struct segment *seg,
                bool capture);
/* Lets the child exec.  Returns 0, or the exit status hwtop must give
 * (127 not found, 126 not executable) after printing why. */
int child_release(struct child *c, const char *prog);

#endif /* HWTOP_LAUNCH_H */
