/* SPDX-License-Identifier: MIT */
/* slow_app.c: a region whose every 100th call touches fresh pages, and a
 * twin that never does, for the slow-call counters (test_slow.c).
 *
 * The regions' other calls are short (2 us) and the program spends most
 * of its time between them: on a loaded machine a preemption then seldom
 * lands in a short call and makes it one of the slowest. */
#include <stdio.h>
#include <time.h>

#include "hwtop.h"
#include "testapp.h"
#include "testclock.h"

#define CALLS 2000
#define SPIN_NS 2000     /* a call */
#define BETWEEN_NS 10000 /* outside the regions, after each */
#define FRESH_PAGES 32

int
main(void)
{
    for (int i = 0; i < CALLS; i++) {
        PERF_REGION_BEGIN("work");
        spin_ns(CLOCK_MONOTONIC, SPIN_NS);
        if (i % 100 == 99)
            touch_pages(FRESH_PAGES); /* never touched before: a fault each */
        PERF_REGION_END("work");
        spin_ns(CLOCK_MONOTONIC, BETWEEN_NS);
        PERF_REGION_BEGIN("steady");
        spin_ns(CLOCK_MONOTONIC, SPIN_NS);
        PERF_REGION_END("steady");
        spin_ns(CLOCK_MONOTONIC, BETWEEN_NS);
    }
    printf("slow_app: calls=%d fresh_pages=%d every=100\n", CALLS,
           FRESH_PAGES);
    return 0;
}
