/* SPDX-License-Identifier: MIT */
/* test_hist.c: duration buckets are exact to 1/128, percentiles too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "reader.h"
#include "segfill.h"
#include "segment.h"
#include "snapshot.h"
#include "testrand.h"

#define TOP ((uint64_t)1 << HWTOP_HIST_TOP_BIT)

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng(void)
{
    return testrand_next(&rng_state);
}

/* A value spread evenly over the powers of two below 2^41. */
static uint64_t
rng_log(void)
{
    unsigned bits = (unsigned)(rng() % HWTOP_HIST_TOP_BIT) + 1;

    return (rng() & ((((uint64_t)1) << bits) - 1)) | 1;
}

/* v lies in its bucket, and the bucket's midpoint is within 1/128 of v
 * (exact below 128 ns). */
static void
check_value(uint64_t v)
{
    uint32_t b = hwtop__hist_bucket(v);
    uint64_t lo, w, mid, err;

    if (b >= HWTOP_HIST_BUCKETS)
        FAIL("bucket of %" PRIu64 " is %u, past %u", v, b, HWTOP_HIST_BUCKETS);
    hwtop__hist_range(b, &lo, &w);
    if (v < lo || v - lo >= w)
        FAIL("%" PRIu64 " in bucket %u = [%" PRIu64 ", +%" PRIu64 ")", v, b, lo,
             w);
    mid = lo + w / 2;
    err = mid > v ? mid - v : v - mid;
    if (v < 2 * HWTOP_HIST_SUB)
        CHECK_EQ(mid, v);
    else if (err * 128 > v)
        FAIL("%" PRIu64 ": midpoint %" PRIu64 " is off by %" PRIu64
             " (> 1/128)",
             v, mid, err);
}

static void
test_sweep(void)
{
    uint32_t prev = 0;

    /* Every value up to 2^22, bucket numbers never going down. */
    for (uint64_t v = 0; v < ((uint64_t)1 << 22); v++) {
        uint32_t b = hwtop__hist_bucket(v);

        check_value(v);
        CHECK_INT(b, >=, prev);
        CHECK_INT(b - prev, <=, 1);
        prev = b;
    }
    /* Every bucket: its ends map back to it, and the next one starts
     * where it ends (no gap, no overlap). */
    for (uint32_t b = 0; b + 1 < HWTOP_HIST_BUCKETS; b++) {
        uint64_t lo, w, lo2, w2;

        hwtop__hist_range(b, &lo, &w);
        hwtop__hist_range(b + 1, &lo2, &w2);
        CHECK_EQ(hwtop__hist_bucket(lo), b);
        CHECK_EQ(hwtop__hist_bucket(lo + w - 1), b);
        CHECK_EQ(lo2, lo + w);
        CHECK_INT(w2, >=, w);
        check_value(lo);
        check_value(lo + w / 2);
        check_value(lo + w - 1);
    }
    /* Up to the top: the last bucket ends at 2^41. */
    {
        uint64_t lo, w;

        hwtop__hist_range(HWTOP_HIST_BUCKETS - 1, &lo, &w);
        CHECK_EQ(lo + w, TOP);
        check_value(TOP - 1);
    }
}

static void
test_random(void)
{
    for (int i = 0; i < 2000000; i++) {
        uint64_t a = rng_log(), b = rng_log();

        check_value(a);
        if (a <= b)
            CHECK_INT(hwtop__hist_bucket(a), <=, hwtop__hist_bucket(b));
        else
            CHECK_INT(hwtop__hist_bucket(a), >=, hwtop__hist_bucket(b));
    }
}

static void
test_top(void)
{
    const uint64_t big[] = {TOP,       TOP + 1,           TOP * 2 - 1,
                            TOP * 2,   (uint64_t)1 << 50, (uint64_t)1 << 63,
                            UINT64_MAX};

    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++)
        CHECK_EQ(hwtop__hist_bucket(big[i]), HWTOP_HIST_BUCKETS - 1);
    CHECK_EQ(hwtop__hist_bucket(TOP - 1), HWTOP_HIST_BUCKETS - 1);
    CHECK_INT(hwtop__hist_bucket(TOP / 2), <, HWTOP_HIST_BUCKETS - 1);
}

static int
cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

/* Nearest rank: the smallest sample with at least q of them at or below. */
static uint64_t
exact_pct(const uint64_t *sorted, size_t n, unsigned per_mille)
{
    size_t rank = ((size_t)per_mille * n + 999) / 1000;

    return sorted[rank == 0 ? 0 : rank - 1];
}

static void
check_pct(const char *what, uint64_t got, uint64_t want)
{
    uint64_t err = got > want ? got - want : want - got;

    if (err * 128 > want)
        FAIL("%s: %" PRIu64 " vs exact %" PRIu64 " (off by more than 1/128)",
             what, got, want);
}

static void
check_row(const struct snap_row *r, uint64_t *samples, size_t n)
{
    uint64_t sum = 0;

    qsort(samples, n, sizeof *samples, cmp_u64);
    for (size_t i = 0; i < n; i++)
        sum += samples[i];
    CHECK_EQ(r->calls, n);
    CHECK_EQ(r->wall_ns, sum);
    CHECK_EQ(r->max_ns, samples[n - 1]);
    check_pct("p50", r->p50_ns, exact_pct(samples, n, 500));
    check_pct("p90", r->p90_ns, exact_pct(samples, n, 900));
    check_pct("p99", r->p99_ns, exact_pct(samples, n, 990));
    check_pct("p999", r->p999_ns, exact_pct(samples, n, 999));
}

/* Two threads with known samples in one region; the reader's per-thread
 * and all rows against percentiles computed from the samples. */
static void
run_case(const char *name, uint64_t *a, size_t na, uint64_t *b, size_t nb)
{
    size_t len;
    struct hwtop_seg_header *h = segfill_new(8, 4, 16, 4096, &len);
    uint32_t reg = segfill_region(h, name, strlen(name));
    struct hwtop_seg_slot *sa =
        segfill_slot(h, segfill_thread(h, 11, NULL), reg, -1);
    struct hwtop_seg_slot *sb =
        segfill_slot(h, segfill_thread(h, 12, NULL), reg, -1);
    struct reader_opts o = {.open_flag = SNAP_OPEN_NOW};
    struct snapshot s;
    const char *why;
    uint64_t *all = malloc((na + nb) * sizeof *all);

    CHECK(all != NULL);
    for (size_t i = 0; i < na; i++)
        segfill_account(h, sa, a[i], NULL, 0);
    for (size_t i = 0; i < nb; i++)
        segfill_account(h, sb, b[i], NULL, 0);
    memcpy(all, a, na * sizeof *a);
    memcpy(all + na, b, nb * sizeof *b);
    CHECK_EQ(reader_take(h, len, &o, &s, &why), 0);
    CHECK_EQ(s.nrows, 3);
    CHECK_EQ(s.rows[0].thread, 0);
    CHECK_EQ(s.rows[1].thread, 1);
    CHECK_EQ(s.rows[2].thread, -1);
    check_row(&s.rows[0], a, na);
    check_row(&s.rows[1], b, nb);
    check_row(&s.rows[2], all, na + nb);
    printf("%s: p50 %" PRIu64 " p90 %" PRIu64 " p99 %" PRIu64 " p999 %" PRIu64
           " max %" PRIu64 " ns over %zu calls\n",
           name, s.rows[2].p50_ns, s.rows[2].p90_ns, s.rows[2].p99_ns,
           s.rows[2].p999_ns, s.rows[2].max_ns, na + nb);
    snapshot_fini(&s);
    free(all);
    free(h);
}

static void
test_percentiles(void)
{
    enum { N = 50000 };
    static uint64_t a[N], b[N];

    /* 1..1000 ns: the exact range and the first sub-buckets. */
    for (size_t i = 0; i < 1000; i++)
        a[i] = i + 1;
    for (size_t i = 0; i < 500; i++)
        b[i] = 1000 - i;
    run_case("uniform", a, 1000, b, 500);

    /* Spread from ns to minutes. */
    for (size_t i = 0; i < N; i++) {
        a[i] = rng_log();
        b[i] = rng_log() / 3 + 1;
    }
    run_case("log-spread", a, N, b, N / 7);

    /* 990 fast calls and 10 slow: p99 fast, p999 slow. */
    for (size_t i = 0; i < 1000; i++)
        a[i] = i < 990 ? 50 : 5000000 + i;
    b[0] = 49;
    run_case("bimodal", a, 1000, b, 1);

    /* One call. */
    a[0] = 123456789;
    b[0] = 7;
    run_case("single", a, 1, b, 1);

    /* The top bucket, and just past it (capped by max). */
    a[0] = TOP + 12345;
    a[1] = 3;
    b[0] = TOP - 1;
    run_case("huge", a, 2, b, 1);
}

int
main(void)
{
    test_sweep();
    test_random();
    test_top();
    test_percentiles();
    printf("ok\n");
    return 0;
}
