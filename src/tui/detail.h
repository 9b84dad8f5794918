/* SPDX-License-Identifier: MIT */
/* detail.h: the region detail view (d): one region up close. */
#ifndef HWTOP_TUI_DETAIL_H
#define HWTOP_TUI_DETAIL_H

#include "snapshot.h"
#include "tui.h"
#include "view.h"

/*
 * Draws t->detail_ref's region on the whole of stdscr (width x height):
 * the header, then its calls, times, share and Amdahl's ceiling,
 * percentiles, call rate over the last minute (t->history), one line per
 * thread, counters per call, durations as bars, and the footer.  Lines
 * from t->detail_top on are shown; sets t->detail_page and clamps
 * t->detail_top.  s may be NULL.
 */
void detail_draw(struct tui *t, const struct snapshot *s,
                 const struct tui_status *st, int width, int height);

#endif /* HWTOP_TUI_DETAIL_H */
