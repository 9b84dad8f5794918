/* SPDX-License-Identifier: MIT */
/* ctl.c: two regions of controlled duration: "steady" always sleeps
 * 2 ms, "tuned" sleeps argv[1] microseconds. */
#include <hwtop.h>
#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    int tuned_us = argc > 1 ? atoi(argv[1]) : 2000;

    for (int i = 0; i < 20; i++) {
        {
            PERF_REGION("steady");
            usleep(2000);
        }
        {
            PERF_REGION("tuned");
            usleep((useconds_t)tuned_us);
        }
    }
    return 0;
}
