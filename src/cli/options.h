/* SPDX-License-Identifier: MIT */
/* options.h: hwtop's command line. */
#ifndef HWTOP_OPTIONS_H
#define HWTOP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mpi.h"

struct options {
    const char *events; /* -e, else HWTOP_EVENTS, else "default" */
    const char *output; /* -o FILE */
    const char *format; /* --format csv|json; NULL: from -o's name */
    bool json;          /* the report is JSON (--format, or -o FILE.json) */
    double delay_s;     /* -d, default 1.0 */
    bool batch;         /* -b, -I, or stdout not a terminal */
    int interval_ms;    /* -I, batch tables every MS (0: only at the end) */
    bool exit_at_end;   /* --exit */
    int repeats;        /* -r N: runs, folded into one report (1..64) */
    int nwhatif;        /* --what-if REGION=S, batch */
    const char *whatif_region[8];
    double whatif_speedup[8]; /* > 0, INFINITY for "inf" */
    /* --sim: run under valgrind's callgrind (docs/sim.md). */
    bool sim;
    bool sim_exact;        /* --sim-exact: mark every call, no sampling */
    const char *sim_keep;  /* --keep-sim DIR: keep callgrind's files there */
    const char *sim_cache; /* --sim-cache: hwloc, default, or I1=..,D1=.. */
    uint32_t max_regions, max_threads, max_slots;
    char **argv; /* the program and its arguments */
    int tui_rank;        /* --tui-rank N: under MPI, the rank with the TUI */
    struct mpi_job mpi;  /* this rank, from the launcher (mpi.h) */
    char output_buf[4096]; /* -o expanded (%r, %h, %p): output points here */
};

/* Parses argv (after any subcommand).  Returns 0, 1 when --help or
 * --version was printed (exit 0), or 2 after printing a usage error. */
int options_parse(int argc, char **argv, struct options *o);
void options_usage(FILE *f);

#endif /* HWTOP_OPTIONS_H */
