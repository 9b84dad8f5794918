/* SPDX-License-Identifier: MIT */
/* header_loop.c: a loop with regions (WITH_REGIONS) or without, for
 * header.sh samecode: built with -DHWTOP_DISABLE it must compile to the
 * very instructions of the loop without them. */
#include <hwtop.h>

#ifdef __cplusplus
extern "C" { /* one symbol name, loop, in C and C++ */
#endif
/* Defined elsewhere: the compiler cannot see through it or drop it. */
void work(long i);
void loop(long n);
#ifdef __cplusplus
}
#endif

void
loop(long n)
{
    for (long i = 0; i < n; i++) {
#ifdef WITH_REGIONS
        PERF_REGION_BEGIN("step");
        work(i);
        PERF_REGION_END("step");
        {
            PERF_REGION("scoped");
            work(i + 1);
        }
        hwtop_region_begin("run-time");
        work(i + 2);
        hwtop_region_end("run-time");
#else
        work(i);
        {
            work(i + 1);
        }
        work(i + 2);
#endif
    }
}
