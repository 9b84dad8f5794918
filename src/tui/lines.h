/* SPDX-License-Identifier: MIT */
/* lines.h: a view drawn as a list of lines that scrolls (detail, topology). */
#ifndef HWTOP_TUI_LINES_H
#define HWTOP_TUI_LINES_H

#include <stdbool.h>

#include "text.h"

/*
 * The view is a list of lines, of which those from top on are drawn on
 * stdscr in rows [y0, bottom).  A dry pass only counts them, to clamp
 * the scrolling.
 */
struct lines {
    int v;   /* next line of the list */
    int top; /* first line shown */
    int y0, bottom, width;
    bool dry;
};

/* The next line: true with p on it when it is on screen. */
bool lines_next(struct lines *w, struct pen *p);
/* An empty line. */
void lines_blank(struct lines *w);

/*
 * Draws the view that all() makes of scene (every line, through w) in
 * rows [y0, bottom), width columns: a dry pass counts the lines, *top is
 * clamped so that the last page is full (never below 0), *page gets the
 * rows there are, then the lines from *top on are drawn.
 */
void lines_draw(void (*all)(struct lines *w, const void *scene),
                const void *scene, int y0, int bottom, int width, int *top,
                int *page);

#endif /* HWTOP_TUI_LINES_H */
