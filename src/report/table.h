/* SPDX-License-Identifier: MIT */
/* table.h: the batch table (no TUI, or stdout not a terminal). */
#ifndef HWTOP_TABLE_H
#define HWTOP_TABLE_H

#include <stdbool.h>
#include <stdio.h>

#include "snapshot.h"

struct table_opts {
    const char *title; /* first line, or NULL */
    bool threads;      /* per-thread rows under each region */
    const char *sort;  /* NULL: the tree; else a flat list, largest first,
                          by time, excl, calls, p99, share or an event */
    int top;           /* with sort: at most this many regions (0: all) */
};

/* Is key a sort key for s (table_opts.sort)? */
bool table_sort_valid(const struct snapshot *s, const char *key);

/* Prints one row per region (all threads), nested by parent, heaviest
 * first, the whole program on top.  Names are made terminal-safe. */
void table_print(FILE *f, const struct snapshot *s,
                 const struct table_opts *o);

#endif /* HWTOP_TABLE_H */
