/* SPDX-License-Identifier: MIT */
/* help.c: the help screen, written from the key table and the columns. */
#include "help.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "colors.h"
#include "columns.h"
#include "keys.h"
#include "metrics.h"
#include "text.h"

/* Lines go down a column; a full column continues in the next one when
 * the screen is wide enough, else the rest is cut. */
struct writer {
    int y, x;
    int top, height, width;
    int colw;
};

/* Moves to the next column when fewer than need lines are left. */
static bool
next_line_room(struct writer *w, int need)
{
    if (w->y + need > w->height) {
        if (w->x + 2 * w->colw > w->width)
            return false;
        w->x += w->colw;
        w->y = w->top;
    }
    return true;
}

static bool
next_line(struct writer *w)
{
    return next_line_room(w, 1);
}

static void
put(struct writer *w, enum color_role krole, const char *key, const char *text)
{
    struct pen p;

    if (!next_line(w))
        return;
    pen_at(&p, stdscr, w->y++, w->x, w->x + w->colw - 1);
    pen_spaces(&p, colors_attr(CR_NORMAL), 2);
    pen_textw(&p, colors_attr(krole), key, 12);
    pen_spaces(&p, colors_attr(CR_NORMAL), w->x + 15 - p.x);
    pen_text(&p, colors_attr(CR_NORMAL), text);
}

static void
title(struct writer *w, const char *text)
{
    struct pen p;

    if (w->y > w->top)
        w->y++;
    /* A title with at least two of its lines, or in the next column. */
    if (!next_line_room(w, 3)) {
        w->y = w->height; /* no section without its title */
        return;
    }
    pen_at(&p, stdscr, w->y++, w->x, w->x + w->colw - 1);
    pen_text(&p, colors_attr(CR_TITLE), text);
}

/* One line per action: every key that does it, then what it does. */
static void
keys_section(struct writer *w)
{
    title(w, "Keys");
    for (int i = 0; i < nkey_bindings; i++) {
        char names[64] = "";
        size_t used = 0;
        bool seen = false;

        for (int j = 0; j < i && !seen; j++)
            seen = key_bindings[j].action == key_bindings[i].action;
        if (seen)
            continue;
        for (int j = i; j < nkey_bindings; j++) {
            const char *n = key_bindings[j].name;

            if (key_bindings[j].action != key_bindings[i].action ||
                (j > i && strstr(names, n) != NULL) || used >= sizeof names)
                continue;
            used += (size_t)snprintf(names + used, sizeof names - used, "%s%s",
                                     used ? " " : "", n);
        }
        put(w, CR_KEY, names, key_bindings[i].help);
    }
}

static void
columns_section(struct writer *w)
{
    title(w, "Columns");
    put(w, CR_LABEL, "F", "flags, below");
    put(w, CR_LABEL, "CALLS", "finished calls");
    put(w, CR_LABEL, "INCL", "time in the region, with what it calls");
    put(w, CR_LABEL, "EXCL", "time in the region itself");
    for (int m = 0; m < METRIC_COUNT; m++)
        put(w, CR_LABEL, metric_defs[m].label, metric_defs[m].doc);
    put(w, CR_LABEL, "EVENT/c", "a counter per call (c: in total)");
    put(w, CR_LABEL, "TASKCLK", "task_clock_ns: CPU time");
    put(w, CR_LABEL, "FAULTS CSW", "page faults, context switches");
    put(w, CR_LABEL, "MIGR", "CPU migrations");
    put(w, CR_LABEL, "P99", "99% of calls take at most this long");
    title(w, "Flags");
    for (int i = 0; i < nflag_letters; i++) {
        char k[2] = {flag_letters[i].letter, '\0'};

        put(w, CR_FLAG, k, flag_letters[i].doc);
    }
    title(w, "Units");
    put(w, CR_LABEL, "K M G T", "thousand, million, billion, trillion");
    put(w, CR_LABEL, "ns us ms s", "nano, micro, milli, seconds");
    put(w, CR_LABEL, "sources", "papi, kernel, rusage, simulated (--sim)");
    put(w, CR_LABEL, "empty", "not counted here (never shown as 0)");
}

void
help_draw(int width, int height)
{
    struct writer w = {.top = 2, .height = height, .width = width};
    struct pen p;

    w.colw = width >= 100 ? width / 2 : width;
    w.y = w.top;
    pen_at(&p, stdscr, 0, 0, width);
    pen_text(&p, colors_attr(CR_TITLE), "hwtop help");
    pen_text(&p, colors_attr(CR_DIM), "  (any key closes)");
    keys_section(&w);
    if (w.colw < width)
        w.y = w.height; /* the rest in the next column */
    columns_section(&w);
}
