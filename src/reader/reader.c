/* SPDX-License-Identifier: MIT */
/* reader.c: segment to snapshot; the segment is untrusted input. */
#include "reader.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "segment.h"

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* Work state: the segment, its validated header copy, and id maps. */
struct take {
    const char *base;
    struct hwtop_seg_header h;
    struct snapshot *s;
    int *region_map; /* segment region id -> snapshot region, or -1 */
    int *thread_map; /* segment thread id -> snapshot thread, or -1 */
    uint32_t *row_slot; /* row -> segment slot */
    size_t *cap, *off, *n; /* per region: slots, first row, rows filled */
    uint32_t nreg, nthr, nslot;
    bool hists; /* reader_opts.histograms */
};

static const char *const misuse_words[HWTOP_MISUSE_KIND_MAX + 1] = {
    "?",
    "END without BEGIN on this thread",
    "END of a region not on top",
    "region open at exit",
    "nesting deeper than the stack",
    "more regions than the table holds",
    "more threads than the table holds",
    "more (thread, region) pairs than the pool holds",
    "NULL region name",
    "region open at thread exit",
};

static uint64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
copy_str(char *dst, size_t dlen, const char *src, size_t slen)
{
    size_t n = strnlen(src, MIN(slen, dlen - 1));

    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void
copy_events(struct take *t)
{
    struct snapshot *s = t->s;
    uint32_t ready = __atomic_load_n(
        &((const struct hwtop_seg_header *)t->base)->events_ready,
        __ATOMIC_ACQUIRE);
    const struct hwtop_seg_event *src[2] = {t->h.events, t->h.dropped};
    struct snap_event *dst[2] = {s->events, s->dropped};
    uint32_t n[2] = {MIN(t->h.nevents, SNAP_MAX_EVENTS),
                     MIN(t->h.ndropped, SNAP_MAX_EVENTS)};

    if (!ready)
        return;
    for (int k = 0; k < 2; k++)
        for (uint32_t i = 0; i < n[k]; i++) {
            copy_str(dst[k][i].name, SNAP_NAME, src[k][i].name,
                     sizeof src[k][i].name);
            copy_str(dst[k][i].spec, SNAP_NAME, src[k][i].spec,
                     sizeof src[k][i].spec);
            copy_str(dst[k][i].reason, SNAP_REASON, src[k][i].reason,
                     sizeof src[k][i].reason);
            dst[k][i].source = (int)MIN(src[k][i].source, 4u);
            dst[k][i].state = (int)MIN(src[k][i].state, 2u);
        }
    s->nevents = (int)n[0];
    s->ndropped = (int)n[1];
    s->fallback = t->h.fallback != 0;
}

struct name_ref {
    const char *name;
    uint32_t len;
    uint32_t seg_id;
};

static int
name_cmp(const void *a, const void *b)
{
    const struct name_ref *x = a, *y = b;
    int c;

    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    c = memcmp(x->name, y->name, x->len);
    if (c != 0)
        return c;
    return x->seg_id < y->seg_id ? -1 : x->seg_id > y->seg_id;
}

/* Regions with the same name (from several processes) become one. */
static int
copy_regions(struct take *t)
{
    const struct hwtop_seg_region *regs =
        (const void *)(t->base + t->h.regions_off);
    const char *arena = t->base + t->h.arena_off;
    struct name_ref *refs = calloc(t->nreg + 1, sizeof *refs);
    uint32_t nref = 0;
    int rc = -ENOMEM;

    if (refs == NULL)
        return -ENOMEM;
    for (uint32_t i = 0; i < t->nreg; i++) {
        uint32_t off, len;

        t->region_map[i] = -1;
        if (!__atomic_load_n(&regs[i].ready, __ATOMIC_ACQUIRE))
            continue;
        off = LOAD(regs[i].name_off);
        len = LOAD(regs[i].name_len);
        if (len > HWTOP_SEG_NAME_MAX ||
            (uint64_t)off + len >= t->h.arena_bytes)
            continue;
        /* The writer copies a C string: a NUL inside is corruption. */
        if (memchr(arena + off, '\0', len) != NULL)
            continue;
        refs[nref++] = (struct name_ref){arena + off, len, i};
    }
    /* Sort a copy to find equal names; the one claimed first (lowest id)
     * represents its group, and output keeps first-claim order. */
    struct name_ref *sorted = malloc((nref + 1) * sizeof *sorted);
    uint32_t *rep = malloc((t->nreg + 1) * sizeof *rep);
    if (sorted == NULL || rep == NULL)
        goto out_sorted;
    memcpy(sorted, refs, nref * sizeof *refs);
    qsort(sorted, nref, sizeof *sorted, name_cmp);
    for (uint32_t i = 0, g = 0; i < nref; i++) {
        if (sorted[i].len != sorted[g].len ||
            memcmp(sorted[i].name, sorted[g].name, sorted[i].len) != 0)
            g = i;
        rep[sorted[i].seg_id] = sorted[g].seg_id;
    }
    t->s->regions = calloc(nref + 1, sizeof *t->s->regions);
    if (t->s->regions == NULL)
        goto out_sorted;
    for (uint32_t i = 0; i < nref; i++) {
        uint32_t id = refs[i].seg_id;
        struct snap_region *r;

        if (rep[id] != id) {
            t->region_map[id] = t->region_map[rep[id]];
            continue;
        }
        r = &t->s->regions[t->s->nregions];
        r->name = malloc((size_t)refs[i].len + 1);
        if (r->name == NULL)
            goto out_sorted;
        memcpy(r->name, refs[i].name, refs[i].len);
        r->name[refs[i].len] = '\0';
        r->len = refs[i].len;
        r->cut = (LOAD(regs[id].flags) & HWTOP_REGION_CUT) != 0;
        t->region_map[id] = t->s->nregions++;
    }
    rc = 0;
out_sorted:
    free(sorted);
    free(rep);
    free(refs);
    return rc;
}

static int
copy_threads(struct take *t)
{
    const struct hwtop_seg_thread *blk =
        (const void *)(t->base + t->h.threads_off);

    t->s->threads = calloc(t->nthr + 1, sizeof *t->s->threads);
    if (t->s->threads == NULL)
        return -ENOMEM;
    for (uint32_t i = 0; i < t->nthr; i++) {
        const struct hwtop_seg_thread *b = &blk[i];
        struct snap_thread *o = &t->s->threads[t->s->nthreads];
        uint32_t state = __atomic_load_n(&b->state, __ATOMIC_ACQUIRE);
        uint32_t nlen = __atomic_load_n(&b->name_len, __ATOMIC_ACQUIRE);
        char name[HWTOP_SEG_THREAD_NAME];

        t->thread_map[i] = -1;
        if (state != HWTOP_THREAD_LIVE && state != HWTOP_THREAD_EXITED)
            continue;
        o->pid = b->pid;
        o->tid = b->tid;
        o->state = (int)state;
        o->cpu = LOAD(b->cpu);
        for (uint32_t k = 0; k < sizeof name; k++)
            name[k] = LOAD(b->name[k]);
        copy_str(o->name, sizeof o->name, name,
                 MIN(nlen, sizeof name - 1));
        t->thread_map[i] = t->s->nthreads++;
    }
    return 0;
}

/* Reads a slot's scalars consistently (sequence lock); 0 when the copy is
 * consistent, -1 when the writer kept it busy (the last copy is kept). */
#define ACQ(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)

static int
read_slot(const struct hwtop_seg_slot *src, struct snap_row *r, int nev)
{
    for (int tries = 0; tries < 1000; tries++) {
        uint32_t s1 = __atomic_load_n(&src->seq, __ATOMIC_ACQUIRE);

        r->calls = ACQ(src->calls);
        r->child_calls = ACQ(src->child_calls);
        r->desc_calls = ACQ(src->desc_calls);
        r->wall_ns = ACQ(src->wall_ns);
        r->child_wall_ns = ACQ(src->child_wall_ns);
        r->max_ns = ACQ(src->max_ns);
        r->flags = ACQ(src->flags) & 0xfu;
        for (int i = 0; i < nev; i++) {
            r->ev[i] = ACQ(src->ev[i]);
            r->child_ev[i] = ACQ(src->child_ev[i]);
        }
        /* Acquire loads above: this reload cannot move before them. */
        if ((s1 & 1) == 0 && s1 == LOAD(src->seq))
            return 0;
    }
    return -1;
}

static const struct hwtop_seg_slot *
seg_slot(const struct take *t, uint32_t i)
{
    return (const struct hwtop_seg_slot *)(t->base + t->h.slots_off) + i;
}

/* A histogram being summed: counts, and a bit per non-empty bucket. */
struct hist_acc {
    uint64_t *n;
    uint64_t used[HWTOP_HIST_WORDS];
    uint64_t total;
};

static void
hist_reset(struct hist_acc *a)
{
    for (uint32_t w = 0; w < HWTOP_HIST_WORDS; w++)
        for (uint64_t bits = a->used[w]; bits != 0; bits &= bits - 1)
            a->n[w * 64 + (uint32_t)__builtin_ctzll(bits)] = 0;
    memset(a->used, 0, sizeof a->used);
    a->total = 0;
}

/* Adds slot i's histogram, visiting only the buckets its bitmap marks. */
static void
hist_add(const struct take *t, uint32_t i, struct hist_acc *a)
{
    const struct hwtop_seg_hist *h =
        (const struct hwtop_seg_hist *)(t->base + t->h.hists_off) + i;

    for (uint32_t w = 0; w < HWTOP_HIST_WORDS; w++) {
        uint64_t bits = LOAD(h->used[w]);

        if (w == HWTOP_HIST_WORDS - 1 && HWTOP_HIST_BUCKETS % 64)
            bits &= (1ull << (HWTOP_HIST_BUCKETS % 64)) - 1;
        for (; bits != 0; bits &= bits - 1) {
            uint32_t b = w * 64 + (uint32_t)__builtin_ctzll(bits);
            uint64_t c = LOAD(h->n[b]);

            a->n[b] += c;
            a->total += c;
            a->used[w] |= 1ull << (b % 64);
        }
    }
}

/* p50, p90, p99, p999 in one pass: the midpoint of the bucket holding
 * each rank (ceil(q * total)), never above the exact maximum. */
static void
set_percentiles(struct snap_row *r, const struct hist_acc *a)
{
    static const double q[4] = {0.50, 0.90, 0.99, 0.999};
    uint64_t *out[4] = {&r->p50_ns, &r->p90_ns, &r->p99_ns, &r->p999_ns};
    uint64_t rank[4], cum = 0;
    int k = 0;

    if (a->total == 0)
        return;
    for (int j = 0; j < 4; j++) {
        rank[j] = (uint64_t)ceil(q[j] * (double)a->total);
        rank[j] = rank[j] ? rank[j] : 1;
    }
    for (uint32_t w = 0; w < HWTOP_HIST_WORDS && k < 4; w++)
        for (uint64_t bits = a->used[w]; bits != 0 && k < 4;
             bits &= bits - 1) {
            uint32_t b = w * 64 + (uint32_t)__builtin_ctzll(bits);

            cum += a->n[b];
            while (k < 4 && cum >= rank[k]) {
                uint64_t lo, width, v;

                hwtop__hist_range(b, &lo, &width);
                v = lo + width / 2;
                *out[k++] = v > r->max_ns ? r->max_ns : v;
            }
        }
    while (k < 4)
        *out[k++] = r->max_ns;
}

/* Collapses a histogram into r->hist: its non-empty buckets as they are
 * when at most SNAP_HIST_BINS, else merged with their neighbours in
 * SNAP_HIST_BINS equal spans of bucket index, which is log scale above
 * 128 ns (64 buckets an octave).  One pass over the used buckets and one
 * allocation; r->hist stays NULL when memory is short. */
static void
set_hist_bins(struct snap_row *r, const struct hist_acc *a)
{
    uint32_t first = HWTOP_HIST_BUCKETS, last = 0, used = 0, i = 0, prev = 0;

    for (uint32_t w = 0; w < HWTOP_HIST_WORDS; w++) {
        if (a->used[w] == 0)
            continue;
        if (first == HWTOP_HIST_BUCKETS)
            first = w * 64 + (uint32_t)__builtin_ctzll(a->used[w]);
        last = w * 64 + 63 - (uint32_t)__builtin_clzll(a->used[w]);
        used += (uint32_t)__builtin_popcountll(a->used[w]);
    }
    if (used == 0 || a->total == 0 ||
        (r->hist = calloc(MIN(used, SNAP_HIST_BINS), sizeof *r->hist)) == NULL)
        return;
    for (uint32_t w = 0; w < HWTOP_HIST_WORDS; w++)
        for (uint64_t bits = a->used[w]; bits != 0; bits &= bits - 1, i++) {
            uint32_t b = w * 64 + (uint32_t)__builtin_ctzll(bits), j = i;
            uint64_t lo, width;

            if (used > SNAP_HIST_BINS)
                j = (b - first) * SNAP_HIST_BINS / (last - first + 1);
            hwtop__hist_range(b, &lo, &width);
            if (r->nhist == 0 || j != prev)
                r->hist[r->nhist++].lo_ns = lo;
            prev = j;
            r->hist[r->nhist - 1].hi_ns = lo + width;
            r->hist[r->nhist - 1].count += a->n[b];
        }
}

/* Octave sums being added up (struct hwtop_seg_tail); octaves lo..hi
 * may be non-zero (lo > hi: none). */
struct tail_acc {
    struct hwtop_seg_tail o[HWTOP_TAIL_OCTAVES];
    uint32_t lo, hi;
};

static void
tail_reset(struct tail_acc *a)
{
    for (uint32_t k = a->lo; k <= a->hi && k < HWTOP_TAIL_OCTAVES; k++)
        memset(&a->o[k], 0, sizeof a->o[k]);
    a->lo = HWTOP_TAIL_OCTAVES;
    a->hi = 0;
}

static void
tail_put(struct tail_acc *a, uint32_t k, const struct hwtop_seg_tail *o,
         int nev)
{
    /* Wrapping sums: the values are the program's, maybe garbage. */
    a->o[k].n += o->n;
    a->o[k].ns += o->ns;
    for (int e = 0; e < nev; e++)
        a->o[k].ev[e] = (int64_t)((uint64_t)a->o[k].ev[e] + (uint64_t)o->ev[e]);
    a->lo = k < a->lo ? k : a->lo;
    a->hi = k > a->hi ? k : a->hi;
}

/* Adds slot i's octave sums: the octaves its bucket range covers. */
static void
tail_add(const struct take *t, uint32_t i, struct tail_acc *a, int nev)
{
    const struct hwtop_seg_slot *src = seg_slot(t, i);
    const struct hwtop_seg_hist *h =
        (const struct hwtop_seg_hist *)(t->base + t->h.hists_off) + i;
    uint32_t lo = LOAD(src->hist_lo), hi = LOAD(src->hist_hi);

    if (lo > hi || hi >= HWTOP_HIST_BUCKETS)
        return;
    for (uint32_t k = lo / HWTOP_HIST_SUB; k <= hi / HWTOP_HIST_SUB; k++) {
        struct hwtop_seg_tail o = {.n = LOAD(h->tail[k].n)};

        if (o.n == 0)
            continue;
        o.ns = LOAD(h->tail[k].ns);
        for (int e = 0; e < nev; e++)
            o.ev[e] = LOAD(h->tail[k].ev[e]);
        tail_put(a, k, &o, nev);
    }
}

static void
tail_merge(struct tail_acc *into, const struct tail_acc *from, int nev)
{
    for (uint32_t k = from->lo; k <= from->hi && k < HWTOP_TAIL_OCTAVES; k++)
        if (from->o[k].n != 0)
            tail_put(into, k, &from->o[k], nev);
}

/* A double to int64, saturating (casting one out of range is undefined). */
static int64_t
sat64(double v)
{
    if (!(v > -9.2e18))
        return v < 0 ? INT64_MIN : 0;
    if (v > 9.2e18)
        return INT64_MAX;
    return (int64_t)llround(v);
}

/* The slowest 1% of the calls (at least one): whole octaves from the
 * slowest down, and of the octave that reaches 1% the share it takes, at
 * that octave's mean. */
static void
set_slow(struct snap_row *r, const struct tail_acc *a, int nev)
{
    uint64_t total = 0, want, got = 0;
    double ns = 0, ev[SNAP_MAX_EVENTS] = {0};

    for (uint32_t k = a->lo; k <= a->hi && k < HWTOP_TAIL_OCTAVES; k++)
        total += a->o[k].n;
    if (total == 0)
        return;
    want = total / 100 + (total % 100 != 0);
    for (uint32_t k = a->hi + 1; k-- > a->lo && got < want;) {
        uint64_t n = a->o[k].n, take = MIN(n, want - got);
        double f;

        if (n == 0)
            continue;
        f = (double)take / (double)n;
        ns += f * (double)a->o[k].ns;
        for (int e = 0; e < nev; e++)
            ev[e] += f * (double)a->o[k].ev[e];
        got += take;
    }
    r->slow_calls = got;
    r->slow_ns = (uint64_t)sat64(ns);
    for (int e = 0; e < nev; e++)
        r->slow_ev[e] = sat64(ev[e]);
}

/* Marks, per thread, the regions open on it right now (live threads
 * only): one pass over the thread blocks instead of one per slot. */
static void
mark_open(const struct take *t, uint8_t *open, uint32_t nreg)
{
    const struct hwtop_seg_thread *blk =
        (const struct hwtop_seg_thread *)(t->base + t->h.threads_off);

    for (uint32_t th = 0; th < t->nthr; th++) {
        uint32_t depth = LOAD(blk[th].depth);

        if (depth == 0 ||
            __atomic_load_n(&blk[th].state, __ATOMIC_ACQUIRE) !=
                HWTOP_THREAD_LIVE)
            continue;
        depth = MIN(depth, HWTOP_SEG_MAX_DEPTH);
        for (uint32_t d = 0; d < depth; d++) {
            uint32_t r = LOAD(blk[th].stack[d]);

            if (r < nreg)
                open[r] = 1;
        }
    }
}

/* Is region (segment id) open on the live thread? */
static int
open_on(const struct take *t, uint32_t thread, uint32_t region)
{
    const struct hwtop_seg_thread *b =
        (const struct hwtop_seg_thread *)(t->base + t->h.threads_off) + thread;
    uint32_t depth = LOAD(b->depth);

    if (__atomic_load_n(&b->state, __ATOMIC_ACQUIRE) != HWTOP_THREAD_LIVE)
        return 0;
    depth = MIN(depth, HWTOP_SEG_MAX_DEPTH);
    for (uint32_t d = 0; d < depth; d++)
        if (LOAD(b->stack[d]) == region)
            return 1;
    return 0;
}

/* A slot's owner, as read once and checked (the program may change the
 * slot between two loads). */
struct slot_ids {
    uint32_t th, rg, pa;
};

/* Validates a slot; its snapshot region, or -1 when it has no row. */
static int
slot_region(const struct take *t, const struct hwtop_seg_slot *src,
            struct slot_ids *id)
{
    uint32_t th = LOAD(src->thread), rg = LOAD(src->region),
             pa = LOAD(src->parent);

    if (!__atomic_load_n(&src->ready, __ATOMIC_ACQUIRE) || th >= t->nthr ||
        rg >= t->nreg || pa > t->nreg || t->thread_map[th] < 0 ||
        t->region_map[rg] < 0)
        return -1;
    *id = (struct slot_ids){th, rg, pa};
    return t->region_map[rg];
}

/* Reads slot i, owned by id (checked by slot_region), into r; 0, or -1
 * when it has nothing to show. */
static int
fill_row(struct take *t, uint32_t i, const struct slot_ids *id,
         struct snap_row *r, const uint8_t *open, uint32_t open_flag)
{
    const struct hwtop_seg_slot *src = seg_slot(t, i);
    uint32_t th = id->th, rg = id->rg, pa = id->pa;

    memset(r, 0, sizeof *r);
    if (read_slot(src, r, t->s->nevents) != 0)
        r->flags |= SNAP_READ_ERRORS;
    if (open[rg] && open_on(t, th, rg))
        r->flags |= open_flag;
    if (r->calls == 0 && !(r->flags & open_flag))
        return -1;
    r->thread = t->thread_map[th];
    r->pid = t->s->threads[r->thread].pid;
    r->region = t->region_map[rg];
    r->parent = pa > 0 ? t->region_map[pa - 1] : -1;
    if (t->s->regions[r->region].cut)
        r->flags |= SNAP_NAME_CUT;
    return 0;
}

/*
 * Rows go straight to their place: each region gets a block for its
 * thread rows and one more for its all row (add_totals), so nothing is
 * sorted or copied afterwards.  Pass 1 counts each region's slots, pass 2
 * reads them; a slot that turned ready in between waits for the next
 * snapshot.
 */
static int
copy_rows(struct take *t, uint32_t open_flag)
{
    struct snapshot *s = t->s;
    uint8_t *open = calloc(t->nreg + 1, 1);
    size_t total = 0;
    int nreg = s->nregions;

    t->cap = calloc((size_t)nreg + 1, sizeof *t->cap);
    t->off = calloc((size_t)nreg + 1, sizeof *t->off);
    t->n = calloc((size_t)nreg + 1, sizeof *t->n);
    if (open == NULL || t->cap == NULL || t->off == NULL || t->n == NULL)
        goto fail;
    for (uint32_t i = 0; i < t->nslot; i++) {
        struct slot_ids id;
        int reg = slot_region(t, seg_slot(t, i), &id);

        if (reg >= 0)
            t->cap[reg]++;
    }
    for (int reg = 0; reg < nreg; reg++) {
        t->off[reg] = total;
        total += t->cap[reg] + 1;
    }
    s->rows = malloc((total + 1) * sizeof *s->rows);
    if (s->rows == NULL)
        goto fail;
    mark_open(t, open, t->nreg);
    for (uint32_t i = 0; i < t->nslot; i++) {
        struct slot_ids id;
        int reg = slot_region(t, seg_slot(t, i), &id);
        size_t at;

        if (reg < 0 || t->n[reg] == t->cap[reg])
            continue;
        at = t->off[reg] + t->n[reg];
        if (fill_row(t, i, &id, &s->rows[at], open, open_flag) == 0) {
            t->row_slot[at] = i;
            t->n[reg]++;
        }
    }
    free(open);
    return 0;
fail:
    free(open);
    return -ENOMEM;
}

static void
hist_merge(struct hist_acc *into, const struct hist_acc *from)
{
    for (uint32_t w = 0; w < HWTOP_HIST_WORDS; w++)
        for (uint64_t bits = from->used[w]; bits != 0; bits &= bits - 1) {
            uint32_t b = w * 64 + (uint32_t)__builtin_ctzll(bits);

            into->n[b] += from->n[b];
        }
    for (uint32_t w = 0; w < HWTOP_HIST_WORDS; w++)
        into->used[w] |= from->used[w];
    into->total += from->total;
}

static void
add_to_all(struct snap_row *all, const struct snap_row *r, int nevents)
{
    if (all->parent == -2) {
        all->parent = r->parent;
        all->pid = r->pid;
    } else if (all->pid != r->pid) {
        all->pid = 0;
    }
    all->flags |= r->flags;
    all->calls += r->calls;
    all->child_calls += r->child_calls;
    all->desc_calls += r->desc_calls;
    all->wall_ns += r->wall_ns;
    all->child_wall_ns += r->child_wall_ns;
    all->max_ns = r->max_ns > all->max_ns ? r->max_ns : all->max_ns;
    /* Wrapping sums: the values are the program's, maybe garbage. */
    for (int e = 0; e < nevents; e++) {
        all->ev[e] = (int64_t)((uint64_t)all->ev[e] + (uint64_t)r->ev[e]);
        all->child_ev[e] =
            (int64_t)((uint64_t)all->child_ev[e] + (uint64_t)r->child_ev[e]);
    }
}

/* Orders a region's thread rows by thread: the keys are sorted, then the
 * rows (680 bytes each) move once, through tmp. */
static void
sort_block(struct snap_row *rows, size_t n, struct snap_row *tmp,
           uint64_t *keys)
{
    bool sorted = true;

    for (size_t i = 0; i < n; i++) {
        uint64_t k = (uint64_t)(uint32_t)rows[i].thread << 32 | i;
        size_t j = i;

        while (j > 0 && keys[j - 1] > k) {
            keys[j] = keys[j - 1];
            j--;
            sorted = false;
        }
        keys[j] = k;
    }
    if (sorted)
        return;
    memcpy(tmp, rows, n * sizeof *rows);
    for (size_t i = 0; i < n; i++)
        rows[i] = tmp[(uint32_t)keys[i]];
}

/* Percentiles of each row, and one all-threads row per region after its
 * thread rows; each histogram in the segment is read once.  Then the
 * blocks are closed up where slots had nothing to show. */
static void
add_totals(struct take *t, struct hist_acc *acc, struct hist_acc *one,
           struct tail_acc *tacc, struct tail_acc *tone, bool percentiles)
{
    struct snapshot *s = t->s;
    size_t w = 0, most = 0;
    struct snap_row *tmp;
    uint64_t *keys;

    for (int reg = 0; reg < s->nregions; reg++)
        most = t->n[reg] > most ? t->n[reg] : most;
    tmp = malloc((most + 1) * sizeof *tmp);
    keys = malloc((most + 1) * sizeof *keys);
    if (tmp == NULL || keys == NULL) {
        free(tmp);
        free(keys);
        s->nrows = 0;
        return;
    }
    for (int reg = 0; reg < s->nregions; reg++) {
        struct snap_row *block = &s->rows[t->off[reg]];
        struct snap_row all = {.region = reg, .thread = -1, .parent = -2};
        size_t n = t->n[reg];

        hist_reset(acc);
        tail_reset(tacc);
        for (size_t k = 0; k < n; k++) {
            uint32_t slot = t->row_slot[t->off[reg] + k];

            add_to_all(&all, &block[k], s->nevents);
            if (!percentiles)
                continue;
            hist_reset(one);
            hist_add(t, slot, one);
            set_percentiles(&block[k], one);
            if (t->hists)
                set_hist_bins(&block[k], one);
            hist_merge(acc, one);
            if (s->nevents > 0) {
                tail_reset(tone);
                tail_add(t, slot, tone, s->nevents);
                set_slow(&block[k], tone, s->nevents);
                tail_merge(tacc, tone, s->nevents);
            }
        }
        if (n == 0)
            continue;
        sort_block(block, n, tmp, keys);
        if (percentiles && s->nevents > 0)
            set_slow(&all, tacc, s->nevents);
        if (percentiles)
            set_percentiles(&all, acc);
        if (percentiles && t->hists)
            set_hist_bins(&all, acc);
        block[n] = all;
        if (w != t->off[reg])
            memmove(&s->rows[w], block, (n + 1) * sizeof *block);
        w += n + 1;
    }
    s->nrows = (int)w;
    free(tmp);
    free(keys);
}

static uint64_t
minus(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

/*
 * A region's wall time holds the begin+end pairs of the regions inside it
 * (its own pair sits mostly outside: begin reads the clock last, end
 * first).  Flags calls too short to trust (under 20 pairs on average)
 * and, when asked, subtracts the pairs: desc_calls pairs from the
 * inclusive time and task clock, the direct children's from the
 * exclusive ones.  Other counters are left alone.
 */
static void
finish_rows(struct snapshot *s, bool subtract)
{
    uint64_t p = s->pair_cost_ns;
    int clk = snapshot_event(s, "task_clock_ns");

    if (p == 0)
        return;
    for (int i = 0; i < s->nrows; i++) {
        struct snap_row *r = &s->rows[i];
        uint64_t in = r->desc_calls * p;
        uint64_t below = minus(r->desc_calls, r->child_calls) * p;

        if (r->calls > 0 && r->wall_ns / r->calls < 20 * p)
            r->flags |= SNAP_TOO_SHORT;
        if (!subtract)
            continue;
        r->wall_ns = minus(r->wall_ns, in);
        r->child_wall_ns = minus(r->child_wall_ns, below);
        if (r->child_wall_ns > r->wall_ns)
            r->child_wall_ns = r->wall_ns;
        if (clk >= 0) {
            r->ev[clk] = (int64_t)minus((uint64_t)r->ev[clk], in);
            r->child_ev[clk] = (int64_t)minus((uint64_t)r->child_ev[clk],
                                              below);
        }
        r->flags |= SNAP_SUBTRACTED;
    }
}

static int
copy_misuse(struct take *t)
{
    struct snapshot *s = t->s;
    const struct hwtop_seg_header *live = (const void *)t->base;
    uint32_t n = MIN(t->h.nmisuse, HWTOP_SEG_MAX_MISUSE);

    s->misuse = calloc(n + 1, sizeof *s->misuse);
    if (s->misuse == NULL)
        return -ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        const struct hwtop_seg_misuse *m = &live->misuse[i];
        struct snap_misuse *o = &s->misuse[s->nmisuse];
        uint32_t kind;

        if (!__atomic_load_n(&m->ready, __ATOMIC_ACQUIRE))
            continue;
        kind = LOAD(m->kind);
        o->kind = kind <= HWTOP_MISUSE_KIND_MAX ? (int)kind : 0;
        copy_str(o->what, sizeof o->what, misuse_words[o->kind],
                 strlen(misuse_words[o->kind]));
        copy_str(o->file, sizeof o->file, m->file, sizeof m->file);
        copy_str(o->name, sizeof o->name, m->name, sizeof m->name);
        o->line = m->line;
        o->count = LOAD(m->count);
        s->nmisuse++;
        for (int r = 0; r < s->nrows; r++)
            if (o->name[0] != '\0' &&
                strncmp(s->regions[s->rows[r].region].name, o->name,
                        sizeof o->name - 1) == 0)
                s->rows[r].flags |= SNAP_MISUSE;
    }
    s->misuse_total = t->h.misuse_total;
    return 0;
}

int
reader_take(const void *mem, size_t len, const struct reader_opts *o,
            struct snapshot *out, const char **why)
{
    struct take t = {.base = mem, .s = out, .hists = o->histograms};
    struct hist_acc acc = {.n = NULL}, one = {.n = NULL};
    struct tail_acc *tails = NULL;
    int rc = -ENOMEM;

    memset(out, 0, sizeof *out);
    *why = NULL;
    if (len < sizeof t.h) {
        *why = "shorter than a segment header";
        return -EINVAL;
    }
    memcpy(&t.h, mem, sizeof t.h);
    if (hwtop__seg_check(&t.h, len, why) != 0)
        return -EINVAL;
    t.nreg = MIN(t.h.nregions, t.h.max_regions);
    t.nthr = MIN(t.h.nthreads, t.h.max_threads);
    t.nslot = MIN(t.h.nslots, t.h.max_slots);
    out->pid = t.h.creator_pid;
    out->elapsed_ns = now_ns() - t.h.t0_ns;
    out->program_wall_ns = o->program_wall_ns;
    out->program_cpu_ns = o->program_cpu_ns;
    out->regions_dropped = t.h.regions_dropped;
    out->threads_dropped = t.h.threads_dropped;
    out->slots_dropped = t.h.slots_dropped;
    out->depth_overflow = t.h.depth_overflow;
    t.region_map = malloc((t.nreg + 1) * sizeof *t.region_map);
    t.thread_map = malloc((t.nthr + 1) * sizeof *t.thread_map);
    t.row_slot = malloc((t.nslot + t.nreg + 1) * sizeof *t.row_slot);
    acc.n = calloc(HWTOP_HIST_BUCKETS, sizeof *acc.n);
    one.n = calloc(HWTOP_HIST_BUCKETS, sizeof *one.n);
    tails = calloc(2, sizeof *tails);
    if (t.region_map == NULL || t.thread_map == NULL || t.row_slot == NULL ||
        acc.n == NULL || one.n == NULL || tails == NULL)
        goto out;
    tails[0].lo = tails[1].lo = HWTOP_TAIL_OCTAVES;
    copy_events(&t);
    if (copy_regions(&t) != 0 || copy_threads(&t) != 0 ||
        copy_rows(&t, o->open_flag) != 0)
        goto out;
    add_totals(&t, &acc, &one, &tails[0], &tails[1], !o->skip_percentiles);
    out->pair_cost_ns = t.h.pair_cost_ns;
    out->clock_tsc = t.h.clock_tsc != 0;
    finish_rows(out, o->subtract_overhead);
    if (copy_misuse(&t) != 0)
        goto out;
    rc = 0;
out:
    free(t.region_map);
    free(t.thread_map);
    free(t.row_slot);
    free(t.cap);
    free(t.off);
    free(t.n);
    free(acc.n);
    free(one.n);
    free(tails);
    if (rc != 0)
        snapshot_fini(out);
    return rc;
}
