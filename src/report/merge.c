/* SPDX-License-Identifier: MIT */
/* merge.c: an MPI job's reports side by side, per region: min, median,
 * max, the rank that holds the max, and what the imbalance costs. */
#include "merge.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvload.h"
#include "diff.h"

#define FAIL(...)                                                              \
    do {                                                                       \
        snprintf(err, errlen, __VA_ARGS__);                                    \
        return -EINVAL;                                                        \
    } while (0)

/* Notes wait for the end: a merge that fails says only why. */
static void
note(struct merge *m, const char *fmt, ...)
{
    va_list ap;

    if (m->nnotes == 4)
        return;
    va_start(ap, fmt);
    vsnprintf(m->notes[m->nnotes++], sizeof m->notes[0], fmt, ap);
    va_end(ap);
}

static int
by_rank(const void *a, const void *b)
{
    const struct merge_input *x = a, *y = b;

    return (x->rank > y->rank) - (x->rank < y->rank);
}

struct file_id {
    dev_t dev;
    ino_t ino;
    int input;
};

static int
by_file(const void *a, const void *b)
{
    const struct file_id *x = a, *y = b;

    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    return (x->ino > y->ino) - (x->ino < y->ino);
}

/* The same file under two names would count one rank twice. */
static int
check_files(const struct merge *m, char *err, size_t errlen)
{
    struct file_id *f = calloc((size_t)m->ninputs, sizeof *f);
    int rc = 0;

    if (f == NULL)
        return -ENOMEM;
    for (int i = 0; i < m->ninputs && rc == 0; i++) {
        struct stat st;

        if (stat(m->inputs[i].path, &st) != 0) {
            snprintf(err, errlen, "%s: %s", m->inputs[i].path, strerror(errno));
            rc = -EINVAL;
            break;
        }
        f[i] = (struct file_id){st.st_dev, st.st_ino, i};
    }
    if (rc == 0)
        qsort(f, (size_t)m->ninputs, sizeof *f, by_file);
    for (int i = 1; i < m->ninputs && rc == 0; i++)
        if (by_file(&f[i - 1], &f[i]) == 0) {
            snprintf(err, errlen, "%s: the same file as %s",
                     m->inputs[f[i].input].path,
                     m->inputs[f[i - 1].input].path);
            rc = -EINVAL;
        }
    free(f);
    return rc;
}

/* One job, each rank once; the ranks missing from it are a note. */
static int
check_job(struct merge *m, char *err, size_t errlen)
{
    const struct merge_input *a = &m->inputs[0];

    for (int i = 1; i < m->ninputs; i++) {
        const struct merge_input *b = &m->inputs[i];

        if (b->rank == m->inputs[i - 1].rank)
            FAIL("%s: rank %d again (also %s): reports of two jobs?", b->path,
                 b->rank, m->inputs[i - 1].path);
        if (strcmp(a->id.job, b->id.job) != 0)
            FAIL("%s: from job '%.60s', %s from job '%.60s': merge one job's "
                 "reports",
                 b->path, b->id.job, a->path, a->id.job);
        if (a->id.size != b->id.size)
            FAIL("%s: rank %d of a job of %d ranks, %s of one of %d", b->path,
                 b->rank, b->id.size, a->path, a->id.size);
    }
    if (a->id.size > m->ninputs) {
        int missing = 0;

        while (missing < m->ninputs && m->inputs[missing].rank == missing)
            missing++;
        note(m,
             "reports of %d of the job's %d ranks (rank %d is missing): "
             "the spread is over these",
             m->ninputs, a->id.size, missing);
    }
    return 0;
}

/* Each input's rank, from its sidecar; the inputs in rank order. */
static int
read_ranks(struct merge *m, char *err, size_t errlen)
{
    const char *without = NULL;
    int rc;

    for (int i = 0; i < m->ninputs; i++) {
        struct merge_input *in = &m->inputs[i];

        rc = rank_read(in->path, &in->id, err, errlen);
        if (rc != 0 && rc != -ENOENT)
            return rc;
        in->has_rank = rc == 0;
        if (!in->has_rank && without == NULL)
            without = in->path;
    }
    m->ranks_from_order = without != NULL;
    for (int i = 0; i < m->ninputs; i++)
        m->inputs[i].rank = m->ranks_from_order ? i : m->inputs[i].id.rank;
    if (m->ranks_from_order) {
        note(m,
             "%.160s: no MPI rank in its sidecar: the ranks are the "
             "inputs' order, 0 to %d",
             without, m->ninputs - 1);
        return 0;
    }
    qsort(m->inputs, (size_t)m->ninputs, sizeof *m->inputs, by_rank);
    return check_job(m, err, errlen);
}

/* From the one after the last found: the ranks list the same regions in
 * the same order, mostly, so that one is usually it. */
static struct merge_region *
region_find(struct merge *m, const char *name, size_t len)
{
    for (int k = 0; k < m->nregions; k++) {
        int i = (m->next + k) % m->nregions;

        if (m->regions[i].len == len &&
            memcmp(m->regions[i].name, name, len) == 0) {
            m->next = i + 1;
            return &m->regions[i];
        }
    }
    return NULL;
}

static char *
copy_name(const char *p, size_t len)
{
    char *c = malloc(len + 1);

    if (c != NULL) {
        memcpy(c, p, len);
        c[len] = '\0';
    }
    return c;
}

static struct merge_region *
region_add(struct merge *m, const struct snapshot *s,
           const struct snap_row *row)
{
    const struct snap_region *sr = &s->regions[row->region];
    struct merge_region *r = region_find(m, sr->name, sr->len);

    if (r != NULL)
        return r;
    if (m->nregions == m->cap) {
        int cap = m->cap ? m->cap * 2 : 32;
        struct merge_region *n = realloc(m->regions, (size_t)cap * sizeof *n);

        if (n == NULL)
            return NULL;
        m->regions = n;
        m->cap = cap;
    }
    r = &m->regions[m->nregions];
    memset(r, 0, sizeof *r);
    r->name = copy_name(sr->name, sr->len);
    r->len = sr->len;
    r->v = calloc((size_t)m->ninputs * (size_t)m->nmetrics, sizeof *r->v);
    if (row->parent >= 0) {
        r->parent = copy_name(s->regions[row->parent].name,
                              s->regions[row->parent].len);
        r->parent_len = s->regions[row->parent].len;
    }
    if (r->name == NULL || r->v == NULL ||
        (row->parent >= 0 && r->parent == NULL)) {
        free(r->name);
        free(r->v);
        free(r->parent);
        return NULL;
    }
    m->next = ++m->nregions;
    return r;
}

/* Input i's all rows into the regions' value tables. */
static int
fold(struct merge *m, int i, const struct snapshot *s)
{
    for (int k = 0; k < s->nrows; k++) {
        const struct snap_row *row = &s->rows[k];
        struct merge_region *r;
        double *v;

        if (row->thread != -1)
            continue;
        if ((r = region_add(m, s, row)) == NULL)
            return -ENOMEM;
        v = r->v + (size_t)i * (size_t)m->nmetrics;
        if (v[MERGE_CALLS] == 0 && v[MERGE_WALL] == 0)
            r->ranks++;
        v[MERGE_CALLS] += (double)row->calls;
        v[MERGE_WALL] += (double)row->wall_ns;
        v[MERGE_EXCL] += (double)row->wall_ns - (double)row->child_wall_ns;
        for (int e = 0; e < s->nevents; e++)
            v[MERGE_NFIXED + e] += (double)row->ev[e];
    }
    return 0;
}

static void
set_metrics(struct merge *m, const struct snapshot *first)
{
    static const char *const fixed[] = {"calls", "wall_ns", "excl_wall_ns"};

    m->nmetrics = MERGE_NFIXED + first->nevents;
    for (int k = 0; k < MERGE_NFIXED; k++)
        snprintf(m->metric[k], SNAP_NAME, "%s", fixed[k]);
    for (int e = 0; e < first->nevents; e++)
        snprintf(m->metric[MERGE_NFIXED + e], SNAP_NAME, "%s",
                 first->events[e].name);
}

/* Loads every input, in rank order, against the first one's events. */
static int
load(struct merge *m, char *err, size_t errlen)
{
    struct snapshot first, s;
    bool counted[SNAP_MAX_EVENTS] = {false};
    char ev[512];
    int rc;

    if ((rc = csvload(m->inputs[0].path, &first, NULL, err, errlen)) != 0)
        return rc;
    set_metrics(m, &first);
    for (int i = 0; i < m->ninputs; i++) {
        const struct snapshot *cur = i == 0 ? &first : &s;

        if (i > 0 &&
            (rc = csvload(m->inputs[i].path, &s, NULL, err, errlen)) != 0)
            goto out;
        if (i > 0 && diff_events_differ(&first, &s, ev, sizeof ev)) {
            snprintf(err, errlen, "%s: not the events of %s (%s)",
                     m->inputs[i].path, m->inputs[0].path, ev);
            snapshot_fini(&s);
            rc = -EINVAL;
            goto out;
        }
        for (int e = 0; e < cur->nevents; e++) {
            bool no = cur->events[e].state == SNAP_EV_UNAVAILABLE;

            m->dropped[MERGE_NFIXED + e] |= no;
            counted[e] |= !no;
        }
        rc = fold(m, i, cur);
        if (i > 0)
            snapshot_fini(&s);
        if (rc != 0) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
    }
    for (int e = 0; e < first.nevents; e++)
        if (counted[e] && m->dropped[MERGE_NFIXED + e]) {
            note(m, "%s is not counted on every rank: left out",
                 first.events[e].name);
        }
out:
    snapshot_fini(&first);
    return rc;
}

struct pair {
    double v;
    int rank;
};

static int
by_value(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;

    if (x->v != y->v)
        return x->v < y->v ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

static void
stat_of(const struct merge *m, const struct merge_region *r, int k,
        struct pair *p, struct merge_stat *st)
{
    int n = m->ninputs, j = n - 1;
    double sum = 0;

    for (int i = 0; i < n; i++) {
        p[i].v = r->v[(size_t)i * (size_t)m->nmetrics + (size_t)k];
        p[i].rank = m->inputs[i].rank;
        sum += p[i].v;
    }
    qsort(p, (size_t)n, sizeof *p, by_value);
    while (j > 0 && p[j - 1].v == p[n - 1].v)
        j--;
    st->min = p[0].v;
    st->max = p[n - 1].v;
    st->max_rank = p[j].rank;
    st->median = n % 2 ? p[n / 2].v : (p[n / 2 - 1].v + p[n / 2].v) / 2;
    st->mean = sum / n;
    st->imbalance = st->mean > 0 ? st->max / st->mean : NAN;
}

static int
stats(struct merge *m)
{
    struct pair *p = calloc((size_t)m->ninputs, sizeof *p);

    if (p == NULL)
        return -ENOMEM;
    for (int i = 0; i < m->nregions; i++) {
        struct merge_region *r = &m->regions[i];

        for (int k = 0; k < m->nmetrics; k++)
            stat_of(m, r, k, p, &r->st[k]);
        r->cost_ns = r->st[MERGE_EXCL].max - r->st[MERGE_EXCL].mean;
        r->incl_cost_ns = r->st[MERGE_WALL].max - r->st[MERGE_WALL].mean;
    }
    free(p);
    return 0;
}

int
merge_compute(const char *const *paths, int n, FILE *warn, struct merge *out,
              char *err, size_t errlen)
{
    int rc;

    memset(out, 0, sizeof *out);
    if (n < 1)
        FAIL("no report to merge");
    out->inputs = calloc((size_t)n, sizeof *out->inputs);
    if (out->inputs == NULL) {
        snprintf(err, errlen, "out of memory");
        return -ENOMEM;
    }
    out->ninputs = n;
    for (int i = 0; i < n; i++)
        out->inputs[i].path = paths[i];
    if ((rc = check_files(out, err, errlen)) != 0 ||
        (rc = read_ranks(out, err, errlen)) != 0 ||
        (rc = load(out, err, errlen)) != 0 || (rc = stats(out)) != 0) {
        if (rc == -ENOMEM)
            snprintf(err, errlen, "out of memory");
        merge_fini(out);
        return rc;
    }
    for (int i = 0; i < out->nnotes && warn != NULL; i++)
        fprintf(warn, "hwtop merge: %s\n", out->notes[i]);
    return 0;
}

void
merge_fini(struct merge *m)
{
    if (m == NULL)
        return;
    for (int i = 0; i < m->nregions; i++) {
        free(m->regions[i].name);
        free(m->regions[i].parent);
        free(m->regions[i].v);
    }
    free(m->regions);
    free(m->inputs);
    memset(m, 0, sizeof *m);
}
