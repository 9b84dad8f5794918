/* SPDX-License-Identifier: MIT */
/* view.h: the TUI's state between calls: what is shown, and how. */
#ifndef HWTOP_TUI_VIEW_H
#define HWTOP_TUI_VIEW_H

#include <stdbool.h>

#include "columns.h"
#include "snapshot.h"
#include "table.h"

#define TUI_FILTER_MAX 128

/* What the last draw showed; tui_poll's actions move within it. */
struct tui {
    /* Modes. */
    bool help;     /* the help screen is up: any key closes it */
    bool editing;  /* typing a filter */
    bool paused;   /* P: the frozen copy is drawn */
    bool tree;     /* t: nested by parent */
    bool per_call; /* c: counters per call, else totals */

    /* Sort column (a column kind and argument, columns.h). */
    int sort_kind, sort_arg;
    bool sort_desc;

    char filter[TUI_FILTER_MAX]; /* applied; "" for none */
    char edit[TUI_FILTER_MAX];   /* being typed */

    bool *expanded; /* by region index */
    int nexpanded;

    /* Selection: an index into table, and what it is, so that it stays
     * on the same row when rows move between snapshots. */
    int sel, top;
    int page; /* table rows on screen at the last draw */
    int sel_region, sel_thread;
    bool have_sel;

    struct table table;
    struct column_set cols;
    unsigned metric_seen; /* sticky: a metric column never goes away */
    int name_width;
    bool procs; /* threads of more than one process: labels show pids */

    /* The topology view (T): the machine and where threads run. */
    bool topo;
    const struct topology *machine; /* borrowed; NULL when unknown */
    int topo_top, topo_page;        /* first line shown, lines on screen */

    struct snapshot frozen; /* while paused */
    bool have_frozen;
    bool too_small; /* the last draw had no room for the table */
};

/* Rebuilds the table and columns for s (NULL: nothing yet) on a screen
 * width columns wide, keeping the selection on its row.  Returns 0, or
 * -ENOMEM (the table is then empty). */
int view_refresh(struct tui *t, const struct snapshot *s, int width);
/* Frees what the view owns. */
void view_fini(struct tui *t);
/* Moves the selection to row i of the table (clamped). */
void view_select(struct tui *t, int i);
/* Marks region expanded or not; returns -ENOMEM when it cannot grow. */
int view_expand(struct tui *t, int region, bool on);

#endif /* HWTOP_TUI_VIEW_H */
