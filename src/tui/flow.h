/* SPDX-License-Identifier: MIT */
/* flow.h: items of text flowing along a few lines, wrapped like words. */
#ifndef HWTOP_TUI_FLOW_H
#define HWTOP_TUI_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "colors.h"
#include "text.h"

/* A piece of an item: any bytes (drawn through text.h), at most len. */
struct seg {
    enum color_role role;
    const char *s;
    size_t len;
};

/*
 * An item that does not fit on what is left of a line starts the next
 * one; text longer than a line wraps at a space; on the last line the
 * rest is cut, and `cut` says so.  A dry flow draws nothing: it tells
 * whether the items would fit.
 */
struct flow {
    struct pen p;
    int y, y_end; /* lines [y, y_end) */
    int x0;       /* where wrapped lines start */
    int width;
    bool dry;
    bool cut;
};

void flow_start(struct flow *f, int y, int nlines, int x0, int width, bool dry);
void flow_item(struct flow *f, const struct seg *segs, int n);

#endif /* HWTOP_TUI_FLOW_H */
