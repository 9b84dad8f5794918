/* SPDX-License-Identifier: MIT */
/* table.h: the rows shown, from a snapshot: filtered, sorted, nested. */
#ifndef HWTOP_TUI_TABLE_H
#define HWTOP_TUI_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "metrics.h"
#include "snapshot.h"

/* One line of the table: a region (all threads) or one of its threads. */
struct table_row {
    const struct snap_row *r; /* into the snapshot: valid for one draw */
    int region;
    int thread;    /* -1: the region's all-threads row */
    int depth;     /* nesting (tree view); a thread row is one deeper */
    uint64_t more; /* bit d: the ancestor at depth d has later siblings */
    bool last;     /* the last of its siblings */
    bool expanded; /* a region row whose threads follow */
    double m[METRIC_COUNT];
};

struct table {
    int n, cap;
    struct table_row *rows;
};

/* How to build the table. */
struct table_query {
    int sort_kind, sort_arg; /* a column (columns.h) */
    bool desc;
    bool tree;            /* nest by snap_row.parent */
    bool per_call;        /* counters per call, else totals */
    const char *filter;   /* case-insensitive substring of names, or "" */
    const bool *expanded; /* by region index: show its threads */
    int nexpanded;
};

/*
 * Fills t from s.  Every index in s is checked again (a row naming a
 * region or thread out of range is skipped; a parent out of range, the
 * region itself, or a cycle makes a top-level row).  *metric_seen gets
 * the bit of each metric that has a value in some row.  Returns 0, or
 * -ENOMEM (t is then empty).
 */
int table_build(struct table *t, const struct snapshot *s,
                const struct table_query *q, unsigned *metric_seen);
void table_fini(struct table *t);
/* Index of the row (region, thread), or -1. */
int table_find(const struct table *t, int region, int thread);

#endif /* HWTOP_TUI_TABLE_H */
