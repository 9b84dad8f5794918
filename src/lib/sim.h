/* SPDX-License-Identifier: MIT */
/* sim.h: region marks for callgrind, when hwtop --sim runs the program. */
#ifndef HWTOP_LIB_SIM_H
#define HWTOP_LIB_SIM_H

#include <stdint.h>

struct hwtop_thread;

/* 1 under valgrind with HWTOP_SIM=1 from the launcher; read by the hot
 * path (one predicted branch when 0), set once at init. */
extern int hwtop__sim_on;

/* At the start of init: under hwtop --sim, callgrind stops simulating
 * until hwtop__sim_init (nothing of the set-up, whose timing loops vary
 * from run to run, reaches the simulated caches and predictors). */
void hwtop__sim_init_begin(void);
/* At the end of init, before the state is published (ok: 1 when hwtop
 * is up): turns marks on when the program runs under valgrind for hwtop
 * --sim, attached to the launcher, and callgrind's simulation back on. */
void hwtop__sim_init(int ok);
/* hwtop's own code is not the program's: callgrind stops collecting at
 * the entry of each API call (sim_enter) and starts again at its exit
 * (sim_leave), unless an unmarked call runs: then at its end.  Caches
 * and predictors still see our code.  Both may be called more than once
 * (push, close, thread exit), and neither branches: a branch taken one
 * way in unmarked calls and the other in marked ones would mispredict in
 * the marked ones, which sampling makes rare. */
void hwtop__sim_enter(void);
void hwtop__sim_leave(void);
/* Frame d was just pushed on t: mark it (a callgrind dump named after
 * it), or let the call run unmarked (sampling, docs/sim.md). */
void hwtop__sim_begin(struct hwtop_thread *t, uint32_t d);
/* Frames k..depth-1 of t are about to close (starts with sim_enter). */
void hwtop__sim_end(struct hwtop_thread *t, uint32_t k);
/* Writes out the tallies of unmarked calls not yet told (thread exit),
 * and collects again. */
void hwtop__sim_flush(struct hwtop_thread *t);

#endif /* HWTOP_LIB_SIM_H */
