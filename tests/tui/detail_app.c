/* SPDX-License-Identifier: MIT */
/* detail_app.c: the detail view tests' program: one region, half the CPU.
 *
 *   detail_app [SECONDS]
 *
 * Two threads (dt-main, dt-worker) each spin in rounds of 0.5, 1, 2 and
 * 4 ms of CPU time inside the region dt_half, each followed by as long
 * outside any region, then sleep twice that: dt_half takes half of the
 * program's CPU time, in four clusters of durations (the histogram's
 * bars), and the program half a core (tests run in parallel).  Prints
 * nothing; exits 0.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <hwtop.h>

#include "testclock.h"

static uint64_t end_ns;

static void *
work(void *name)
{
    static const uint64_t d_us[] = {500, 1000, 2000, 4000};

    hwtop_thread_name(name);
    /* Spins for this thread's CPU time: the halves stay equal however
     * busy the machine is. */
    while (now_ns() < end_ns)
        for (int i = 0; i < 4; i++) {
            PERF_REGION_BEGIN("dt_half");
            spin_ns(CLOCK_THREAD_CPUTIME_ID, d_us[i] * 1000);
            PERF_REGION_END("dt_half");
            spin_ns(CLOCK_THREAD_CPUTIME_ID, d_us[i] * 1000);
            nanosleep(&(struct timespec){0, 2 * d_us[i] * 1000}, NULL);
        }
    return NULL;
}

int
main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 30;
    pthread_t th;

    end_ns = now_ns() + (uint64_t)(secs * 1e9);
    if (pthread_create(&th, NULL, work, "dt-worker") != 0)
        return 1;
    work("dt-main");
    pthread_join(th, NULL);
    return 0;
}
