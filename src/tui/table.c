/* SPDX-License-Identifier: MIT */
/* table.c: snapshot rows to table rows: filter, sort, tree, threads. */
#include "table.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"

/*
 * A snapshot holds per-thread rows and one all-threads row per region.
 * The table shows the all-threads rows (filtered, sorted; in the tree view
 * each under its parent, siblings sorted), and after an expanded region
 * its per-thread rows.  Everything here is scratch for one build.
 */
struct sort_ent {
    int row; /* index into s->rows */
    double key;
};

/* The tree walk's stack. */
struct frame {
    int region;
    int depth;
    bool last;
    uint64_t more;
};

struct build {
    const struct snapshot *s;
    const struct table_query *q;
    struct table *t;
    int *all;       /* region -> its all-threads row, or -1 */
    int *thr_start; /* region -> first of its thread rows in thr */
    int *thr;       /* per-thread rows grouped by region */
    bool *keep;     /* region passes the filter */
    bool *visited;  /* tree walk */
    double *m;      /* METRIC_COUNT per region (its all row) */
    struct sort_ent *order;
    int norder;
    int *kid_start; /* tree: children of each region, roots last */
    int *kids;
    struct sort_ent *scratch; /* a region's thread rows, to sort */
    struct frame *stack;
};

static const char *
region_name(const struct snapshot *s, int region)
{
    const char *n = s->regions[region].name;

    return n != NULL ? n : "";
}

static int
compare(const void *pa, const void *pb, void *arg)
{
    const struct sort_ent *a = pa, *b = pb;
    const struct build *bd = arg;
    const struct snap_row *ra = &bd->s->rows[a->row];
    const struct snap_row *rb = &bd->s->rows[b->row];
    int c = 0;

    if (bd->q->sort_kind != COL_NAME) {
        /* Empty values go last whichever the direction. */
        if (isnan(a->key) != isnan(b->key))
            return isnan(a->key) ? 1 : -1;
        if (a->key != b->key && !isnan(a->key))
            c = a->key < b->key ? -1 : 1;
        if (c != 0)
            return bd->q->desc ? -c : c;
    }
    c = strcmp(region_name(bd->s, ra->region), region_name(bd->s, rb->region));
    if (bd->q->sort_kind == COL_NAME && bd->q->desc)
        c = -c;
    if (c == 0)
        c = (ra->thread > rb->thread) - (ra->thread < rb->thread);
    return c;
}

static double
key_of(const struct build *b, const struct snap_row *r, const double *m)
{
    return columns_value(b->s, r, m, b->q->sort_kind, b->q->sort_arg,
                         b->q->per_call);
}

static int
alloc_scratch(struct build *b)
{
    int nr = b->s->nregions, nrows = b->s->nrows;

    b->all = malloc(sizeof(int) * (size_t)(nr + 1));
    b->thr_start = calloc((size_t)nr + 2, sizeof(int));
    b->thr = malloc(sizeof(int) * (size_t)(nrows + 1));
    b->keep = calloc((size_t)nr + 1, sizeof(bool));
    b->visited = calloc((size_t)nr + 1, sizeof(bool));
    b->m = malloc(sizeof(double) * METRIC_COUNT * (size_t)(nr + 1));
    b->order = malloc(sizeof(struct sort_ent) * (size_t)(nr + 1));
    b->kid_start = calloc((size_t)nr + 3, sizeof(int));
    b->kids = malloc(sizeof(int) * (size_t)(nr + 1));
    b->scratch = malloc(sizeof(struct sort_ent) * (size_t)(nrows + 1));
    b->stack = malloc(sizeof(struct frame) * (size_t)(nr + 2));
    if (b->all == NULL || b->thr_start == NULL || b->thr == NULL ||
        b->keep == NULL || b->visited == NULL || b->m == NULL ||
        b->order == NULL || b->kid_start == NULL || b->kids == NULL ||
        b->scratch == NULL || b->stack == NULL)
        return -ENOMEM;
    return 0;
}

static void
free_scratch(struct build *b)
{
    free(b->all);
    free(b->thr_start);
    free(b->thr);
    free(b->keep);
    free(b->visited);
    free(b->m);
    free(b->order);
    free(b->kid_start);
    free(b->kids);
    free(b->scratch);
    free(b->stack);
}

/* Finds each region's all row and groups the per-thread rows. */
static void
index_rows(struct build *b)
{
    const struct snapshot *s = b->s;
    int nr = s->nregions;

    for (int i = 0; i < nr; i++)
        b->all[i] = -1;
    for (int i = 0; i < s->nrows; i++) {
        const struct snap_row *r = &s->rows[i];

        if (r->region < 0 || r->region >= nr)
            continue;
        if (r->thread == -1 && b->all[r->region] < 0)
            b->all[r->region] = i;
        else if (r->thread >= 0 && r->thread < s->nthreads)
            b->thr_start[r->region + 1]++;
    }
    for (int i = 0; i < nr; i++)
        b->thr_start[i + 1] += b->thr_start[i];
    /* Fill using thr_start[region] as a cursor, then shift it back. */
    for (int i = 0; i < s->nrows; i++) {
        const struct snap_row *r = &s->rows[i];

        if (r->region >= 0 && r->region < nr && r->thread >= 0 &&
            r->thread < s->nthreads)
            b->thr[b->thr_start[r->region]++] = i;
    }
    for (int i = nr; i > 0; i--)
        b->thr_start[i] = b->thr_start[i - 1];
    b->thr_start[0] = 0;
}

/* The parent shown for region: -1 at top level (or when not shown). */
static int
parent_of(const struct build *b, int region)
{
    int p = b->s->rows[b->all[region]].parent;

    if (p < 0 || p >= b->s->nregions || p == region || b->all[p] < 0)
        return -1;
    return p;
}

/* Which regions pass the filter; in the tree, their ancestors too. */
static void
filter_regions(struct build *b)
{
    const char *f = b->q->filter;
    int nr = b->s->nregions;

    for (int i = 0; i < nr; i++) {
        if (b->all[i] < 0)
            continue;
        if (f == NULL || f[0] == '\0' ||
            strcasestr(region_name(b->s, i), f) != NULL)
            b->keep[i] = true;
    }
    if (!b->q->tree || f == NULL || f[0] == '\0')
        return;
    for (int i = 0; i < nr; i++) {
        if (b->all[i] < 0 || !b->keep[i] || b->visited[i])
            continue;
        /* At most nr steps up: a cycle in the parents ends the walk. */
        for (int p = parent_of(b, i), n = 0; p >= 0 && n < nr;
             p = parent_of(b, p), n++) {
            if (b->visited[p])
                break;
            b->keep[p] = true;
            b->visited[p] = true; /* its ancestors are done */
        }
    }
    memset(b->visited, 0, sizeof(bool) * (size_t)nr);
}

/* Metrics of every region's all row; the bits of those with a value. */
static unsigned
compute_metrics(struct build *b)
{
    unsigned seen = 0;

    for (int i = 0; i < b->s->nregions; i++) {
        double *m = &b->m[(size_t)i * METRIC_COUNT];

        if (b->all[i] < 0)
            continue;
        metrics_compute(b->s, &b->s->rows[b->all[i]], m);
        for (int k = 0; k < METRIC_COUNT; k++)
            if (!isnan(m[k]))
                seen |= 1u << k;
    }
    return seen;
}

static void
sort_regions(struct build *b)
{
    b->norder = 0;
    for (int i = 0; i < b->s->nregions; i++) {
        const double *m = &b->m[(size_t)i * METRIC_COUNT];

        if (b->all[i] < 0 || !b->keep[i])
            continue;
        b->order[b->norder].row = b->all[i];
        b->order[b->norder].key = key_of(b, &b->s->rows[b->all[i]], m);
        b->norder++;
    }
    qsort_r(b->order, (size_t)b->norder, sizeof b->order[0], compare, b);
}

static struct table_row *
append(struct build *b, const struct snap_row *r, int depth, bool last,
       uint64_t more)
{
    struct table_row *tr = &b->t->rows[b->t->n++];

    memset(tr, 0, sizeof *tr);
    tr->r = r;
    tr->region = r->region;
    tr->thread = r->thread;
    tr->depth = depth;
    tr->last = last;
    tr->more = more;
    return tr;
}

/* A region's row, then its thread rows when it is expanded. */
static void
emit_region(struct build *b, int region, int depth, bool last, uint64_t more,
            bool has_kids)
{
    struct table_row *tr;
    int first = b->thr_start[region], n = b->thr_start[region + 1] - first;
    uint64_t kid_more = more | (!last && depth < 64 ? 1ull << depth : 0);

    tr = append(b, &b->s->rows[b->all[region]], depth, last, more);
    memcpy(tr->m, &b->m[(size_t)region * METRIC_COUNT], sizeof tr->m);
    if (region >= b->q->nexpanded || !b->q->expanded[region] || n <= 0)
        return;
    tr->expanded = true;
    for (int i = 0; i < n; i++) {
        const struct snap_row *r = &b->s->rows[b->thr[first + i]];
        double m[METRIC_COUNT];

        metrics_compute(b->s, r, m);
        b->scratch[i].row = b->thr[first + i];
        b->scratch[i].key = key_of(b, r, m);
    }
    qsort_r(b->scratch, (size_t)n, sizeof b->scratch[0], compare, b);
    for (int i = 0; i < n; i++) {
        const struct snap_row *r = &b->s->rows[b->scratch[i].row];

        tr = append(b, r, depth + 1, i == n - 1 && !has_kids, kid_more);
        metrics_compute(b->s, r, tr->m);
    }
}

/* Children lists in sorted order; slot nregions holds the top level. */
static void
index_kids(struct build *b)
{
    int nr = b->s->nregions;

    for (int i = 0; i < b->norder; i++) {
        int p = parent_of(b, b->s->rows[b->order[i].row].region);

        b->kid_start[(p >= 0 && b->keep[p] ? p : nr) + 1]++;
    }
    for (int i = 0; i <= nr; i++)
        b->kid_start[i + 1] += b->kid_start[i];
    for (int i = 0; i < b->norder; i++) {
        int r = b->s->rows[b->order[i].row].region;
        int p = parent_of(b, r);

        b->kids[b->kid_start[p >= 0 && b->keep[p] ? p : nr]++] = r;
    }
    for (int i = nr + 1; i > 0; i--)
        b->kid_start[i] = b->kid_start[i - 1];
    b->kid_start[0] = 0;
}

/* Pushes the unvisited children of slot, first child on top. */
static int
push_kids(struct build *b, int slot, int depth, uint64_t more, int sp)
{
    bool last = true;

    for (int i = b->kid_start[slot + 1] - 1; i >= b->kid_start[slot]; i--) {
        int k = b->kids[i];

        if (b->visited[k])
            continue;
        b->stack[sp].region = k;
        b->stack[sp].depth = depth;
        b->stack[sp].last = last;
        b->stack[sp].more = more;
        sp++;
        last = false;
    }
    return sp;
}

static bool
has_unvisited_kids(const struct build *b, int region)
{
    for (int i = b->kid_start[region]; i < b->kid_start[region + 1]; i++)
        if (!b->visited[b->kids[i]])
            return true;
    return false;
}

/* Depth first from what is on the stack; each region at most once. */
static void
walk(struct build *b, int sp)
{
    while (sp > 0) {
        struct frame f = b->stack[--sp];
        uint64_t more = f.more;

        if (b->visited[f.region])
            continue;
        b->visited[f.region] = true;
        emit_region(b, f.region, f.depth, f.last, f.more,
                    has_unvisited_kids(b, f.region));
        if (!f.last && f.depth < 64)
            more |= 1ull << f.depth;
        sp = push_kids(b, f.region, f.depth + 1, more, sp);
    }
}

static void
tree(struct build *b)
{
    walk(b, push_kids(b, b->s->nregions, 0, 0, 0));
    /* Regions whose parents form a cycle: each starts a top-level row. */
    for (int i = 0; i < b->norder; i++) {
        int r = b->s->rows[b->order[i].row].region;

        if (b->visited[r])
            continue;
        b->stack[0].region = r;
        b->stack[0].depth = 0;
        b->stack[0].last = true;
        b->stack[0].more = 0;
        walk(b, 1);
    }
}

int
table_build(struct table *t, const struct snapshot *s,
            const struct table_query *q, unsigned *metric_seen)
{
    struct build b = {.s = s, .q = q, .t = t};
    int rc = 0;

    t->n = 0;
    if (s == NULL || s->nregions <= 0 || s->nrows <= 0 || s->regions == NULL ||
        s->rows == NULL)
        return 0;
    if (t->cap < s->nrows) {
        struct table_row *rows =
            realloc(t->rows, sizeof *rows * (size_t)s->nrows);

        if (rows == NULL)
            return -ENOMEM;
        t->rows = rows;
        t->cap = s->nrows;
    }
    rc = alloc_scratch(&b);
    if (rc < 0)
        goto out;
    index_rows(&b);
    filter_regions(&b);
    *metric_seen |= compute_metrics(&b);
    sort_regions(&b);
    if (q->tree) {
        index_kids(&b);
        tree(&b);
    } else {
        for (int i = 0; i < b.norder; i++)
            emit_region(&b, s->rows[b.order[i].row].region, 0,
                        i == b.norder - 1, 0, false);
    }
out:
    free_scratch(&b);
    return rc;
}

void
table_fini(struct table *t)
{
    if (t == NULL)
        return;
    free(t->rows);
    memset(t, 0, sizeof *t);
}

int
table_find(const struct table *t, int region, int thread)
{
    for (int i = 0; i < t->n; i++)
        if (t->rows[i].region == region && t->rows[i].thread == thread)
            return i;
    return -1;
}
