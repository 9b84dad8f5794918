/* SPDX-License-Identifier: MIT */
/* app.c: a user's first instrumented program (tests/install). */
#include <hwtop.h>
#include <stdio.h>

int
main(void)
{
    long sum = 0;

    hwtop_thread_name("main");
    PERF_REGION_BEGIN("load");
    for (long i = 0; i < 100000; i++)
        sum += i % 7;
    PERF_REGION_END("load");
    for (int i = 0; i < 10; i++) {
        PERF_REGION("step");
        sum += i;
    }
    printf("app: sum %ld, library %s header\n", sum,
           hwtop_get_api_version() == HWTOP_API_VERSION ? "matches"
                                                        : "differs");
    return 0;
}
