/* SPDX-License-Identifier: MIT */
/* flow.c: wrapping items of text over the lines of the header. */
#include "flow.h"

#include <string.h>

void
flow_start(struct flow *f, int y, int nlines, int x0, int width, bool dry)
{
    f->y = y;
    f->y_end = y + nlines;
    f->x0 = x0;
    f->width = width;
    f->dry = dry;
    f->cut = false;
    pen_at(&f->p, stdscr, y, x0, width);
}

static void
put(struct flow *f, enum color_role role, const char *s, size_t len)
{
    if (f->dry)
        f->p.x += text_width(s, len, pen_left(&f->p));
    else
        pen_bytes(&f->p, colors_attr(role), s, len);
}

static void
newline(struct flow *f)
{
    f->y++;
    pen_at(&f->p, stdscr, f->y, f->x0, f->width);
}

/* Text that wraps, at a space when it can, while lines are left. */
static void
flow_text(struct flow *f, enum color_role role, const char *s, size_t len)
{
    len = strnlen(s, len);
    while (len > 0) {
        size_t fit = text_fit(s, len, pen_left(&f->p));
        bool more_lines = f->y + 1 < f->y_end;

        if (fit < len && more_lines) {
            size_t sp = fit;

            while (sp > 0 && s[sp - 1] != ' ')
                sp--;
            if (sp > 0)
                fit = sp;
        }
        if (fit == 0 && f->p.x <= f->x0) {
            f->cut = true; /* not one character fits on a fresh line */
            return;
        }
        put(f, role, s, fit);
        s += fit;
        len -= fit;
        if (len == 0)
            return;
        if (!more_lines) {
            f->cut = true;
            return;
        }
        newline(f);
        while (len > 0 && *s == ' ') {
            s++;
            len--;
        }
    }
}

static int
item_width(const struct seg *segs, int n, int max)
{
    int w = 0;

    for (int i = 0; i < n && w < max; i++)
        w += text_width(segs[i].s, strnlen(segs[i].s, segs[i].len), max - w);
    return w;
}

void
flow_item(struct flow *f, const struct seg *segs, int n)
{
    int w = item_width(segs, n, f->width) + 2;

    if (w > pen_left(&f->p) && f->p.x > f->x0 && f->y + 1 < f->y_end)
        newline(f);
    else if (f->p.x > f->x0)
        put(f, CR_NORMAL, "  ", 2);
    for (int i = 0; i < n; i++)
        flow_text(f, segs[i].role, segs[i].s, segs[i].len);
}
