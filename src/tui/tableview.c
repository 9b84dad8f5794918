/* SPDX-License-Identifier: MIT */
/* tableview.c: the table's lines: header, program row, regions, threads. */
#include "tableview.h"

#include <stdio.h>
#include <string.h>

#include "colors.h"
#include "text.h"

#define NAME_MIN 16
#define NAME_MAX_COLS 48
#define PROGRAM_LABEL "[whole program]"

/* A thread row's label: its name and tid, with the pid when the
 * snapshot holds more than one process (procs). */
const char *
tableview_thread_label(const struct snapshot *s, int thread, bool procs,
                       char *buf, size_t len)
{
    const struct snap_thread *th;

    if (thread < 0 || thread >= s->nthreads)
        return "?";
    th = &s->threads[thread];
    if (th->name[0] != '\0' && procs)
        snprintf(buf, len, "%.*s (%d:%d)", SNAP_THREAD_NAME, th->name, th->pid,
                 th->tid);
    else if (th->name[0] != '\0')
        snprintf(buf, len, "%.*s (%d)", SNAP_THREAD_NAME, th->name, th->tid);
    else if (procs)
        snprintf(buf, len, "pid %d tid %d", th->pid, th->tid);
    else
        snprintf(buf, len, "tid %d", th->tid);
    return buf;
}

/* Tree levels drawn before a name: deep nesting keeps only the last
 * levels, so that the name stays readable. */
static int
levels_shown(int depth, int name_width)
{
    int max = name_width / 2 / 3;

    return depth < max ? depth : max;
}

int
tableview_name_width(const struct tui *t, const struct snapshot *s, int width)
{
    int cap = width, w = (int)strlen(PROGRAM_LABEL);

    /* The numbers first: the name takes the room they leave, and a
     * quarter of the screen when they would take it all anyway. */
    for (int i = 0; i < t->cols.n; i++)
        if (t->cols.c[i].kind != COL_NAME)
            cap -= t->cols.c[i].width + 1;
    if (cap < width / 4)
        cap = width / 4;
    if (cap > NAME_MAX_COLS)
        cap = NAME_MAX_COLS;
    if (cap < NAME_MIN)
        cap = NAME_MIN;
    for (int i = 0; s != NULL && i < t->table.n && w < cap; i++) {
        const struct table_row *tr = &t->table.rows[i];
        int indent = 3 * levels_shown(tr->depth, cap);
        char buf[SNAP_THREAD_NAME + 48];
        const char *p;
        size_t len;

        if (tr->thread >= 0) {
            p = tableview_thread_label(s, tr->thread, t->procs, buf,
                                       sizeof buf);
            len = strlen(p);
        } else {
            p = s->regions[tr->region].name;
            len = s->regions[tr->region].len;
        }
        if (p != NULL)
            indent += text_width(p, len, cap);
        if (indent > w)
            w = indent;
    }
    return w > cap ? cap : w < NAME_MIN ? NAME_MIN : w;
}

static void
draw_glyphs(struct pen *p, const struct table_row *tr, int name_width, attr_t a)
{
    static const wchar_t *const utf[] = {L"\u2502  ", L"   ", L"\u251c\u2500 ",
                                         L"\u2514\u2500 "};
    static const wchar_t *const ascii[] = {L"|  ", L"   ", L"|- ", L"`- "};
    const wchar_t *const *g = text_utf8() ? utf : ascii;
    int n = levels_shown(tr->depth, name_width);

    for (int k = tr->depth - n + 1; k < tr->depth; k++)
        pen_wide(p, a, g[(k < 64 && (tr->more >> k) & 1) ? 0 : 1]);
    if (n > 0)
        pen_wide(p, a, g[tr->last ? 3 : 2]);
}

static void
draw_name(struct pen *p, const struct tui *t, const struct snapshot *s,
          const struct table_row *tr, int width, attr_t base, attr_t tree)
{
    int right = p->right, start = p->x;
    char buf[SNAP_THREAD_NAME + 48];

    if (p->x + width < right)
        p->right = p->x + width;
    if (tr == NULL) {
        pen_text(p, base, PROGRAM_LABEL);
    } else {
        draw_glyphs(p, tr, width, tree);
        if (tr->thread >= 0)
            pen_text(p, base,
                     tableview_thread_label(s, tr->thread, t->procs, buf,
                                            sizeof buf));
        else if (s->regions[tr->region].name != NULL)
            pen_bytes(p, base, s->regions[tr->region].name,
                      s->regions[tr->region].len);
    }
    pen_spaces(p, base, width - (p->x - start));
    p->right = right;
}

/* One value, right-aligned in its cell. */
static void
draw_value(struct pen *p, const struct snapshot *s, const struct column *c,
           double v, attr_t a)
{
    char buf[32];
    int n;

    columns_format(buf, sizeof buf, s, c, v);
    n = (int)strlen(buf);
    if (n > c->width) /* never happens with the widths chosen; be safe */
        n = c->width;
    pen_spaces(p, a, c->width - n);
    pen_textw(p, a, buf, n);
}

/* A row: tr is NULL for the whole-program row r. */
static void
draw_row(const struct tui *t, const struct snapshot *s, int y, int width,
         const struct snap_row *r, const struct table_row *tr, const double *m,
         bool selected)
{
    attr_t base = colors_attr(tr == NULL        ? CR_PROGRAM
                              : tr->thread >= 0 ? CR_THREAD
                                                : CR_NORMAL);
    attr_t flag = colors_attr(CR_FLAG), tree = colors_attr(CR_TREE);
    struct pen p;
    char buf[16];

    if (selected)
        base = flag = tree = colors_attr(CR_SELECTED);
    pen_at(&p, stdscr, y, 0, width);
    for (int i = 0; i < t->cols.n && pen_left(&p) > 0; i++) {
        const struct column *c = &t->cols.c[i];

        if (i > 0)
            pen_spaces(&p, base, 1);
        if (c->kind == COL_FLAGS) {
            bool cut =
                tr != NULL && tr->thread < 0 && s->regions[tr->region].cut;

            columns_flags(buf, sizeof buf, r->flags, cut, c->width);
            pen_text(&p, flag, buf);
            pen_spaces(&p, base, c->width - (int)strlen(buf));
        } else if (c->kind == COL_NAME) {
            draw_name(&p, t, s, tr, c->width, base, tree);
        } else {
            draw_value(&p, s, c,
                       columns_value(s, r, m, c->kind, c->arg, t->per_call),
                       base);
        }
    }
    pen_fill(&p, base);
}

static void
draw_header(const struct tui *t, int y, int width)
{
    attr_t hdr = colors_attr(CR_COLHDR);
    const wchar_t *mark;
    struct pen p;

    if (text_utf8())
        mark = t->sort_desc ? L"\u25bc" : L"\u25b2";
    else
        mark = t->sort_desc ? L"v" : L"^";
    pen_at(&p, stdscr, y, 0, width);
    for (int i = 0; i < t->cols.n && pen_left(&p) > 0; i++) {
        const struct column *c = &t->cols.c[i];
        bool sorted = c->kind == t->sort_kind && c->arg == t->sort_arg;
        attr_t a = sorted ? colors_attr(CR_COLSORT) : hdr;
        int n =
            text_width(c->label, strlen(c->label), c->width) + (sorted ? 1 : 0);

        if (i > 0)
            pen_spaces(&p, hdr, 1);
        if (c->kind != COL_NAME && c->kind != COL_FLAGS)
            pen_spaces(&p, a, c->width - n);
        pen_text(&p, a, c->label);
        if (sorted)
            pen_wide(&p, a, mark);
        if (c->kind == COL_NAME || c->kind == COL_FLAGS)
            pen_spaces(&p, a, c->width - n);
    }
    pen_fill(&p, hdr);
}

static const char *
empty_text(const struct tui *t, const struct snapshot *s)
{
    if (s == NULL)
        return "waiting for the program's first snapshot...";
    if (s->nregions == 0)
        return "no regions yet: mark code with PERF_REGION(\"name\") "
               "from <hwtop.h>";
    if (t->filter[0] != '\0')
        return "no region matches the filter (Esc clears it)";
    return "no rows";
}

/* Keeps the selection on screen, and the screen full when it can be. */
static void
scroll_to_selection(struct tui *t)
{
    if (t->page < 1)
        t->page = 1;
    if (t->sel < t->top)
        t->top = t->sel;
    if (t->sel >= t->top + t->page)
        t->top = t->sel - t->page + 1;
    if (t->top > t->table.n - t->page)
        t->top = t->table.n - t->page;
    if (t->top < 0)
        t->top = 0;
}

void
tableview_draw(struct tui *t, const struct snapshot *s, int y, int bottom,
               int width)
{
    struct pen p;

    if (y >= bottom)
        return;
    draw_header(t, y++, width);
    if (s != NULL && s->has_program && y < bottom) {
        double m[METRIC_COUNT];

        metrics_compute(s, &s->program, m);
        draw_row(t, s, y++, width, &s->program, NULL, m, false);
    }
    t->page = bottom - y;
    scroll_to_selection(t);
    if (t->table.n == 0 && y < bottom) {
        pen_at(&p, stdscr, y, 1, width);
        pen_text(&p, colors_attr(CR_DIM), empty_text(t, s));
        return;
    }
    for (int i = t->top; i < t->table.n && y < bottom; i++, y++) {
        const struct table_row *tr = &t->table.rows[i];

        draw_row(t, s, y, width, tr->r, tr, tr->m, i == t->sel);
    }
}
