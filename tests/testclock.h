/* SPDX-License-Identifier: MIT */
/* testclock.h: clocks, spins and sleeps for the tests and their programs. */
#ifndef HWTOP_TEST_CLOCK_H
#define HWTOP_TEST_CLOCK_H

#include <errno.h>
#include <stdint.h>
#include <time.h>

/* Clock id in ns: CLOCK_MONOTONIC for wall time, CLOCK_THREAD_CPUTIME_ID
 * for the calling thread's CPU time. */
static inline uint64_t
clock_ns(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* CLOCK_MONOTONIC in ns. */
static inline uint64_t
now_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

/* CLOCK_MONOTONIC in seconds. */
static inline double
now_s(void)
{
    return (double)now_ns() / 1e9;
}

/* Busy for ns of clock id: wall time (CLOCK_MONOTONIC), or the thread's
 * CPU time (CLOCK_THREAD_CPUTIME_ID: as long however busy the machine). */
static inline void
spin_ns(clockid_t id, uint64_t ns)
{
    uint64_t end = clock_ns(id) + ns;

    while (clock_ns(id) < end)
        ;
}

/* Sleeps ms milliseconds, signals or not. */
static inline void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

#endif /* HWTOP_TEST_CLOCK_H */
