/* SPDX-License-Identifier: MIT */
/* footer.c: the status line, and the key bar (or the filter prompt). */
#include "footer.h"

#include "colors.h"
#include "keys.h"
#include "text.h"

static bool
has_status(const struct tui *t, const struct tui_status *st)
{
    return (st->message != NULL && st->message[0] != '\0') ||
           (t->filter[0] != '\0' && !t->editing);
}

int
footer_lines(const struct tui *t, const struct tui_status *st)
{
    return has_status(t, st) ? 2 : 1;
}

/* The message from the caller; else the filter in force. */
static void
status_line(const struct tui *t, const struct tui_status *st, int y, int width)
{
    struct pen p;

    pen_at(&p, stdscr, y, 0, width);
    if (st->message != NULL && st->message[0] != '\0') {
        pen_text(&p, colors_attr(CR_STATUS), st->message);
        pen_spaces(&p, colors_attr(CR_NORMAL), 2);
    }
    if (t->filter[0] != '\0' && !t->editing) {
        pen_text(&p, colors_attr(CR_LABEL), "Filter: ");
        pen_text(&p, colors_attr(CR_VALUE), t->filter);
        pen_text(&p, colors_attr(CR_DIM), "  (Esc clears)");
    }
}

static void
prompt_line(const struct tui *t, int y, int width)
{
    struct pen p;

    pen_at(&p, stdscr, y, 0, width);
    pen_text(&p, colors_attr(CR_KEYTEXT), "Filter: ");
    pen_text(&p, colors_attr(CR_VALUE), t->edit);
    pen_text(&p, colors_attr(CR_SELECTED), " ");
    pen_text(&p, colors_attr(CR_DIM), "  Enter apply  Esc clear");
}

/* F1Help  F4Filter ... in htop's colours: the key, then its label. */
static void
key_bar(int y, int width)
{
    struct pen p;

    pen_at(&p, stdscr, y, 0, width);
    for (int i = 0; i < nkey_bindings; i++) {
        const struct key_binding *b = &key_bindings[i];

        if (b->bar == NULL)
            continue;
        pen_text(&p, colors_attr(CR_KEY), b->name);
        pen_text(&p, colors_attr(CR_KEYTEXT), b->bar);
        pen_spaces(&p, colors_attr(CR_KEYTEXT), 1);
    }
    pen_fill(&p, colors_attr(CR_KEYTEXT));
}

void
footer_draw(const struct tui *t, const struct tui_status *st, int width,
            int height)
{
    if (has_status(t, st))
        status_line(t, st, height - 2, width);
    if (t->editing)
        prompt_line(t, height - 1, width);
    else
        key_bar(height - 1, width);
}
