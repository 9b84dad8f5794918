/* SPDX-License-Identifier: MIT */
/* tableview.h: drawing the table: column header, program row, regions. */
#ifndef HWTOP_TUI_TABLEVIEW_H
#define HWTOP_TUI_TABLEVIEW_H

#include "snapshot.h"
#include "view.h"

/* Width of the name column for the rows in t->table, on a screen width
 * columns wide, given the other columns in t->cols. */
int tableview_name_width(const struct tui *t, const struct snapshot *s,
                         int width);
/* A thread's label: its name and tid, with the pid when procs (the
 * snapshot holds several processes); "?" for an index out of range. */
const char *tableview_thread_label(const struct snapshot *s, int thread,
                                   bool procs, char *buf, size_t len);
/* Draws the table (after view_refresh) in lines [y, bottom) of stdscr;
 * sets t->page and scrolls so that the selection is visible. */
void tableview_draw(struct tui *t, const struct snapshot *s, int y, int bottom,
                    int width);

#endif /* HWTOP_TUI_TABLEVIEW_H */
