/* SPDX-License-Identifier: MIT */
/* json_app.c: a program with a known shape for the report tests.
 *
 *   main:      load (1 call), then "a,b \"q\"" and "naïve ☃" (1 each)
 *   worker-1,  solve (1 call) > step (10 calls each) > shard-K (K = the
 *   worker-2:  step's index mod 2: 5 calls each, names made at run time)
 *
 * Every count is fixed; only times and counters vary from run to run.
 * With the argument "bad-utf8", main also enters "bad \xff" (not UTF-8).
 */
#include <hwtop.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define STEPS 10

static volatile unsigned long sink;

static void
spin(unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        sink += i;
}

static void *
worker(void *arg)
{
    char name[32];

    snprintf(name, sizeof name, "worker-%d", (int)(long)arg);
    hwtop_thread_name(name);
    PERF_REGION_BEGIN("solve");
    for (int i = 0; i < STEPS; i++) {
        PERF_REGION("step");
        snprintf(name, sizeof name, "shard-%d", i % 2);
        hwtop_region_begin(name);
        spin(20000);
        hwtop_region_end(name);
    }
    PERF_REGION_END("solve");
    return NULL;
}

int
main(int argc, char **argv)
{
    pthread_t t[2];

    hwtop_thread_name("main");
    PERF_REGION_BEGIN("load");
    spin(100000);
    PERF_REGION_END("load");
    /* One after the other: thread order, and so row order, is fixed. */
    for (long i = 0; i < 2; i++) {
        if (pthread_create(&t[i], NULL, worker, (void *)(i + 1)) != 0)
            return 1;
        pthread_join(t[i], NULL);
    }
    {
        PERF_REGION("a,b \"q\"");
        spin(1000);
    }
    {
        PERF_REGION("na\xc3\xafve \xe2\x98\x83");
        spin(1000);
    }
    if (argc > 1 && strcmp(argv[1], "bad-utf8") == 0) {
        PERF_REGION("bad \xff");
        spin(1000);
    }
    printf("json_app: done\n");
    return 0;
}
