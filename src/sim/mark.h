/* SPDX-License-Identifier: MIT */
/* mark.h: the region marks libhwtop writes into callgrind dump names. */
#ifndef HWTOP_SIM_MARK_H
#define HWTOP_SIM_MARK_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Under hwtop --sim, libhwtop (src/lib/sim.c) asks callgrind for a dump
 * at region boundaries, and names each dump with a mark:
 *
 *   hwtop1 OP TID DEPTH REGION [uR:N ...] [sR:N ...]
 *
 * OP is B (a region began: it is now at DEPTH-1 on the stack), E (regions
 * ended: DEPTH are left open) or F (nothing changed: only the tallies).
 * TID is the kernel thread id, REGION the segment's region id or '-' for
 * an untracked one.  uR:N says N calls of region R ran unmarked (not
 * sampled, callgrind not collecting) on top of the current stack since the
 * thread's previous mark; sR:N that N calls of R ran nested inside such
 * calls.  The dump holds the thread's cost since its previous dump, all of
 * it spent under the stack as it was before this mark.
 */

#define SIM_MARK_TALLY 32        /* tallies of each kind a mark may hold */
#define SIM_MARK_MAX_DEPTH 64    /* libhwtop's deepest stack */
#define SIM_NO_REGION UINT32_MAX /* '-': an untracked region */

struct sim_tally {
    uint32_t region;
    uint64_t n;
};

struct sim_mark {
    char op; /* 'B', 'E' or 'F' */
    int32_t tid;
    uint32_t depth;
    uint32_t region;
    int nu, ns;
    struct sim_tally u[SIM_MARK_TALLY]; /* unsampled calls, on top */
    struct sim_tally s[SIM_MARK_TALLY]; /* calls nested inside those */
};

/* Parses a mark of len bytes (not NUL-terminated).  false when it is not
 * one (another program's dump request, garbage): m is then undefined. */
bool sim_mark_parse(const char *p, int len, struct sim_mark *m);

#endif /* HWTOP_SIM_MARK_H */
