/* SPDX-License-Identifier: MIT */
/* lines.c: a view drawn as a list of lines that scrolls (detail, topology). */
#include "lines.h"

bool
lines_next(struct lines *w, struct pen *p)
{
    int v = w->v++;
    int y = w->y0 + v - w->top;

    if (w->dry || v < w->top || y >= w->bottom)
        return false;
    pen_at(p, stdscr, y, 0, w->width);
    return true;
}

void
lines_blank(struct lines *w)
{
    struct pen p;

    lines_next(w, &p);
}

void
lines_draw(void (*all)(struct lines *w, const void *scene), const void *scene,
           int y0, int bottom, int width, int *top, int *page)
{
    struct lines w = {0, 0, y0, bottom, width, true};

    all(&w, scene);
    *page = bottom - y0;
    if (*top > w.v - *page)
        *top = w.v - *page;
    if (*top < 0)
        *top = 0;
    w = (struct lines){0, *top, y0, bottom, width, false};
    all(&w, scene);
}
