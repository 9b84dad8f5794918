/* SPDX-License-Identifier: MIT */
/* tui_app.c: the TUI tests' program: known regions, in a loop, for a while.
 *
 *   tui_app [SECONDS [EXIT_CODE]]
 *
 * Each round: tui_outer holds 50 short tui_fast calls (many calls, little
 * time) and one tui_slow call (few calls, most of the time, asleep), then
 * four regions with hostile names: terminal escape sequences, invalid
 * UTF-8, and a 10 KB name.  Prints nothing; exits with EXIT_CODE (default 0).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hwtop.h>

#include "testclock.h"

#define HOSTILE_TITLE "\033]0;pwned\007"
#define HOSTILE_CLEAR "\033[2J\033[31mred"
#define HOSTILE_UTF8 "bad\xff\xfe utf8"

static void
hostile(const char *name)
{
    hwtop_region_begin(name);
    spin_ns(CLOCK_MONOTONIC, 1000);
    hwtop_region_end(name);
}

int
main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 30;
    int code = argc > 2 ? atoi(argv[2]) : 0;
    uint64_t end = now_ns() + (uint64_t)(secs * 1e9);
    static char long_name[10 * 1024 + 1];
    const struct timespec slow = {0, 5000000};

    memset(long_name, 'L', sizeof long_name - 1);
    hwtop_thread_name("tui-main");
    while (now_ns() < end) {
        PERF_REGION_BEGIN("tui_outer");
        for (int i = 0; i < 50; i++) {
            PERF_REGION_BEGIN("tui_fast");
            spin_ns(CLOCK_MONOTONIC, 2000);
            PERF_REGION_END("tui_fast");
        }
        PERF_REGION_BEGIN("tui_slow");
        nanosleep(&slow, NULL); /* wall time, not CPU: tests run in parallel */
        PERF_REGION_END("tui_slow");
        PERF_REGION_END("tui_outer");
        hostile(HOSTILE_TITLE);
        hostile(HOSTILE_CLEAR);
        hostile(HOSTILE_UTF8);
        hostile(long_name);
    }
    return code;
}
