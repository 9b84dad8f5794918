/* SPDX-License-Identifier: MIT */
/* test_histbins.c: the reader's histogram bins for the detail view: at
 * most SNAP_HIST_BINS, in order, holding every call where it belongs. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "reader.h"
#include "segfill.h"
#include "segment.h"
#include "snapshot.h"

static const struct snap_row *
row(const struct snapshot *s, int thread)
{
    for (int i = 0; i < s->nrows; i++)
        if (s->rows[i].thread == thread)
            return &s->rows[i];
    FAIL("no row for thread %d", thread);
}

/* Bins in increasing order, apart, and adding up to calls. */
static void
check_bins(const struct snap_row *r)
{
    uint64_t sum = 0;

    CHECK(r->hist != NULL);
    CHECK_INT(r->nhist, >=, 1);
    CHECK_INT(r->nhist, <=, SNAP_HIST_BINS);
    for (uint32_t i = 0; i < r->nhist; i++) {
        CHECK_INT(r->hist[i].lo_ns, <, r->hist[i].hi_ns);
        CHECK_INT(r->hist[i].count, >, 0);
        if (i > 0)
            CHECK_INT(r->hist[i - 1].hi_ns, <=, r->hist[i].lo_ns);
        sum += r->hist[i].count;
    }
    CHECK_EQ(sum, r->calls);
}

/* Calls of d ns in r: the count of the bin holding d. */
static uint64_t
in_bin(const struct snap_row *r, uint64_t d)
{
    for (uint32_t i = 0; i < r->nhist; i++)
        if (r->hist[i].lo_ns <= d && d < r->hist[i].hi_ns)
            return r->hist[i].count;
    return 0;
}

static struct snapshot
take(const struct hwtop_seg_header *h, size_t len, bool hists, bool skip)
{
    struct reader_opts o = {.program_wall_ns = 1000000000,
                            .open_flag = SNAP_OPEN_NOW,
                            .histograms = hists,
                            .skip_percentiles = skip};
    struct snapshot s;
    const char *why;

    CHECK_EQ(reader_take(h, len, &o, &s, &why), 0);
    return s;
}

/* Few distinct durations: one bin per bucket, nothing merged. */
static void
test_few(void)
{
    static const uint64_t d[] = {100, 1000, 1000, 5000000, 5000000, 5000000};
    size_t len;
    struct hwtop_seg_header *h = segfill_new(4, 4, 4, 4096, &len);
    uint32_t reg = segfill_region(h, "few", 3);
    uint32_t th0 = segfill_thread(h, 11, "a"), th1 = segfill_thread(h, 12, "b");
    struct hwtop_seg_slot *s0 = segfill_slot(h, th0, reg, -1);
    struct hwtop_seg_slot *s1 = segfill_slot(h, th1, reg, -1);
    struct snapshot s;

    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        segfill_account(h, i % 2 ? s1 : s0, d[i], NULL, 0);
    s = take(h, len, true, false);
    CHECK_EQ(s.nrows, 3);
    check_bins(row(&s, -1));
    check_bins(row(&s, 0));
    check_bins(row(&s, 1));
    CHECK_EQ(row(&s, -1)->nhist, 3);
    CHECK_EQ(in_bin(row(&s, -1), 100), 1);
    CHECK_EQ(in_bin(row(&s, -1), 1000), 2);
    CHECK_EQ(in_bin(row(&s, -1), 5000000), 3);
    /* Exact below 128 ns. */
    CHECK_EQ(row(&s, -1)->hist[0].lo_ns, 100);
    CHECK_EQ(row(&s, -1)->hist[0].hi_ns, 101);
    snapshot_fini(&s);

    /* Not asked, or percentiles skipped: no histogram. */
    s = take(h, len, false, false);
    for (int i = 0; i < s.nrows; i++)
        CHECK(s.rows[i].hist == NULL && s.rows[i].nhist == 0);
    snapshot_fini(&s);
    s = take(h, len, true, true);
    for (int i = 0; i < s.nrows; i++)
        CHECK(s.rows[i].hist == NULL && s.rows[i].nhist == 0);
    snapshot_fini(&s);
    free(h);
}

/* Hundreds of buckets, 20 ns to 2 s: merged into at most 32 bins that
 * still cover every call, and split by log width (a bin's hi/lo ratio
 * stays bounded above 128 ns). */
static void
test_many(void)
{
    size_t len;
    struct hwtop_seg_header *h = segfill_new(4, 4, 4, 4096, &len);
    uint32_t reg = segfill_region(h, "many", 4);
    uint32_t th = segfill_thread(h, 11, NULL);
    struct hwtop_seg_slot *sl = segfill_slot(h, th, reg, -1);
    uint64_t n = 0, max = 0;
    struct snapshot s;
    const struct snap_row *r;

    for (double d = 20; d < 2e9; d *= 1.01, n++) {
        segfill_account(h, sl, (uint64_t)d, NULL, 0);
        max = (uint64_t)d;
    }
    s = take(h, len, true, false);
    r = row(&s, -1);
    CHECK_EQ(r->calls, n);
    check_bins(r);
    CHECK_INT(r->nhist, >=, SNAP_HIST_BINS - 2);
    CHECK_INT(r->hist[0].lo_ns, <=, 20);
    CHECK_INT(r->hist[r->nhist - 1].hi_ns, >, max);
    for (double d = 20; d < 2e9; d *= 1.01)
        CHECK_INT(in_bin(r, (uint64_t)d), >, 0);
    for (uint32_t i = 0; i < r->nhist; i++)
        if (r->hist[i].lo_ns >= 128)
            CHECK_DBL((double)r->hist[i].hi_ns / (double)r->hist[i].lo_ns, <,
                      4.0);
    check_bins(row(&s, 0));
    snapshot_fini(&s);
    free(h);
}

int
main(void)
{
    test_few();
    test_many();
    printf("ok\n");
    return 0;
}
