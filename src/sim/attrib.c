/* SPDX-License-Identifier: MIT */
/* attrib.c: per-thread stack replay and cost attribution (attrib.h). */
#include "attrib.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A thread's stack as its marks rebuilt it. */
struct sim_thread {
    int32_t tid;
    uint32_t depth;
    struct sim_cell *frame[SIM_MARK_MAX_DEPTH]; /* NULL: untracked */
};

/* Which thread a callgrind thread number of a process was last. */
struct sim_stream {
    int pid;
    unsigned thread;
    int32_t tid;
};

struct sim_attrib {
    struct sim_cell **cells;
    int ncells, cells_cap;
    uint32_t *cell_hash; /* open addressing: cell index + 1, 0 empty */
    uint32_t hash_cap;   /* a power of two, at least twice ncells */
    struct sim_thread **threads;
    int nthreads, threads_cap;
    struct sim_stream *streams;
    int nstreams, streams_cap;
    int64_t total[SIM_NCOLS];
    uint64_t stamp;   /* for "each region once" */
    uint64_t version; /* bumped by every apply: estimates are redone */
    uint64_t inconsistent;
};

static uint32_t
hash_key(int32_t tid, uint32_t region)
{
    uint64_t x = (uint64_t)(uint32_t)tid << 32 | region;

    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (uint32_t)x;
}

/* Grows a caller's array of elem-sized items to hold one more. */
static int
grow(void *arrp, int n, int *cap, size_t elem)
{
    void **arr = arrp;
    int ncap = *cap ? *cap * 2 : 16;
    void *p;

    if (n < *cap)
        return 0;
    if ((p = realloc(*arr, (size_t)ncap * elem)) == NULL)
        return -ENOMEM;
    *arr = p;
    *cap = ncap;
    return 0;
}

static int
rehash(struct sim_attrib *a)
{
    uint32_t cap = a->hash_cap ? a->hash_cap * 2 : 64;
    uint32_t *h = calloc(cap, sizeof *h);

    if (h == NULL)
        return -ENOMEM;
    for (int i = 0; i < a->ncells; i++) {
        uint32_t k = hash_key(a->cells[i]->tid, a->cells[i]->region);

        while (h[k & (cap - 1)] != 0)
            k++;
        h[k & (cap - 1)] = (uint32_t)i + 1;
    }
    free(a->cell_hash);
    a->cell_hash = h;
    a->hash_cap = cap;
    return 0;
}

static struct sim_cell *
cell_find(const struct sim_attrib *a, int32_t tid, uint32_t region)
{
    uint32_t k = hash_key(tid, region);

    if (a->hash_cap == 0)
        return NULL;
    for (;; k++) {
        uint32_t i = a->cell_hash[k & (a->hash_cap - 1)];

        if (i == 0)
            return NULL;
        if (a->cells[i - 1]->tid == tid && a->cells[i - 1]->region == region)
            return a->cells[i - 1];
    }
}

static struct sim_cell *
cell_get(struct sim_attrib *a, int32_t tid, uint32_t region)
{
    struct sim_cell *c = cell_find(a, tid, region);
    uint32_t k;

    if (c != NULL)
        return c;
    if (((uint32_t)a->ncells + 1) * 2 > a->hash_cap && rehash(a) != 0)
        return NULL;
    if (grow(&a->cells, a->ncells, &a->cells_cap, sizeof *a->cells) != 0 ||
        (c = calloc(1, sizeof *c)) == NULL)
        return NULL;
    c->tid = tid;
    c->region = region;
    a->cells[a->ncells++] = c;
    for (k = hash_key(tid, region); a->cell_hash[k & (a->hash_cap - 1)]; k++)
        ;
    a->cell_hash[k & (a->hash_cap - 1)] = (uint32_t)a->ncells;
    return c;
}

static struct sim_thread *
thread_get(struct sim_attrib *a, int32_t tid)
{
    struct sim_thread *t;

    /* Few threads, and a thread's dumps tend to come in runs. */
    for (int i = a->nthreads; i-- > 0;)
        if (a->threads[i]->tid == tid)
            return a->threads[i];
    if (grow(&a->threads, a->nthreads, &a->threads_cap, sizeof *a->threads) ||
        (t = calloc(1, sizeof *t)) == NULL)
        return NULL;
    t->tid = tid;
    a->threads[a->nthreads++] = t;
    return t;
}

/* The kernel tid behind (pid, callgrind thread), learnt from marks. */
static int32_t
stream_tid(struct sim_attrib *a, const struct sim_dump *d)
{
    for (int i = 0; i < a->nstreams; i++) {
        struct sim_stream *s = &a->streams[i];

        if (s->pid != d->pid || s->thread != d->thread)
            continue;
        if (d->has_mark)
            s->tid = d->mark.tid;
        return s->tid;
    }
    if (!d->has_mark)
        return 0;
    if (grow(&a->streams, a->nstreams, &a->streams_cap, sizeof *a->streams))
        return d->mark.tid; /* attributed, just not remembered */
    a->streams[a->nstreams++] =
        (struct sim_stream){d->pid, d->thread, d->mark.tid};
    return d->mark.tid;
}

static void
charge(struct sim_attrib *a, struct sim_thread *t, const int64_t *cost)
{
    struct sim_cell *top = NULL;
    uint64_t stamp = ++a->stamp;

    for (uint32_t j = 0; j < t->depth; j++) {
        struct sim_cell *c = t->frame[j];

        if (c == NULL)
            continue;
        top = c;
        if (c->stamp == stamp)
            continue; /* recursion: inclusive counts each region once */
        c->stamp = stamp;
        for (int k = 0; k < SIM_NCOLS; k++)
            c->incl[k] += cost[k];
    }
    /* An untracked region's cost stays its parent's own, as measured. */
    if (top != NULL)
        for (int k = 0; k < SIM_NCOLS; k++)
            top->excl[k] += cost[k];
}

static int
anc_add(struct sim_cell *c, uint32_t region, uint64_t n)
{
    for (int i = 0; i < c->nanc; i++)
        if (c->anc[i].region == region) {
            c->anc[i].n += n;
            return 0;
        }
    if (grow(&c->anc, c->nanc, &c->anc_cap, sizeof *c->anc) != 0)
        return -ENOMEM;
    c->anc[c->nanc++] = (struct sim_tally){region, n};
    return 0;
}

/* The first unmarked call of c: what was measured so far is its exact
 * part, kept apart from the sampled part that estimates will scale. */
static void
base(struct sim_cell *c)
{
    if (c->base_set)
        return;
    c->base_set = true;
    c->base_calls = c->calls;
    memcpy(c->base_incl, c->incl, sizeof c->incl);
    memcpy(c->base_excl, c->excl, sizeof c->excl);
}

static int
tallies(struct sim_attrib *a, struct sim_thread *t, const struct sim_mark *m)
{
    for (int i = 0; i < m->nu; i++) {
        struct sim_cell *c = cell_get(a, t->tid, m->u[i].region);
        uint64_t stamp = ++a->stamp;

        if (c == NULL)
            return -ENOMEM;
        base(c);
        c->unsampled += m->u[i].n;
        c->stamp = stamp; /* recursion: its own scaling counts it */
        for (uint32_t j = 0; j < t->depth; j++) {
            struct sim_cell *o = t->frame[j];

            if (o == NULL || o->stamp == stamp)
                continue;
            o->stamp = stamp;
            if (anc_add(o, m->u[i].region, m->u[i].n) != 0)
                return -ENOMEM;
        }
    }
    for (int i = 0; i < m->ns; i++) {
        struct sim_cell *c = cell_get(a, t->tid, m->s[i].region);

        if (c == NULL)
            return -ENOMEM;
        base(c);
        c->suppressed += m->s[i].n;
    }
    return 0;
}

/* Sets the stack to depth d; levels the marks skipped are untracked. */
static void
resize(struct sim_attrib *a, struct sim_thread *t, uint32_t d, bool count)
{
    if (d > t->depth) {
        a->inconsistent++;
        memset(&t->frame[t->depth], 0, (d - t->depth) * sizeof t->frame[0]);
    }
    for (uint32_t j = d; count && j < t->depth; j++)
        if (t->frame[j] != NULL)
            t->frame[j]->calls++;
    t->depth = d;
}

static int
follow(struct sim_attrib *a, struct sim_thread *t, const struct sim_mark *m)
{
    struct sim_cell *c = NULL;

    switch (m->op) {
    case 'B':
        if (m->depth - 1 < t->depth)
            a->inconsistent++; /* the library says less is open */
        resize(a, t, m->depth - 1, false);
        if (m->region != SIM_NO_REGION &&
            (c = cell_get(a, t->tid, m->region)) == NULL)
            return -ENOMEM;
        t->frame[t->depth++] = c;
        return 0;
    case 'E':
        resize(a, t, m->depth, true);
        return 0;
    default:
        if (m->depth != t->depth)
            resize(a, t, m->depth, false);
        return 0;
    }
}

int
sim_attrib_apply(struct sim_attrib *a, const struct sim_dump *d)
{
    struct sim_thread *t;
    int32_t tid;
    int rc;

    a->version++;
    for (int k = 0; k < SIM_NCOLS; k++)
        a->total[k] += d->cost[k];
    if ((tid = stream_tid(a, d)) == 0)
        return 0; /* before the thread's first mark: no region open */
    if ((t = thread_get(a, tid)) == NULL)
        return -ENOMEM;
    charge(a, t, d->cost);
    if (!d->has_mark)
        return 0;
    if ((rc = tallies(a, t, &d->mark)) != 0)
        return rc;
    return follow(a, t, &d->mark);
}

/* The estimated cost of the unmarked calls made while c was open:
 * each tallied call at its region's mean inclusive cost. */
static void anc_cost(struct sim_attrib *a, struct sim_cell *c);

/* Mean inclusive cost of one call of c, taken over the calls marked
 * after it began to be sampled when there are any (its first, exact
 * calls are the warm-up: caches and predictors still cold). */
static double
mean_incl(struct sim_attrib *a, struct sim_cell *c, int k)
{
    uint64_t calls2 = c->calls - c->base_calls;

    anc_cost(a, c);
    if (c->est_state != 2) /* a cycle through recursion: measured only */
        return c->calls ? (double)c->incl[k] / (double)c->calls : 0;
    if (c->base_set && calls2 > 0)
        return ((double)(c->incl[k] - c->base_incl[k]) + c->est_anc[k]) /
               (double)calls2;
    return c->calls ? ((double)c->incl[k] + c->est_anc[k]) / (double)c->calls
                    : 0;
}

static void
anc_cost(struct sim_attrib *a, struct sim_cell *c)
{
    if (c->est_gen == a->version)
        return; /* done, or being done (a cycle through recursion) */
    c->est_gen = a->version;
    c->est_state = 1;
    memset(c->est_anc, 0, sizeof c->est_anc);
    for (int i = 0; i < c->nanc; i++) {
        struct sim_cell *o = cell_find(a, c->tid, c->anc[i].region);

        if (o == NULL || o->calls == 0)
            continue;
        for (int k = 0; k < SIM_NCOLS; k++)
            c->est_anc[k] += (double)c->anc[i].n * mean_incl(a, o, k);
    }
    c->est_state = 2;
}

bool
sim_attrib_estimate(struct sim_attrib *a, struct sim_cell *c, int64_t *incl,
                    int64_t *excl)
{
    uint64_t unmarked = c->unsampled + c->suppressed;
    uint64_t calls2 = c->calls - c->base_calls;

    anc_cost(a, c);
    for (int k = 0; k < SIM_NCOLS; k++) {
        double in = (double)c->incl[k] + c->est_anc[k];
        double ex = (double)c->excl[k];

        /* Stratified: the exact calls as measured, the sampled ones
         * scaled up to stand for the unmarked ones too. */
        if (unmarked > 0 && c->base_set && calls2 > 0) {
            double s = (double)(calls2 + unmarked) / (double)calls2;

            in = (double)c->base_incl[k] + (in - (double)c->base_incl[k]) * s;
            ex = (double)c->base_excl[k] + (ex - (double)c->base_excl[k]) * s;
        } else if (unmarked > 0 && c->calls > 0) {
            double s = (double)(c->calls + unmarked) / (double)c->calls;

            in *= s;
            ex *= s;
        }
        incl[k] = llround(in);
        excl[k] = llround(ex);
    }
    return unmarked > 0 || c->nanc > 0;
}

void
sim_attrib_program(struct sim_attrib *a, int64_t *out)
{
    double v[SIM_NCOLS];

    for (int k = 0; k < SIM_NCOLS; k++)
        v[k] = (double)a->total[k];
    for (int i = 0; i < a->ncells; i++) {
        struct sim_cell *c = a->cells[i];

        if (c->unsampled == 0 || c->calls == 0)
            continue;
        for (int k = 0; k < SIM_NCOLS; k++)
            v[k] += (double)c->unsampled * mean_incl(a, c, k);
    }
    for (int k = 0; k < SIM_NCOLS; k++)
        out[k] = llround(v[k]);
}

struct sim_attrib *
sim_attrib_new(void)
{
    return calloc(1, sizeof(struct sim_attrib));
}

void
sim_attrib_free(struct sim_attrib *a)
{
    if (a == NULL)
        return;
    for (int i = 0; i < a->ncells; i++) {
        free(a->cells[i]->anc);
        free(a->cells[i]);
    }
    for (int i = 0; i < a->nthreads; i++)
        free(a->threads[i]);
    free(a->cells);
    free(a->cell_hash);
    free(a->threads);
    free(a->streams);
    free(a);
}

const int64_t *
sim_attrib_total(const struct sim_attrib *a)
{
    return a->total;
}

uint64_t
sim_attrib_inconsistent(const struct sim_attrib *a)
{
    return a->inconsistent;
}

int
sim_attrib_ncells(const struct sim_attrib *a)
{
    return a->ncells;
}

struct sim_cell *
sim_attrib_cell(struct sim_attrib *a, int i)
{
    return a->cells[i];
}
