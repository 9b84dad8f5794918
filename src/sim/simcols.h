/* SPDX-License-Identifier: MIT */
/* simcols.h: the simulated columns and the callgrind events behind them. */
#ifndef HWTOP_SIMCOLS_H
#define HWTOP_SIMCOLS_H

/*
 * The columns hwtop --sim adds, in this order, each the count of one
 * callgrind event (--cache-sim=yes --branch-sim=yes).  Indexes into
 * every sim cost array below are these.
 */
enum sim_col {
    SIM_IR,   /* instructions executed */
    SIM_DR,   /* data reads */
    SIM_DW,   /* data writes */
    SIM_I1MR, /* L1 instruction read misses */
    SIM_D1MR, /* L1 data read misses */
    SIM_D1MW, /* L1 data write misses */
    SIM_ILMR, /* last-level instruction read misses */
    SIM_DLMR, /* last-level data read misses */
    SIM_DLMW, /* last-level data write misses */
    SIM_BC,   /* conditional branches */
    SIM_BCM,  /* conditional branches mispredicted */
    SIM_BI,   /* indirect branches */
    SIM_BIM,  /* indirect branches mispredicted */
    SIM_NCOLS
};

struct sim_col_def {
    const char *column;    /* report column: "sim_ir" */
    const char *callgrind; /* callgrind's event name: "Ir" */
    const char *doc;
};

extern const struct sim_col_def sim_cols[SIM_NCOLS];

/* The column for a callgrind event name, or -1. */
int sim_col_of_event(const char *name, int len);

#endif /* HWTOP_SIMCOLS_H */
