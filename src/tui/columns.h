/* SPDX-License-Identifier: MIT */
/* columns.h: the table's columns, their values, labels and formats. */
#ifndef HWTOP_TUI_COLUMNS_H
#define HWTOP_TUI_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "metrics.h"
#include "snapshot.h"

enum col_kind {
    COL_FLAGS,  /* open, crash, misuse... as letters */
    COL_NAME,   /* region (or thread) name */
    COL_CALLS,  /* finished calls */
    COL_INCL,   /* inclusive wall time */
    COL_EXCL,   /* exclusive wall time: without child regions */
    COL_METRIC, /* arg: enum metric_id */
    COL_EVENT,  /* arg: event index; per call or total */
    COL_P99,    /* 99th percentile of one call's time */
};

struct column {
    int kind;
    int arg;
    char label[24];
    int width; /* cells, without the separating space */
};

#define COLUMNS_MAX (8 + SNAP_MAX_EVENTS + METRIC_COUNT)

struct column_set {
    int n;
    struct column c[COLUMNS_MAX];
};

/* A row flag and the letter that shows it (most serious first). */
struct flag_letter {
    unsigned flag;
    char letter;
    const char *doc;
};
extern const struct flag_letter flag_letters[];
extern const int nflag_letters;

/*
 * The columns for snapshot s: fixed ones, each counted event, and each
 * metric whose bit is set in metric_seen (metrics shown once they have
 * had a value, so columns do not come and go).  name_width is the
 * width of the name column.
 */
void columns_build(struct column_set *cs, const struct snapshot *s,
                   unsigned metric_seen, bool per_call, int name_width);
/* Index of the column (kind, arg) in cs, or -1. */
int columns_find(const struct column_set *cs, int kind, int arg);
/* True when sorting on the column makes sense (all but flags). */
bool columns_sortable(int kind);
/* True when the natural order is descending (numbers; not names). */
bool columns_desc_first(int kind);

/* The value a column shows for row r (m: its metrics); NaN when empty.
 * The program row has region -1; its counters per call are its totals. */
double columns_value(const struct snapshot *s, const struct snap_row *r,
                     const double *m, int kind, int arg, bool per_call);
/* The cell text for value v in column c (numeric columns only). */
const char *columns_format(char *buf, size_t len, const struct snapshot *s,
                           const struct column *c, double v);
/* The flag letters of a row, at most max of them, into buf. */
const char *columns_flags(char *buf, size_t len, unsigned flags, bool cut,
                          int max);

#endif /* HWTOP_TUI_COLUMNS_H */
