/* SPDX-License-Identifier: MIT */
/* cache_sweep.c: load latency per working set, stepping across each cache. */
#include <hwtop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "probe.h"

/*
 * A pointer chase: every cache line of the working set holds the address
 * of the next, in the order of one random cycle through all of them.
 * Each load needs the one before, and the order defeats the prefetchers,
 * so the time per load is the latency of wherever the set fits: L1, L2,
 * L3 or memory (plus TLB misses once the pages outgrow the TLB).
 *
 * Working sets: for each data cache level hwloc reports, half of it, all
 * of it and four times it; steps of 4x fill gaps wider than 8x (a level
 * hwloc does not know shows up there); the largest is 4x the last level
 * or the memory bound (256 MiB by default, --max-mb), whichever is
 * smaller.
 */

#define MAX_POINTS 32
#define MAX_LEVELS 8

struct point {
    uint64_t bytes;
    char why[24]; /* "1/2 L1d", "= L2", "4x L2", "bound", "" */
};

struct sweep {
    uint64_t sizes[MAX_LEVELS];
    char names[MAX_LEVELS][8];
    int nlevels;
    int line;
    struct point pts[MAX_POINTS];
    int npts;
};

static void
add_point(struct sweep *s, uint64_t bytes, const char *what, const char *lvl)
{
    struct point *p;

    /* Within 20% of a set already there: nothing new to see. */
    for (int i = 0; i < s->npts; i++)
        if (bytes * 5 >= s->pts[i].bytes * 4 &&
            bytes * 4 <= s->pts[i].bytes * 5)
            return;
    if (s->npts == MAX_POINTS || bytes < (uint64_t)s->line * 16)
        return;
    p = &s->pts[s->npts++];
    p->bytes = bytes;
    snprintf(p->why, sizeof p->why, "%s%s", what, lvl);
}

static int
point_cmp(const void *a, const void *b)
{
    const struct point *x = a, *y = b;

    return x->bytes < y->bytes ? -1 : x->bytes > y->bytes;
}

static void
plan(struct sweep *s, uint64_t bound)
{
    uint64_t top;
    int n;

    for (int i = 0; i < s->nlevels; i++) {
        uint64_t c = s->sizes[i];

        add_point(s, c / 2, "1/2 ", s->names[i]);
        add_point(s, c, "= ", s->names[i]);
        if (4 * c <= bound)
            add_point(s, 4 * c, "4x ", s->names[i]);
    }
    top = s->nlevels > 0 ? 4 * s->sizes[s->nlevels - 1] : 64ull << 20;
    if (top > bound) {
        top = bound;
        add_point(s, bound, "bound", "");
    }
    if (s->nlevels == 0) { /* no sizes known: steps of 4x, 16 KiB on */
        add_point(s, 16 << 10, "", "");
        add_point(s, top, "", "");
    }
    qsort(s->pts, (size_t)s->npts, sizeof s->pts[0], point_cmp);
    while (s->npts > 0 && s->pts[s->npts - 1].bytes > top)
        s->npts--;
    n = s->npts;
    for (int i = 0; i + 1 < n; i++)
        for (uint64_t b = s->pts[i].bytes * 4; b * 2 < s->pts[i + 1].bytes;
             b *= 4)
            add_point(s, b, "", "");
    qsort(s->pts, (size_t)s->npts, sizeof s->pts[0], point_cmp);
}

/* Links the first n lines of buf into one random cycle; returns its start. */
static void *
build(char *buf, size_t n, int line, uint64_t *seed)
{
    uint32_t *order = malloc(n * sizeof *order);
    void *start;

    if (order == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = probe_random(seed) % (i + 1);
        uint32_t t = order[i];

        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < n; i++)
        *(void **)(buf + (size_t)order[i] * line) =
            buf + (size_t)order[(i + 1) % n] * line;
    start = buf + (size_t)order[0] * line;
    free(order);
    return start;
}

/* Where the chase ended: the loads cannot be optimised away. */
static void *volatile sink;

/* count dependent loads from p; returns where it stopped. */
static __attribute__((noinline)) void *
chase(void *p, uint64_t count)
{
    for (uint64_t i = 0; i < count; i += 8) {
        p = *(void **)p;
        p = *(void **)p;
        p = *(void **)p;
        p = *(void **)p;
        p = *(void **)p;
        p = *(void **)p;
        p = *(void **)p;
        p = *(void **)p;
    }
    return p;
}

/* Where a working set of bytes fits: the smallest level holding it. */
static const char *
fits(const struct sweep *s, uint64_t bytes)
{
    for (int i = 0; i < s->nlevels; i++)
        if (bytes <= s->sizes[i])
            return s->names[i];
    return s->nlevels > 0 ? "memory" : "?";
}

/* Times one working set: the best of reps calls of count loads, each
 * call a region named after the set.  Returns ns per load, or -1. */
static double
measure(const struct sweep *s, char *buf, const struct point *pt,
        uint64_t count, int reps, uint64_t *seed)
{
    char name[96], size[32];
    size_t n = pt->bytes / (size_t)s->line;
    void *p = build(buf, n, s->line, seed);
    double best = -1;

    if (p == NULL)
        return -1;
    snprintf(name, sizeof name, "sweep %s (in %s)",
             probe_size(size, sizeof size, pt->bytes), fits(s, pt->bytes));
    p = chase(p, count < 2 * n ? count : 2 * n); /* warm caches and TLB */
    for (int r = 0; r < reps && !probe_stop; r++) {
        uint64_t t0 = probe_now_ns(), dt;

        hwtop_region_begin(name);
        p = chase(p, count);
        hwtop_region_end(name);
        dt = probe_now_ns() - t0;
        if (best < 0 || (double)dt / (double)count < best)
            best = (double)dt / (double)count;
    }
    sink = p;
    return best;
}

static void
print_head(const struct sweep *s, uint64_t count, int reps)
{
    char size[32];

    printf("cache_sweep: pointer chase over a random cycle of %d B lines, "
           "%llu loads per size, best of %d\n",
           s->line, (unsigned long long)count, reps);
    printf("cache_sweep: caches (hwloc):");
    for (int i = 0; i < s->nlevels; i++)
        printf(" %s %s", s->names[i],
               probe_size(size, sizeof size, s->sizes[i]));
    printf("%s\n", s->nlevels ? "" : " none reported");
    printf("%12s %10s  %-10s %-9s %8s %7s\n", "bytes", "size", "step",
           "fits in", "ns/load", "vs 1st");
}

/* The largest step between neighbouring working sets: where a level ends,
 * whether or not hwloc knows it. */
static void
print_summary(const struct sweep *s, const double *ns, int n)
{
    char a[32], b[32];
    int step = 1;

    for (int i = 2; i < n; i++)
        if (ns[i] / ns[i - 1] > ns[step] / ns[step - 1])
            step = i;
    printf("cache_sweep: %.2f ns per load in the smallest set, %.2f ns in the "
           "largest (%.1fx)\n",
           ns[0], ns[n - 1], ns[n - 1] / ns[0]);
    if (n > 1)
        printf("cache_sweep: the biggest step is from %s to %s (%.1fx): a "
               "level ends between them\n",
               probe_size(a, sizeof a, s->pts[step - 1].bytes),
               probe_size(b, sizeof b, s->pts[step].bytes),
               ns[step] / ns[step - 1]);
}

int
probe_cache_sweep(const struct probe_opts *o)
{
    struct sweep s = {.line = probe_line_bytes()};
    uint64_t bound = o->max_bytes ? o->max_bytes : PROBE_DEFAULT_MAX_BYTES;
    uint64_t count = o->quick ? 1u << 20 : 1u << 21, seed = 88172645463325252u;
    int reps = probe_reps(o, 2, 3), done = 0;
    double ns[MAX_POINTS];
    char *buf, size[32];

    s.nlevels = probe_caches(s.sizes, s.names, MAX_LEVELS);
    plan(&s, bound);
    if (s.npts == 0)
        return -1;
    buf = mmap(NULL, s.pts[s.npts - 1].bytes, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED) {
        perror("cache_sweep: mmap");
        return -1;
    }
    if (!o->silent)
        print_head(&s, count, reps);
    for (; done < s.npts && !probe_stop; done++) {
        ns[done] = measure(&s, buf, &s.pts[done], count, reps, &seed);
        if (ns[done] <= 0)
            break;
        if (!o->silent)
            printf("%12llu %10s  %-10s %-9s %8.2f %6.1fx\n",
                   (unsigned long long)s.pts[done].bytes,
                   probe_size(size, sizeof size, s.pts[done].bytes),
                   s.pts[done].why, fits(&s, s.pts[done].bytes), ns[done],
                   ns[done] / ns[0]);
        fflush(stdout); /* a long sweep shows its progress */
    }
    if (done > 0 && !o->silent)
        print_summary(&s, ns, done);
    munmap(buf, s.pts[s.npts - 1].bytes);
    return done == s.npts || probe_stop ? 0 : -1;
}
