/* SPDX-License-Identifier: MIT */
/* sim_launch.h: running the program under valgrind's callgrind (--sim). */
#ifndef HWTOP_SIM_LAUNCH_H
#define HWTOP_SIM_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>

#include "collect.h"
#include "options.h"
#include "segment.h"
#include "snapshot.h"

/* The columns besides the simulated ones when -e is not given: none.
 * Under valgrind every counter read is a system call, the costliest part
 * of a region boundary there (-e sw brings them back, 2x slower). */
#define SIM_DEFAULT_EVENTS "none"

/* One --sim run: valgrind's command line, callgrind's directory, what
 * was read from it. */
struct sim_run {
    char dir[4096]; /* callgrind writes its dumps here */
    bool keep;      /* --keep-sim: leave dir and its files */
    char **argv;    /* valgrind ... PROGRAM ARGS, NULL-terminated */
    int argc;
    struct sim_collect *collect;
    struct snap_sim info; /* copied into each snapshot */
    int pid;              /* the program's (valgrind's) pid, 0 unknown */
};

/*
 * Everything --sim needs before the program starts: valgrind on PATH,
 * the program as execvp would find it, the directory, valgrind's command
 * line, HWTOP_SIM in the environment the program inherits.  Returns 0
 * with *out set, or, after one line on stderr saying why, the exit status
 * to give: 127 (no valgrind, or no such program), 126, 1.
 */
int sim_run_new(struct sim_run **out, const struct options *o);
/* Removes the directory (unless kept) and frees r; NULL is a no-op. */
void sim_run_free(struct sim_run *r);

/* Adds the simulated columns after the event columns of h, keeping at
 * most HWTOP_SEG_MAX_EVENTS - SIM_NCOLS of those resolved before (the
 * rest go to dropped[], saying why).  Before events_ready is set. */
void sim_run_events(struct hwtop_seg_header *h);

/* Reads the dumps written since the last poll; final once the program
 * has ended (then every dump must be there). */
void sim_run_poll(struct sim_run *r, bool final);
/* Fills the sim_* columns of s, taken from the segment seg[0..len):
 * thread rows, all rows, the whole program; copies r->info to s->sim. */
void sim_run_fill(struct sim_run *r, struct snapshot *s, const void *seg,
                  size_t len);
/* A status line: "callgrind: 1234 dumps, 5.6 MB read". */
const char *sim_run_status(const struct sim_run *r, char *buf, size_t len);
/* After the program ended with status: when valgrind itself failed
 * (nothing was ever dumped), repeats its last words on stderr. */
void sim_run_explain(const struct sim_run *r, int status);

#endif /* HWTOP_SIM_LAUNCH_H */
