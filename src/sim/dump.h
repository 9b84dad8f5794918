/* SPDX-License-Identifier: MIT */
/* dump.h: one callgrind out file (a dump), parsed for what hwtop needs. */
#ifndef HWTOP_SIM_DUMP_H
#define HWTOP_SIM_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mark.h"
#include "simcols.h"

#define SIM_PART_FINAL (-1L) /* the dump callgrind writes at exit */
#define SIM_GEOMETRY 96

/* The header and the totals of a dump; the cost lines are skipped. */
struct sim_dump {
    int pid;
    long part;       /* dump number within the process, or SIM_PART_FINAL */
    unsigned thread; /* callgrind's thread number (1: the main thread) */
    bool has_mark;   /* the dump was asked for by libhwtop: */
    struct sim_mark mark;
    int64_t cost[SIM_NCOLS]; /* the thread's cost since its previous dump */
    /* "32768 B, 64 B, 8-way associative", "" when the dump has none. */
    char i1[SIM_GEOMETRY], d1[SIM_GEOMETRY], ll[SIM_GEOMETRY];
};

/*
 * Parses the file's text buf[0..len).  Returns 0; -EAGAIN when the file
 * is not complete (no "totals:" line at its end: callgrind is still
 * writing it, or died doing so); -EINVAL when it is not a callgrind dump.
 * The text is untrusted: nothing in it is assumed.
 */
int sim_dump_parse(const char *buf, size_t len, struct sim_dump *d);

/*
 * Splits a file name made by --callgrind-out-file=DIR/cg.%p with
 * --separate-threads=yes: "cg.PID.PART-THREAD", or "cg.PID-THREAD" for the
 * final dump (part SIM_PART_FINAL).  false for any other name.
 */
bool sim_dump_name(const char *name, int *pid, long *part, unsigned *thread);

#endif /* HWTOP_SIM_DUMP_H */
