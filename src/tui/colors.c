/* SPDX-License-Identifier: MIT */
/* colors.c: colour pairs for each role, and the monochrome fallback. */
#include "colors.h"

/* One role: its attributes without colour, and its colours when used
 * (-1 is the terminal's default). */
static const struct {
    attr_t mono;
    attr_t extra; /* added to the colour pair */
    short fg, bg;
} roles[CR_COUNT] = {
    [CR_NORMAL] = {A_NORMAL, A_NORMAL, -1, -1},
    [CR_TITLE] = {A_BOLD, A_BOLD, COLOR_CYAN, -1},
    [CR_LABEL] = {A_NORMAL, A_NORMAL, COLOR_CYAN, -1},
    [CR_VALUE] = {A_BOLD, A_BOLD, -1, -1},
    [CR_GOOD] = {A_NORMAL, A_NORMAL, COLOR_GREEN, -1},
    [CR_WARN] = {A_BOLD, A_BOLD, COLOR_YELLOW, -1},
    [CR_BAD] = {A_BOLD, A_BOLD, COLOR_RED, -1},
    [CR_TAG] = {A_REVERSE, A_BOLD, COLOR_BLACK, COLOR_YELLOW},
    [CR_COLHDR] = {A_REVERSE, A_NORMAL, COLOR_BLACK, COLOR_GREEN},
    [CR_COLSORT] = {A_REVERSE | A_BOLD | A_UNDERLINE, A_BOLD, COLOR_BLACK,
                    COLOR_CYAN},
    [CR_SELECTED] = {A_REVERSE | A_BOLD, A_NORMAL, COLOR_BLACK, COLOR_CYAN},
    [CR_PROGRAM] = {A_BOLD, A_BOLD, COLOR_CYAN, -1},
    [CR_THREAD] = {A_NORMAL, A_NORMAL, COLOR_BLUE, -1},
    [CR_TREE] = {A_NORMAL, A_NORMAL, COLOR_CYAN, -1},
    [CR_FLAG] = {A_BOLD, A_BOLD, COLOR_RED, -1},
    [CR_DIM] = {A_DIM, A_BOLD, COLOR_BLACK, -1},
    [CR_KEY] = {A_BOLD, A_NORMAL, -1, -1},
    [CR_KEYTEXT] = {A_REVERSE, A_NORMAL, COLOR_BLACK, COLOR_CYAN},
    [CR_STATUS] = {A_BOLD, A_BOLD, COLOR_YELLOW, -1},
};

static attr_t attrs[CR_COUNT];
static bool colored;

void
colors_init(bool use_color)
{
    bool defaults;

    colored = use_color && has_colors() && start_color() == OK &&
              COLOR_PAIRS > CR_COUNT;
    defaults = colored && use_default_colors() == OK;
    for (int i = 0; i < CR_COUNT; i++) {
        short fg = roles[i].fg, bg = roles[i].bg;

        if (!colored) {
            attrs[i] = roles[i].mono;
            continue;
        }
        /* Without default colours, -1 means white on black. */
        if (!defaults) {
            fg = fg < 0 ? COLOR_WHITE : fg;
            bg = bg < 0 ? COLOR_BLACK : bg;
        }
        init_pair((short)(i + 1), fg, bg);
        attrs[i] = COLOR_PAIR(i + 1) | roles[i].extra;
    }
}

bool
colors_on(void)
{
    return colored;
}

attr_t
colors_attr(enum color_role role)
{
    if ((int)role < 0 || role >= CR_COUNT)
        return A_NORMAL;
    return attrs[role];
}
