/* SPDX-License-Identifier: MIT */
/* clock.h: the hot path's clock: CLOCK_MONOTONIC nanoseconds, read from
 * the TSC where it is invariant (calibrated once against the clock). */
#ifndef HWTOP_LIB_CLOCK_H
#define HWTOP_LIB_CLOCK_H

#include <stdint.h>
#include <time.h>

struct hwtop_clock {
    int tsc;          /* 1: read the TSC; 0: clock_gettime */
    uint64_t tsc0;    /* TSC at calibration */
    uint64_t mono0;   /* CLOCK_MONOTONIC ns at tsc0 */
    uint64_t mult;    /* ns per tick, 32.32 fixed point */
    double tick_hz;   /* for reports */
};

extern struct hwtop_clock hwtop__clock;

/* Picks the source (HWTOP_CLOCK=tsc|monotonic forces one) and
 * calibrates: a few hundred microseconds.  Never fails. */
void hwtop__clock_init(void);
/* "tsc" or "monotonic". */
const char *hwtop__clock_name(void);

static inline uint64_t
hwtop__mono_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint64_t
hwtop__now_ns(void)
{
#if defined(__x86_64__)
    if (__builtin_expect(hwtop__clock.tsc, 1)) {
        uint64_t t = __builtin_ia32_rdtsc();

        return hwtop__clock.mono0 +
               (uint64_t)(((unsigned __int128)(t - hwtop__clock.tsc0) *
                           hwtop__clock.mult) >>
                          32);
    }
#endif
    return hwtop__mono_ns();
}

#endif /* HWTOP_LIB_CLOCK_H */
