/* SPDX-License-Identifier: MIT */
/* view.c: the table for a snapshot, and a selection that follows its row. */
#include "view.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tableview.h"

void
view_select(struct tui *t, int i)
{
    if (i >= t->table.n)
        i = t->table.n - 1;
    if (i < 0)
        i = 0;
    t->sel = i;
    t->have_sel = t->table.n > 0;
    if (t->have_sel) {
        t->sel_region = t->table.rows[i].region;
        t->sel_thread = t->table.rows[i].thread;
    }
}

int
view_expand(struct tui *t, int region, bool on)
{
    if (region < 0)
        return 0;
    if (region >= t->nexpanded) {
        int n = region + 64;
        bool *e;

        if (!on)
            return 0;
        e = realloc(t->expanded, sizeof *e * (size_t)n);
        if (e == NULL)
            return -ENOMEM;
        memset(e + t->nexpanded, 0, sizeof *e * (size_t)(n - t->nexpanded));
        t->expanded = e;
        t->nexpanded = n;
    }
    t->expanded[region] = on;
    return 0;
}

/* A sort column that no longer exists (an event gone) falls back to the
 * default: inclusive time, longest first. */
static void
check_sort(struct tui *t, const struct snapshot *s)
{
    bool ok = columns_sortable(t->sort_kind);

    if (t->sort_kind == COL_EVENT)
        ok = t->sort_arg >= 0 && t->sort_arg < s->nevents &&
             s->events[t->sort_arg].state != SNAP_EV_UNAVAILABLE;
    else if (t->sort_kind == COL_METRIC)
        ok = t->sort_arg >= 0 && t->sort_arg < METRIC_COUNT;
    if (!ok) {
        t->sort_kind = COL_INCL;
        t->sort_arg = 0;
        t->sort_desc = true;
    }
}

/* The metrics the whole-program row has a value for. */
static unsigned
program_metrics(const struct snapshot *s)
{
    double m[METRIC_COUNT];
    unsigned seen = 0;

    metrics_compute(s, &s->program, m);
    for (int k = 0; k < METRIC_COUNT; k++)
        if (!isnan(m[k]))
            seen |= 1u << k;
    return seen;
}

int
view_refresh(struct tui *t, const struct snapshot *s, int width)
{
    struct table_query q = {
        .sort_kind = t->sort_kind,
        .sort_arg = t->sort_arg,
        .desc = t->sort_desc,
        .tree = t->tree,
        .per_call = t->per_call,
        .filter = t->filter,
        .expanded = t->expanded,
        .nexpanded = t->nexpanded,
    };
    int rc = 0;

    if (s != NULL) {
        check_sort(t, s);
        q.sort_kind = t->sort_kind;
        q.sort_arg = t->sort_arg;
        q.desc = t->sort_desc;
        rc = table_build(&t->table, s, &q, &t->metric_seen);
        if (s->has_program)
            t->metric_seen |= program_metrics(s);
    } else {
        t->table.n = 0;
    }
    t->procs = false;
    for (int i = 1; s != NULL && i < s->nthreads && !t->procs; i++)
        t->procs = s->threads[i].pid != s->threads[0].pid;
    columns_build(&t->cols, s, t->metric_seen, t->per_call, 0);
    t->name_width = tableview_name_width(t, s, width);
    columns_build(&t->cols, s, t->metric_seen, t->per_call, t->name_width);
    if (t->have_sel) {
        int i = table_find(&t->table, t->sel_region, t->sel_thread);

        if (i < 0 && t->sel_thread >= 0)
            i = table_find(&t->table, t->sel_region, -1);
        if (i >= 0)
            t->sel = i;
    }
    view_select(t, t->sel);
    return rc;
}

void
view_fini(struct tui *t)
{
    table_fini(&t->table);
    free(t->expanded);
    t->expanded = NULL;
    t->nexpanded = 0;
}
