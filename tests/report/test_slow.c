/* SPDX-License-Identifier: MIT */
/* test_slow.c: what makes the slow calls slow, end to end.
 *
 * usage: test_slow <hwtop> <slow_app>
 * slow_app's "work" touches 32 fresh pages on every 100th of its 2000
 * calls (32 page faults, tens of microseconds each here) and spins 2 us
 * otherwise; "steady" only spins.  The report's slowest 1% of "work"
 * (20 calls) must be those calls: their page faults per call stand out
 * (at least half of 32 even if preemptions made up to 10 short calls
 * slower still) beside all calls' 0.32, and they take longer.  "steady"'s
 * slowest calls have no page faults to speak of (at most 2 a call:
 * first touches, ASan's shadow).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lrun.h"

static double
real(const struct run *r, const struct csv_record *rec, const char *col)
{
    const struct csv_field *f = STR(r, rec, col);
    char *end;
    double v;

    if (f->len == 0)
        FAIL("column %s is empty", col);
    v = strtod(f->p, &end);
    if (*end != '\0')
        FAIL("column %s: '%s' is not a number", col, f->p);
    return v;
}

int
main(int argc, char **argv)
{
    struct lrun l;
    const struct csv_record *work, *steady;
    double faults, slow_faults, ratio, slow_time, time_ratio;

    if (argc != 3) {
        fprintf(stderr, "usage: test_slow <hwtop> <slow_app>\n");
        return 2;
    }
    require_hwtop(argv[1]);
    lrun_init(&l);
    lrun(&l, ARGV(argv[1], "-b", "-o", l.r.csv_path, argv[2]), NULL, 120);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    work = ROW_ALL(&l.r, "work");
    steady = ROW_ALL(&l.r, "steady");
    CHECK_EQ(NUM(&l.r, work, "calls"), 2000);
    CHECK_EQ(NUM(&l.r, work, "slow_calls"), 20);
    CHECK_EQ(NUM(&l.r, steady, "slow_calls"), 20);
    faults = (double)NUM(&l.r, work, "page_faults") / 2000.0;
    slow_faults = real(&l.r, work, "slow_page_faults_per_call");
    ratio = real(&l.r, work, "slow_page_faults_ratio");
    slow_time = real(&l.r, work, "slow_time_per_call_ns");
    time_ratio = real(&l.r, work, "slow_time_ratio");
    printf("work:   all calls %.3f page faults/call, slowest 1%% %.2f "
           "(%.1fx); slowest take %.0f ns, %.1fx the mean\n",
           faults, slow_faults, ratio, slow_time, time_ratio);
    printf("steady: slowest 1%% %.2f page faults/call, %.1fx the mean time\n",
           real(&l.r, steady, "slow_page_faults_per_call"),
           real(&l.r, steady, "slow_time_ratio"));
    /* 20 calls x 32 pages, plus what the program faulted otherwise. */
    CHECK(faults >= 0.32 && faults < 1.0);
    CHECK(slow_faults >= 16.0 && slow_faults <= 40.0);
    CHECK(ratio >= 10.0);
    CHECK(fabs(ratio - slow_faults / faults) / ratio < 0.01);
    CHECK(slow_time >= 10000.0);
    CHECK(time_ratio > 2.0);
    /* A first call may fault in a few pages (under ASan its shadow). */
    CHECK(real(&l.r, steady, "slow_page_faults_per_call") <= 2.0);
    /* The per-thread row agrees with the all row (one thread). */
    CHECK_EQ(NUM(&l.r, thread_row(&l.r, "work", 0), "slow_calls"), 20);
    lrun_done(&l);
    printf("ok\n");
    return 0;
}
