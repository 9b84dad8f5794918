/* SPDX-License-Identifier: MIT */
/* colors.h: what each part of the screen looks like, colour or not. */
#ifndef HWTOP_TUI_COLORS_H
#define HWTOP_TUI_COLORS_H

#include <stdbool.h>

#include <curses.h>

enum color_role {
    CR_NORMAL,
    CR_TITLE,    /* "hwtop" */
    CR_LABEL,    /* "pid", "Events:" */
    CR_VALUE,    /* what a label names */
    CR_GOOD,     /* counting, running */
    CR_WARN,     /* multiplexed, misuse, overflow */
    CR_BAD,      /* unavailable, killed */
    CR_TAG,      /* PAUSED, SIMULATED */
    CR_COLHDR,   /* the column header line */
    CR_COLSORT,  /* the sorted column's header */
    CR_SELECTED, /* the selected row */
    CR_PROGRAM,  /* the whole-program row */
    CR_THREAD,   /* a per-thread row */
    CR_TREE,     /* tree glyphs */
    CR_FLAG,     /* row flags */
    CR_DIM,      /* empty values, hints */
    CR_KEY,      /* key names in the key bar */
    CR_KEYTEXT,  /* what the key does */
    CR_STATUS,   /* the status line */
    CR_COUNT
};

/* Chooses colours (when use_color and the terminal has them) or
 * attributes only.  Call with curses up. */
void colors_init(bool use_color);
/* True when colours are in use. */
bool colors_on(void);
/* The attributes for a role, for wattrset(). */
attr_t colors_attr(enum color_role role);

#endif /* HWTOP_TUI_COLORS_H */
