/* SPDX-License-Identifier: MIT */
/* clock.c: choosing and calibrating the hot path's clock. */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hwtop_clock hwtop__clock;

/* Invariant TSC: constant rate and running in deep C-states. */
static int
tsc_invariant(void)
{
    char line[8192];
    FILE *f = fopen("/proc/cpuinfo", "re");
    int ok = 0;

    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "flags", 5) == 0) {
            ok = strstr(line, " constant_tsc") != NULL &&
                 strstr(line, " nonstop_tsc") != NULL;
            break;
        }
    fclose(f);
    return ok;
}

#if defined(__x86_64__)
/* A (TSC, clock) pair: the TSC midpoint around the clock read whose two
 * TSC reads are closest (best of 5, so a preemption does not skew it). */
static void
sample(uint64_t *tsc, uint64_t *mono)
{
    uint64_t best = UINT64_MAX;

    for (int i = 0; i < 5; i++) {
        uint64_t a = __builtin_ia32_rdtsc(), m = hwtop__mono_ns(),
                 b = __builtin_ia32_rdtsc();

        if (b - a < best) {
            best = b - a;
            *tsc = a + (b - a) / 2;
            *mono = m;
        }
    }
}

/* Ticks against CLOCK_MONOTONIC over ~300 us.  The first clock reads map
 * the vDSO's pages and are slow: warm up first, or the estimate is off
 * by several percent (seen in a VM: 7%); warmed up, 0.03%. */
static void
calibrate(void)
{
    uint64_t m0 = 0, m1 = 0, t0 = 0, t1 = 0;

    for (int i = 0; i < 64; i++)
        sample(&t0, &m0);
    sample(&t0, &m0);
    do
        sample(&t1, &m1);
    while (m1 - m0 < 300000);
    if (t1 <= t0 || m1 <= m0)
        return;
    hwtop__clock.mult = (uint64_t)(((unsigned __int128)(m1 - m0) << 32) /
                                   (t1 - t0));
    hwtop__clock.tsc0 = t1;
    hwtop__clock.mono0 = m1;
    hwtop__clock.tick_hz = (double)(t1 - t0) * 1e9 / (double)(m1 - m0);
    hwtop__clock.tsc = hwtop__clock.mult > 0;
}
#endif

void
hwtop__clock_init(void)
{
    const char *want = getenv("HWTOP_CLOCK");

    memset(&hwtop__clock, 0, sizeof hwtop__clock);
#if defined(__x86_64__)
    if (want != NULL && strcmp(want, "monotonic") == 0)
        return;
    if ((want != NULL && strcmp(want, "tsc") == 0) || tsc_invariant())
        calibrate();
#else
    (void)want;
#endif
}

const char *
hwtop__clock_name(void)
{
    return hwtop__clock.tsc ? "tsc" : "monotonic";
}
