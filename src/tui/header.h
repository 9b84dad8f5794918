/* SPDX-License-Identifier: MIT */
/* header.h: the lines above the table: program, state, events, totals. */
#ifndef HWTOP_TUI_HEADER_H
#define HWTOP_TUI_HEADER_H

#include "snapshot.h"
#include "tui.h"
#include "view.h"

/* Draws the header from line 0 on a screen width x height; s may be NULL.
 * Returns the first line after it. */
int header_draw(const struct tui *t, const struct snapshot *s,
                const struct tui_status *st, int width, int height);

#endif /* HWTOP_TUI_HEADER_H */
