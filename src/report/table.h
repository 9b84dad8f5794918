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
};

/* Prints one row per region (all threads), nested by parent, heaviest
 * first, the whole program on top.  Names are made terminal-safe. */
void table_print(FILE *f, const struct snapshot *s,
                 const struct table_opts *o);

#endif /* HWTOP_TABLE_H */
