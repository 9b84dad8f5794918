/* SPDX-License-Identifier: MIT */
/* whole.h: counting the whole program (all threads, inherited, from exec). */
#ifndef HWTOP_WHOLE_H
#define HWTOP_WHOLE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "snapshot.h"

struct whole {
    pid_t pid;
    int nev;
    int fd[SNAP_MAX_EVENTS]; /* per column; -1 when not counted */
    int clock_fd;            /* task clock, for the share denominator */
    const char *source;      /* where the row comes from, for the header */
    bool exited;
    struct rusage ru; /* valid once exited */
};

/* Opens counters on pid, which must not have exec'd yet: they start at
 * its exec (enable_on_exec) and follow its threads and children.  Falls
 * back to /proc and wait4 when the kernel refuses.  Never fails. */
void whole_open(struct whole *w, pid_t pid, const struct snap_event *ev,
                int nev);
/* Fills s->program (wall_ns since exec) and s->program_cpu_ns. */
void whole_fill(struct whole *w, struct snapshot *s, uint64_t wall_ns);
/* The program ended: its rusage feeds the fallback. */
void whole_exited(struct whole *w, const struct rusage *ru);
void whole_close(struct whole *w);

#endif /* HWTOP_WHOLE_H */
