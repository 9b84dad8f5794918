/* SPDX-License-Identifier: MIT */
/* attrib.h: simulated costs to regions, per thread, from marked dumps. */
#ifndef HWTOP_SIM_ATTRIB_H
#define HWTOP_SIM_ATTRIB_H

#include <stdbool.h>
#include <stdint.h>

#include "dump.h"

/*
 * Replays each thread's region stack from the marks in its dumps, in the
 * order callgrind wrote them.  A dump's cost is the thread's since its
 * previous dump, spent under the stack as it stood before the dump's mark:
 * it is added to the exclusive cost of the top (tracked) region and to
 * the inclusive cost of every region on the stack, each once.  Dumps of
 * different threads are independent (callgrind with --separate-threads
 * writes, and zeroes, only the calling thread's costs).
 *
 * Calls that ran unmarked (sampling, see docs/sim.md) are counted from the
 * marks' tallies and estimated at read time, stratified: a region's exact
 * calls (those before its first unmarked one) count as measured, its
 * sampled calls are scaled by (sampled + unmarked) / sampled; and each
 * region that was open around unmarked calls of another gets their
 * estimated inclusive cost (the other's mean over its sampled calls).
 */

/* One (thread, region): what was measured, and the tallies. */
struct sim_cell {
    int32_t tid;
    uint32_t region; /* the segment's region id */
    int64_t incl[SIM_NCOLS];
    int64_t excl[SIM_NCOLS];
    uint64_t calls;      /* measured calls that ended */
    uint64_t unsampled;  /* calls that ran unmarked, on top of a stack */
    uint64_t suppressed; /* calls nested inside those */
    /* Unmarked calls of other regions made while this one was open. */
    int nanc, anc_cap;
    struct sim_tally *anc;
    /* What was measured before the first unmarked call: the exact part. */
    bool base_set;
    uint64_t base_calls;
    int64_t base_incl[SIM_NCOLS];
    int64_t base_excl[SIM_NCOLS];
    /* Working state. */
    uint64_t stamp;
    uint64_t est_gen;
    int est_state;
    double est_anc[SIM_NCOLS];
};

struct sim_attrib;

struct sim_attrib *sim_attrib_new(void);
void sim_attrib_free(struct sim_attrib *a);

/* Attributes one dump.  Dumps of a process must come in the order of
 * their part numbers, its final dumps last.  0, or -ENOMEM. */
int sim_attrib_apply(struct sim_attrib *a, const struct sim_dump *d);

/* Every dump's cost added up: what callgrind counted, marked or not. */
const int64_t *sim_attrib_total(const struct sim_attrib *a);
/* The whole program's estimated cost: the total plus the estimated cost
 * of the calls that ran unmarked (not counted by callgrind). */
void sim_attrib_program(struct sim_attrib *a, int64_t *out);
/* Marks that could not be followed (a depth that skips levels, an END
 * with nothing open): counted, the stack is resynchronised. */
uint64_t sim_attrib_inconsistent(const struct sim_attrib *a);

/* The cells, in no particular order; valid until the next apply. */
int sim_attrib_ncells(const struct sim_attrib *a);
struct sim_cell *sim_attrib_cell(struct sim_attrib *a, int i);

/*
 * Estimated inclusive and exclusive costs of cell c, rounded; true when
 * they are estimates (some calls ran unmarked), false when measured.
 */
bool sim_attrib_estimate(struct sim_attrib *a, struct sim_cell *c,
                         int64_t *incl, int64_t *excl);

#endif /* HWTOP_SIM_ATTRIB_H */
