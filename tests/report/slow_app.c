/* SPDX-License-Identifier: MIT */
/* slow_app.c: a region whose every 100th call touches fresh pages, and a
 * twin that never does, for the slow-call counters (test_slow.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "hwtop.h"

#define CALLS 2000
#define SPIN_NS 20000
#define FRESH_PAGES 32

static uint64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
spin(void)
{
    uint64_t end = now_ns() + SPIN_NS;

    while (now_ns() < end)
        ;
}

/* FRESH_PAGES pages never touched before: one page fault each. */
static void
touch_fresh(void)
{
    long page = sysconf(_SC_PAGESIZE);
    volatile char *p = mmap(NULL, (size_t)(FRESH_PAGES * page),
                            PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED) {
        perror("slow_app: mmap");
        exit(1);
    }
    for (long i = 0; i < FRESH_PAGES; i++)
        p[i * page] = 1;
    munmap((void *)p, (size_t)(FRESH_PAGES * page));
}

int
main(void)
{
    for (int i = 0; i < CALLS; i++) {
        PERF_REGION_BEGIN("work");
        spin();
        if (i % 100 == 99)
            touch_fresh();
        PERF_REGION_END("work");
        PERF_REGION_BEGIN("steady");
        spin();
        PERF_REGION_END("steady");
    }
    printf("slow_app: calls=%d fresh_pages=%d every=100\n", CALLS,
           FRESH_PAGES);
    return 0;
}
