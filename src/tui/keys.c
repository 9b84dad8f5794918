/* SPDX-License-Identifier: MIT */
/* keys.c: what each key does, and the line editor of the filter prompt. */
#include "keys.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "columns.h"
#include "whatif.h"

#define KEY_ESC 27
#define KEY_CTRL(c) ((c)&0x1f)

/* The detail view is on screen (the topology view goes over it). */
static bool
in_detail(const struct tui *t)
{
    return t->detail && !t->topo;
}

/* Moves the selection, or in the topology and detail views scrolls (the
 * view clamps its top line when it draws). */
static enum tui_action
scroll_to(struct tui *t, int to)
{
    if (t->topo)
        t->topo_top = to < 0 ? 0 : to;
    else if (t->detail)
        t->detail_top = to < 0 ? 0 : to;
    else
        view_select(t, to);
    return TUI_ACT_REDRAW;
}

static int
page(const struct tui *t)
{
    int n = t->topo ? t->topo_page : t->detail ? t->detail_page : t->page;

    return n > 1 ? n - 1 : 1;
}

static int
at(const struct tui *t)
{
    return t->topo ? t->topo_top : t->detail ? t->detail_top : t->sel;
}

static enum tui_action
act_up(struct tui *t)
{
    return scroll_to(t, at(t) - 1);
}

static enum tui_action
act_down(struct tui *t)
{
    return scroll_to(t, at(t) + 1);
}

static enum tui_action
act_page_up(struct tui *t)
{
    return scroll_to(t, at(t) - page(t));
}

static enum tui_action
act_page_down(struct tui *t)
{
    return scroll_to(t, at(t) + page(t));
}

static enum tui_action
act_home(struct tui *t)
{
    return scroll_to(t, 0);
}

static enum tui_action
act_end(struct tui *t)
{
    return scroll_to(t, INT_MAX);
}

static enum tui_action
act_topology(struct tui *t)
{
    t->topo = !t->topo;
    t->topo_top = 0;
    return TUI_ACT_REDRAW;
}

/* d: the selected row's region up close; d again closes. */
static enum tui_action
act_detail(struct tui *t)
{
    if (in_detail(t)) {
        t->detail = false;
        return TUI_ACT_REDRAW;
    }
    if (!t->have_sel) {
        snprintf(t->note, sizeof t->note, "detail: no region selected");
        t->note_bad = true;
        return TUI_ACT_REDRAW;
    }
    region_ref_pick(&t->detail_ref, t->sel_region);
    t->detail = true;
    t->topo = false;
    t->detail_top = 0;
    t->detail_nhist = 0;
    return TUI_ACT_REDRAW;
}

/* w: asks for a speedup of the region in view (detail) or selected. */
static enum tui_action
act_whatif(struct tui *t)
{
    int rc = 0;

    if (in_detail(t))
        rc = region_ref_copy(&t->whatif_ref, &t->detail_ref);
    else if (t->have_sel)
        region_ref_pick(&t->whatif_ref, t->sel_region);
    if (rc != 0 || !region_ref_set(&t->whatif_ref) ||
        (!in_detail(t) && !t->have_sel)) {
        snprintf(t->note, sizeof t->note, "what-if: no region selected");
        t->note_bad = true;
        return TUI_ACT_REDRAW;
    }
    t->editing = true;
    t->prompt = PROMPT_SPEEDUP;
    t->edit[0] = '\0';
    return TUI_ACT_REDRAW;
}

static enum tui_action
act_tree(struct tui *t)
{
    t->tree = !t->tree;
    return TUI_ACT_REDRAW;
}

static enum tui_action
act_expand(struct tui *t)
{
    if (!t->have_sel || t->sel_thread >= 0)
        return TUI_ACT_NONE;
    view_expand(t, t->sel_region, true);
    return TUI_ACT_REDRAW;
}

/* On a thread row, folds its region and selects the region's row. */
static enum tui_action
act_collapse(struct tui *t)
{
    if (!t->have_sel)
        return TUI_ACT_NONE;
    view_expand(t, t->sel_region, false);
    if (t->sel_thread >= 0) {
        int i = table_find(&t->table, t->sel_region, -1);

        if (i >= 0)
            view_select(t, i);
    }
    return TUI_ACT_REDRAW;
}

/* Moves the sort to the next sortable column in direction dir. */
static enum tui_action
sort_step(struct tui *t, int dir)
{
    int n = t->cols.n, i = columns_find(&t->cols, t->sort_kind, t->sort_arg);

    if (n == 0)
        return TUI_ACT_NONE;
    if (i < 0)
        i = 0;
    for (int step = 0; step < n; step++) {
        i = (i + dir + n) % n;
        if (columns_sortable(t->cols.c[i].kind))
            break;
    }
    t->sort_kind = t->cols.c[i].kind;
    t->sort_arg = t->cols.c[i].arg;
    t->sort_desc = columns_desc_first(t->sort_kind);
    return TUI_ACT_REDRAW;
}

static enum tui_action
act_sort_next(struct tui *t)
{
    return sort_step(t, 1);
}

static enum tui_action
act_sort_prev(struct tui *t)
{
    return sort_step(t, -1);
}

static enum tui_action
act_invert(struct tui *t)
{
    t->sort_desc = !t->sort_desc;
    return TUI_ACT_REDRAW;
}

static enum tui_action
act_pause(struct tui *t)
{
    t->paused = !t->paused;
    return TUI_ACT_REDRAW;
}

static enum tui_action
act_filter(struct tui *t)
{
    t->editing = true;
    t->prompt = PROMPT_FILTER;
    memcpy(t->edit, t->filter, sizeof t->edit);
    return TUI_ACT_REDRAW;
}

/* Esc: closes the detail view, else clears the filter. */
static enum tui_action
act_escape(struct tui *t)
{
    if (in_detail(t)) {
        t->detail = false;
        return TUI_ACT_REDRAW;
    }
    if (t->filter[0] == '\0')
        return TUI_ACT_NONE;
    t->filter[0] = '\0';
    return TUI_ACT_REDRAW;
}

static enum tui_action
act_per_call(struct tui *t)
{
    t->per_call = !t->per_call;
    return TUI_ACT_REDRAW;
}

static enum tui_action
act_help(struct tui *t)
{
    t->help = true;
    return TUI_ACT_REDRAW;
}

static enum tui_action
act_repaint(struct tui *t)
{
    (void)t;
    clearok(curscr, TRUE);
    return TUI_ACT_REDRAW;
}

static enum tui_action
act_quit(struct tui *t)
{
    (void)t;
    return TUI_ACT_QUIT;
}

/* In the order the help screen lists them; keys of one action together.
 * The key bar shows, in this order, those with a bar label. */
const struct key_binding key_bindings[] = {
    {KEY_F(1), true, "F1", act_help, "this help", "Help"},
    {'h', false, "h", act_help, "this help", NULL},
    {'?', false, "?", act_help, "this help", NULL},
    {KEY_UP, true, "Up", act_up, "select the row above", NULL},
    {KEY_DOWN, true, "Down", act_down, "select the row below", NULL},
    {KEY_PPAGE, true, "PgUp", act_page_up, "one page up", NULL},
    {KEY_NPAGE, true, "PgDn", act_page_down, "one page down", NULL},
    {KEY_HOME, true, "Home", act_home, "first row", NULL},
    {KEY_END, true, "End", act_end, "last row", NULL},
    {'/', false, "/", act_filter,
     "filter regions by name (Enter applies, Esc clears)", NULL},
    {KEY_F(4), true, "F4", act_filter,
     "filter regions by name (Enter applies, Esc clears)", "Filter"},
    {KEY_ESC, false, "Esc", act_escape,
     "close the detail view, else clear the filter", NULL},
    {'t', false, "t", act_tree, "tree view (nesting) or flat list", NULL},
    {KEY_F(5), true, "F5", act_tree, "tree view (nesting) or flat list",
     "Tree"},
    {KEY_ENTER, true, "Enter", act_expand, "show the region's threads", NULL},
    {'\n', false, "Enter", act_expand, "show the region's threads", NULL},
    {'\r', false, "Enter", act_expand, "show the region's threads", NULL},
    {'+', false, "+", act_expand, "show the region's threads", "Threads"},
    {'-', false, "-", act_collapse, "hide the region's threads", NULL},
    {'d', false, "d", act_detail, "region detail: percentiles, threads, bars",
     "Detail"},
    {'w', false, "w", act_whatif, "what-if: the region S times faster", NULL},
    {'>', false, ">", act_sort_next, "sort by the next column", NULL},
    {'.', false, ".", act_sort_next, "sort by the next column", NULL},
    {KEY_F(6), true, "F6", act_sort_next, "sort by the next column", "SortBy"},
    {'<', false, "<", act_sort_prev, "sort by the previous column", NULL},
    {',', false, ",", act_sort_prev, "sort by the previous column", NULL},
    {'I', false, "I", act_invert, "invert the sort order", NULL},
    {'c', false, "c", act_per_call, "counters per call or in total", NULL},
    {'P', false, "P", act_pause, "pause or resume the display", "Pause"},
    {'T', false, "T", act_topology,
     "topology: the machine's caches and the CPU each thread ran on",
     "Topology"},
    {KEY_CTRL('L'), false, "^L", act_repaint, "repaint the screen", NULL},
    {'q', false, "q", act_quit, "quit", NULL},
    {KEY_F(10), true, "F10", act_quit, "quit", "Quit"},
};
const int nkey_bindings = sizeof key_bindings / sizeof key_bindings[0];

/* The prompt (filter or speedup): a line editor with its own small
 * table. */
static void
speedup_apply(struct tui *t)
{
    double s;

    if (whatif_parse(t->edit, &s) != 0) {
        snprintf(t->note, sizeof t->note,
                 "what-if: the speedup must be a number above 0, or inf "
                 "(not \"%.40s\")",
                 t->edit);
        t->note_bad = true;
        return;
    }
    t->whatif_s = s;
    t->whatif_shown = true;
}

static void
prompt_apply(struct tui *t)
{
    t->editing = false;
    if (t->prompt == PROMPT_SPEEDUP) {
        speedup_apply(t);
        return;
    }
    memcpy(t->filter, t->edit, sizeof t->filter);
    view_select(t, 0);
}

static void
prompt_cancel(struct tui *t)
{
    t->edit[0] = '\0';
    if (t->prompt == PROMPT_FILTER)
        t->filter[0] = '\0';
    t->editing = false;
}

/* Deletes the last character (all bytes of a UTF-8 one). */
static void
prompt_backspace(struct tui *t)
{
    size_t n = strlen(t->edit);

    while (n > 0 && ((unsigned char)t->edit[n - 1] & 0xc0) == 0x80)
        n--;
    if (n > 0)
        n--;
    t->edit[n] = '\0';
}

static void
prompt_kill(struct tui *t)
{
    t->edit[0] = '\0';
}

static const struct {
    int key;
    bool special;
    void (*fn)(struct tui *t);
} prompt_keys[] = {
    {'\n', false, prompt_apply},
    {'\r', false, prompt_apply},
    {KEY_ENTER, true, prompt_apply},
    {KEY_ESC, false, prompt_cancel},
    {KEY_BACKSPACE, true, prompt_backspace},
    {127, false, prompt_backspace},
    {KEY_CTRL('H'), false, prompt_backspace},
    {KEY_CTRL('U'), false, prompt_kill},
};

static enum tui_action
prompt_key(struct tui *t, bool special, wint_t key)
{
    char mb[MB_LEN_MAX];
    mbstate_t st;
    size_t n, len = strlen(t->edit);

    for (size_t i = 0; i < sizeof prompt_keys / sizeof prompt_keys[0]; i++)
        if (prompt_keys[i].special == special &&
            (wint_t)prompt_keys[i].key == key) {
            prompt_keys[i].fn(t);
            return TUI_ACT_REDRAW;
        }
    if (special || key < 0x20 || key == 0x7f)
        return TUI_ACT_NONE;
    memset(&st, 0, sizeof st);
    n = wcrtomb(mb, (wchar_t)key, &st);
    if (n == (size_t)-1 || len + n >= sizeof t->edit)
        return TUI_ACT_NONE;
    memcpy(t->edit + len, mb, n);
    t->edit[len + n] = '\0';
    return TUI_ACT_REDRAW;
}

enum tui_action
keys_handle(struct tui *t, bool special, wint_t key)
{
    enum tui_action act = TUI_ACT_NONE;

    if (special && key == KEY_RESIZE)
        return TUI_ACT_REDRAW;
    if (t->help) {
        t->help = false;
        return TUI_ACT_REDRAW;
    }
    if (t->editing)
        return prompt_key(t, special, key);
    /* A note (what-if answer, error) stays until the next key. */
    if (t->note[0] != '\0') {
        t->note[0] = '\0';
        t->whatif_shown = false;
        act = TUI_ACT_REDRAW;
    }
    for (int i = 0; i < nkey_bindings; i++)
        if (key_bindings[i].special == special &&
            (wint_t)key_bindings[i].key == key) {
            enum tui_action a = key_bindings[i].action(t);

            return a > act ? a : act;
        }
    return act;
}
