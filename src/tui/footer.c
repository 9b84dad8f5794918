/* SPDX-License-Identifier: MIT */
/* footer.c: the status line, and the key bar (or the prompt). */
#include "footer.h"

#include "colors.h"
#include "keys.h"
#include "text.h"
#include "units.h"

/* The filter in force, unless it is being typed. */
static bool
filter_shown(const struct tui *t)
{
    return t->filter[0] != '\0' && !(t->editing && t->prompt == PROMPT_FILTER);
}

static bool
has_status(const struct tui *t, const struct tui_status *st)
{
    return (st->message != NULL && st->message[0] != '\0') ||
           t->note[0] != '\0' || filter_shown(t);
}

int
footer_lines(const struct tui *t, const struct tui_status *st)
{
    return has_status(t, st) ? 2 : 1;
}

/* The message from the caller, a key's note (what-if), the filter. */
static void
status_line(const struct tui *t, const struct tui_status *st, int y, int width)
{
    struct pen p;

    pen_at(&p, stdscr, y, 0, width);
    if (st->message != NULL && st->message[0] != '\0') {
        pen_text(&p, colors_attr(CR_STATUS), st->message);
        pen_spaces(&p, colors_attr(CR_NORMAL), 2);
    }
    if (t->note[0] != '\0') {
        pen_text(&p, colors_attr(t->note_bad ? CR_BAD : CR_VALUE), t->note);
        pen_spaces(&p, colors_attr(CR_NORMAL), 2);
    }
    if (filter_shown(t)) {
        pen_text(&p, colors_attr(CR_LABEL), "Filter: ");
        pen_text(&p, colors_attr(CR_VALUE), t->filter);
        pen_text(&p, colors_attr(CR_DIM), "  (Esc clears)");
    }
}

static void
prompt_line(const struct tui *t, int y, int width)
{
    struct pen p;

    char name[160];

    pen_at(&p, stdscr, y, 0, width);
    if (t->prompt == PROMPT_SPEEDUP) {
        units_safe_name(name, sizeof name,
                        t->whatif_ref.name ? t->whatif_ref.name : "?", 40);
        pen_text(&p, colors_attr(CR_KEYTEXT), "Speedup of ");
        pen_text(&p, colors_attr(CR_KEYTEXT), name);
        pen_text(&p, colors_attr(CR_KEYTEXT), ": ");
    } else {
        pen_text(&p, colors_attr(CR_KEYTEXT), "Filter: ");
    }
    pen_text(&p, colors_attr(CR_VALUE), t->edit);
    pen_text(&p, colors_attr(CR_SELECTED), " ");
    pen_text(&p, colors_attr(CR_DIM),
             t->prompt == PROMPT_SPEEDUP ? "  times faster (2, 1.5, inf)  "
                                           "Enter answer  Esc cancel"
                                         : "  Enter apply  Esc clear");
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
