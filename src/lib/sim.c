/* SPDX-License-Identifier: MIT */
/* sim.c: marking region boundaries in callgrind's dumps (hwtop --sim). */
#include "sim.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "state.h"

#ifdef HWTOP_HAVE_VALGRIND
#include <valgrind/callgrind.h>
#include <valgrind/valgrind.h>
#define SIM_DUMP(desc) CALLGRIND_DUMP_STATS_AT(desc)
#define SIM_TOGGLE() CALLGRIND_TOGGLE_COLLECT
#define SIM_UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#else
#define SIM_DUMP(desc) ((void)(desc))
#define SIM_TOGGLE() ((void)0)
#define SIM_UNDER_VALGRIND() 0
#endif

/*
 * Each mark is a callgrind dump of the calling thread's costs since its
 * previous dump (callgrind with --separate-threads=yes dumps and zeroes
 * only that thread), named "hwtop1 OP TID DEPTH REGION [uR:N] [sR:N]"
 * (src/sim/mark.h reads it; docs/sim.md).
 *
 * A dump costs callgrind a walk over all its cost centres and a file: a
 * region called millions of times cannot have two per call.  So each
 * thread marks the first exact_calls calls of each region, then samples:
 * call i (0-based, per thread and region) is marked when i < N, else when
 * hash(i) % K == 0 with K = 2^(floor(log2(i / N)) + 1), about N/2 calls
 * per doubling of the count.  An unmarked call runs with callgrind's
 * collection off (CALLGRIND_TOGGLE_COLLECT: this thread only; the caches
 * and predictors are still simulated), so its cost goes nowhere, and is
 * tallied: the launcher estimates it from the marked calls.  Regions
 * entered inside an unmarked call are unmarked too (tallied apart).
 */

#define SIM_TALLY 8 /* distinct regions per tally before a flush mark */
#define LIKELY(x) __builtin_expect(!!(x), 1)

struct sim_tally {
    uint32_t region;
    uint32_t n;
};

struct sim_thread {
    int32_t off; /* frame of the unmarked call running, -1 when none */
    uint8_t nu, ns;
    struct sim_tally u[SIM_TALLY]; /* unmarked calls that ended */
    struct sim_tally s[SIM_TALLY]; /* calls nested inside those */
};

int hwtop__sim_on;
static uint64_t exact_calls = 1000;
static __thread struct sim_thread sim_tls
    __attribute__((tls_model("initial-exec"))) = {.off = -1};

static uint64_t
mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static int
sampled(uint64_t i)
{
    uint64_t q, k;

    if (LIKELY(i < exact_calls))
        return 1;
    q = i / exact_calls;
    k = 2ull << (63 - __builtin_clzll(q));
    return (mix(i) & (k - 1)) == 0;
}

/* Decimal digits without printf: a mark runs inside the measured code's
 * neighbourhood, and every basic block it touches costs the dump. */
static char *
put_u64(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        *p++ = tmp[--n];
    return p;
}

static char *
put_region(char *p, uint32_t region)
{
    if (region == HWTOP_LIB_NO_REGION) {
        *p++ = '-';
        return p;
    }
    return put_u64(p, region);
}

static char *
put_tallies(char *p, char kind, const struct sim_tally *t, int n)
{
    for (int i = 0; i < n; i++) {
        *p++ = ' ';
        *p++ = kind;
        p = put_u64(p, t[i].region);
        *p++ = ':';
        p = put_u64(p, t[i].n);
    }
    return p;
}

static void
mark(struct hwtop_thread *t, char op, uint32_t depth, uint32_t region)
{
    struct sim_thread *st = &sim_tls;
    char buf[64 + 2 * SIM_TALLY * 24], *p = buf;

    memcpy(p, "hwtop1 ", 7);
    p += 7;
    *p++ = op;
    *p++ = ' ';
    p = put_u64(p, (uint64_t)(uint32_t)t->blk->tid);
    *p++ = ' ';
    p = put_u64(p, depth);
    *p++ = ' ';
    p = put_region(p, region);
    p = put_tallies(p, 'u', st->u, st->nu);
    p = put_tallies(p, 's', st->s, st->ns);
    *p = '\0';
    SIM_DUMP(buf);
    st->nu = st->ns = 0;
}

/* The depth the launcher sees: marked frames only. */
static uint32_t
marked_depth(const struct hwtop_thread *t)
{
    return sim_tls.off >= 0 ? (uint32_t)sim_tls.off : t->depth;
}

/* Counts an unmarked call; depth: the launcher's stack (marked frames). */
static void
tally(struct hwtop_thread *t, char kind, uint32_t region, uint32_t depth)
{
    struct sim_thread *st = &sim_tls;
    struct sim_tally *v = kind == 'u' ? st->u : st->s;
    uint8_t *n = kind == 'u' ? &st->nu : &st->ns;

    if (region == HWTOP_LIB_NO_REGION)
        return;
    for (int i = 0; i < *n; i++)
        if (v[i].region == region && v[i].n < UINT32_MAX) {
            v[i].n++;
            return;
        }
    if (*n == SIM_TALLY)
        mark(t, 'F', depth, HWTOP_LIB_NO_REGION);
    v[*n].region = region;
    v[(*n)++].n = 1;
}

void
hwtop__sim_begin(struct hwtop_thread *t, uint32_t d)
{
    struct sim_thread *st = &sim_tls;
    const struct hwtop_frame *f = &t->frames[d];

    if (st->off >= 0)
        return; /* inside an unmarked call: tallied when it ends */
    if (f->slot != NULL &&
        !sampled(__atomic_load_n(&f->slot->calls, __ATOMIC_RELAXED))) {
        SIM_TOGGLE();
        st->off = (int32_t)d;
        return;
    }
    mark(t, 'B', d + 1, f->region);
}

void
hwtop__sim_end(struct hwtop_thread *t, uint32_t k)
{
    struct sim_thread *st = &sim_tls;
    uint32_t d = t->depth;

    if (st->off >= 0 && (uint32_t)st->off < k) {
        for (uint32_t j = k; j < d; j++)
            tally(t, 's', t->frames[j].region, (uint32_t)st->off);
        return; /* only calls inside the unmarked one ended */
    }
    if (st->off >= 0) {
        uint32_t off = (uint32_t)st->off;

        SIM_TOGGLE();
        st->off = -1;
        for (uint32_t j = off + 1; j < d; j++)
            tally(t, 's', t->frames[j].region, off);
        tally(t, 'u', t->frames[off].region, off);
        d = off;
    }
    if (k < d)
        mark(t, 'E', k, t->frames[k].region);
}

void
hwtop__sim_flush(struct hwtop_thread *t)
{
    if (sim_tls.nu > 0 || sim_tls.ns > 0)
        mark(t, 'F', marked_depth(t), HWTOP_LIB_NO_REGION);
}

/* A child forked inside an unmarked call: its frames are forgotten, so
 * collection must come back on. */
static void
atfork_child(void)
{
    if (sim_tls.off >= 0)
        SIM_TOGGLE();
    memset(&sim_tls, 0, sizeof sim_tls);
    sim_tls.off = -1;
}

void
hwtop__sim_init(void)
{
    const char *on = getenv("HWTOP_SIM");
    const char *n = getenv("HWTOP_SIM_EXACT_CALLS");

    if (on == NULL || strcmp(on, "1") != 0 || !hwtop__proc.launcher ||
        !SIM_UNDER_VALGRIND())
        return;
    if (n != NULL && strcmp(n, "all") == 0) {
        exact_calls = UINT64_MAX;
    } else if (n != NULL && *n != '\0') {
        char *end;
        unsigned long long v = strtoull(n, &end, 10);

        if (*end == '\0' && v > 0)
            exact_calls = v;
    }
    pthread_atfork(NULL, NULL, atfork_child);
    hwtop__sim_on = 1;
}
