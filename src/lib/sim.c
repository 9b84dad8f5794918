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
/* A request by number: toggle, or the harmless "are we under valgrind". */
#define SIM_REQUEST(req)                                                       \
    ((void)VALGRIND_DO_CLIENT_REQUEST_EXPR(0, (req), 0, 0, 0, 0, 0))
#define SIM_REQ_TOGGLE ((uintptr_t)VG_USERREQ__TOGGLE_COLLECT)
#define SIM_REQ_NOTHING ((uintptr_t)VG_USERREQ__RUNNING_ON_VALGRIND)
#define SIM_UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#define SIM_INSTRUMENT(on)                                                     \
    do {                                                                       \
        if (on)                                                                \
            CALLGRIND_START_INSTRUMENTATION;                                   \
        else                                                                   \
            CALLGRIND_STOP_INSTRUMENTATION;                                    \
    } while (0)
#else
#define SIM_DUMP(desc) ((void)(desc))
#define SIM_TOGGLE() ((void)0)
#define SIM_REQUEST(req) ((void)(req))
#define SIM_REQ_TOGGLE ((uintptr_t)1)
#define SIM_REQ_NOTHING ((uintptr_t)0)
#define SIM_UNDER_VALGRIND() 0
#define SIM_INSTRUMENT(on) ((void)(on))
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
 * hash(i) % K == 0 with K = 2^(floor(log2(i / N)) + 2), about N/4 calls
 * per doubling of the count.  An unmarked call runs with callgrind's
 * collection off (CALLGRIND_TOGGLE_COLLECT: this thread only; the caches
 * and predictors are still simulated), so its cost goes nowhere, and is
 * tallied: the launcher estimates it from the marked calls.  Regions
 * entered inside an unmarked call are unmarked too (tallied apart).
 *
 * hwtop's own code (push, close, the marks) runs with collection off as
 * well: it is no part of any region's cost, nor of the program's.
 */

#define SIM_TALLY 8 /* distinct regions per tally before a flush mark */
#define LIKELY(x) __builtin_expect(!!(x), 1)

struct sim_tally {
    uint32_t region;
    uint32_t n;
};

/* The launcher's stack holds the marked frames only: below[j] is how
 * many of them lie under frame j, marked[j] whether frame j is one.
 * Untracked regions (the region table is full) are never marked: their
 * cost stays their parent's, as measured. */
struct sim_thread {
    int32_t off;    /* frame of the unmarked call running, -1 when none */
    uint8_t paused; /* collection toggled off by us */
    uint8_t nu, ns;
    uint8_t head_len; /* "hwtop1 ? TID ": made once per thread */
    char head[24];
    uint8_t below[HWTOP_SEG_MAX_DEPTH];
    uint8_t marked[HWTOP_SEG_MAX_DEPTH];
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
    k = 4ull << (63 - __builtin_clzll(q));
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

/* The mark's code runs inside the region it ends: keep it short. */
static void
mark(struct hwtop_thread *t, char op, uint32_t depth, uint32_t region)
{
    struct sim_thread *st = &sim_tls;
    char buf[64 + 2 * SIM_TALLY * 24], *p = buf;

    if (__builtin_expect(st->head_len == 0, 0)) {
        char *h = st->head;

        memcpy(h, "hwtop1 ? ", 9);
        h = put_u64(h + 9, (uint64_t)(uint32_t)t->blk->tid);
        *h++ = ' ';
        st->head_len = (uint8_t)(h - st->head);
    }
    memcpy(p, st->head, sizeof st->head);
    p[7] = op;
    p += st->head_len;
    p = put_u64(p, depth);
    *p++ = ' ';
    p = put_region(p, region);
    p = put_tallies(p, 'u', st->u, st->nu);
    p = put_tallies(p, 's', st->s, st->ns);
    *p = '\0';
    SIM_DUMP(buf);
    st->nu = st->ns = 0;
}

/* The launcher's depth with frames 0..d-1 open (none unmarked). */
static uint32_t
depth_under(const struct sim_thread *st, uint32_t d)
{
    return d == 0 ? 0 : (uint32_t)st->below[d - 1] + st->marked[d - 1];
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

/* Runs while callgrind collects (when not paused): a branch here would
 * go one way in unmarked calls and the other in marked ones, and the
 * marked ones, rare once sampling starts, would pay the mispredicts.
 * So the request is chosen without one. */
void
hwtop__sim_enter(void)
{
    struct sim_thread *st = &sim_tls;
    uintptr_t paused = st->paused;

    SIM_REQUEST(SIM_REQ_TOGGLE ^
                ((SIM_REQ_TOGGLE ^ SIM_REQ_NOTHING) & (0 - paused)));
    st->paused = 1;
}

/* Inside an unmarked call collection stays off until it ends.  No
 * branch either: this runs collected when the previous step resumed. */
void
hwtop__sim_leave(void)
{
    struct sim_thread *st = &sim_tls;
    uintptr_t go = st->paused & (uintptr_t)((uint32_t)st->off >> 31);

    SIM_REQUEST(SIM_REQ_NOTHING ^
                ((SIM_REQ_NOTHING ^ SIM_REQ_TOGGLE) & (0 - go)));
    st->paused = (uint8_t)(st->paused & (go ^ 1));
}

void
hwtop__sim_begin(struct hwtop_thread *t, uint32_t d)
{
    struct sim_thread *st = &sim_tls;
    const struct hwtop_frame *f = &t->frames[d];

    hwtop__sim_enter(); /* the first call may have turned marks on */
    if (st->off >= 0)
        return; /* inside an unmarked call: tallied when it ends */
    st->below[d] = (uint8_t)depth_under(st, d);
    st->marked[d] = 0;
    if (f->region != HWTOP_LIB_NO_REGION) {
        if (f->slot != NULL &&
            !sampled(__atomic_load_n(&f->slot->calls, __ATOMIC_RELAXED))) {
            st->off = (int32_t)d; /* and collection stays off */
            return;
        }
        st->marked[d] = 1;
        mark(t, 'B', st->below[d] + 1u, f->region);
    }
}

void
hwtop__sim_end(struct hwtop_thread *t, uint32_t k)
{
    struct sim_thread *st = &sim_tls;
    uint32_t d = t->depth;

    hwtop__sim_enter();

    if (st->off >= 0 && (uint32_t)st->off < k) {
        for (uint32_t j = k; j < d; j++)
            tally(t, 's', t->frames[j].region, st->below[st->off]);
        return; /* only calls inside the unmarked one ended */
    }
    if (st->off >= 0) {
        uint32_t off = (uint32_t)st->off;

        st->off = -1; /* collection comes back at sim_leave */
        for (uint32_t j = off + 1; j < d; j++)
            tally(t, 's', t->frames[j].region, st->below[off]);
        tally(t, 'u', t->frames[off].region, st->below[off]);
        d = off;
    }
    if (k < d && st->below[k] < depth_under(st, d))
        mark(t, 'E', st->below[k], t->frames[k].region);
}

void
hwtop__sim_flush(struct hwtop_thread *t)
{
    struct sim_thread *st = &sim_tls;

    if (st->nu > 0 || st->ns > 0)
        mark(t, 'F',
             st->off >= 0 ? st->below[st->off] : depth_under(st, t->depth),
             HWTOP_LIB_NO_REGION);
    hwtop__sim_leave(); /* a close outside the API (thread exit) */
}

/* A child forked inside an unmarked call: its frames are forgotten, so
 * collection must come back on. */
static void
atfork_child(void)
{
    if (sim_tls.paused)
        SIM_TOGGLE();
    memset(&sim_tls, 0, sizeof sim_tls);
    sim_tls.off = -1;
}

static int init_paused;

static int
sim_wanted(void)
{
    const char *on = getenv("HWTOP_SIM");

    return on != NULL && strcmp(on, "1") == 0 &&
           getenv("HWTOP_SEGMENT_FD") != NULL && SIM_UNDER_VALGRIND();
}

void
hwtop__sim_init_begin(void)
{
    if (sim_wanted()) {
        SIM_INSTRUMENT(0);
        init_paused = 1;
    }
}

void
hwtop__sim_init(int ok)
{
    const char *n = getenv("HWTOP_SIM_EXACT_CALLS");

    if (init_paused) {
        SIM_INSTRUMENT(1);
        init_paused = 0;
    }
    if (!ok || !sim_wanted() || !hwtop__proc.launcher)
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
