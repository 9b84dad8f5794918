/* SPDX-License-Identifier: MIT */
/* help.h: the help screen: keys, flags, columns, units. */
#ifndef HWTOP_TUI_HELP_H
#define HWTOP_TUI_HELP_H

/* Draws the help screen on the whole of stdscr (width x height). */
void help_draw(int width, int height);

#endif /* HWTOP_TUI_HELP_H */
