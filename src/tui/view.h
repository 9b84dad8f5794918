/* SPDX-License-Identifier: MIT */
/* view.h: the TUI's state between calls: what is shown, and how. */
#ifndef HWTOP_TUI_VIEW_H
#define HWTOP_TUI_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "columns.h"
#include "history.h"
#include "regionref.h"
#include "snapshot.h"
#include "table.h"

#define TUI_FILTER_MAX 128

/* What the prompt at the bottom is typing. */
enum tui_prompt {
    PROMPT_FILTER = 0, /* / or F4: the filter */
    PROMPT_SPEEDUP,    /* w: a speedup for the what-if */
};

/* What the last draw showed; tui_poll's actions move within it. */
struct tui {
    /* Modes. */
    bool help;     /* the help screen is up: any key closes it */
    bool editing;  /* typing at the prompt: prompt says what */
    int prompt;    /* enum tui_prompt */
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

    /* The region detail view (d): one region, by name. */
    bool detail;
    struct region_ref detail_ref;
    int detail_top, detail_page; /* first line shown, lines on screen */
    /* Its last histogram, kept for snapshots that come without one. */
    struct snap_hist_bin detail_hist[SNAP_HIST_BINS];
    uint32_t detail_nhist;
    struct history history; /* each region's calls, the last minute */

    /* What-if (w): a speedup for a region, answered on the status line
     * until the next key, and in that region's detail view. */
    struct region_ref whatif_ref;
    double whatif_s;   /* 0: none asked yet */
    bool whatif_shown; /* the answer is the note */
    char note[384];    /* the status line's text from a key, or "" */
    bool note_bad;     /* ... telling of an error */

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
