/* SPDX-License-Identifier: MIT */
/* topoview.h: the topology view (T): the machine, and where threads run. */
#ifndef HWTOP_TUI_TOPOVIEW_H
#define HWTOP_TUI_TOPOVIEW_H

#include "snapshot.h"
#include "tui.h"
#include "view.h"

/*
 * Draws the header, then the machine (t->machine: its caches and the
 * tree of packages, caches and cores, each core followed by the threads
 * that last ran on it), which threads share a cache, and a table of
 * threads with their CPU and cache instances; then the footer.  Scrolls
 * from t->topo_top (clamped here).  s may be NULL.
 */
void topoview_draw(struct tui *t, const struct snapshot *s,
                   const struct tui_status *st, int width, int height);

#endif /* HWTOP_TUI_TOPOVIEW_H */
