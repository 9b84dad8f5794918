/* SPDX-License-Identifier: MIT */
/* footer.h: the bottom lines: status message, key bar or filter prompt. */
#ifndef HWTOP_TUI_FOOTER_H
#define HWTOP_TUI_FOOTER_H

#include "tui.h"
#include "view.h"

/* Lines the footer needs at the bottom of the screen. */
int footer_lines(const struct tui *t, const struct tui_status *st);
/* Draws them in the last lines of a width x height screen. */
void footer_draw(const struct tui *t, const struct tui_status *st, int width,
                 int height);

#endif /* HWTOP_TUI_FOOTER_H */
