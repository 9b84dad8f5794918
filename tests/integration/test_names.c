/* SPDX-License-Identifier: MIT */
/* test_names.c: hostile region and thread names round-trip byte for byte. */

/*
 * usage: test_names <fixture>
 * "fixture names" opens each name of hostile.h twice (run-time API), a
 * 10 KB name, a 20 KB one (cut at the documented limit, flagged), a
 * hostile parent with a hostile child, and a hostile literal through the
 * macros, on a thread with a hostile label.  The report is parsed back
 * with the strict RFC 4180 reader and every name compared byte for byte.
 */
#include <stdio.h>

#include "harness.h"
#include "hostile.h"
#include "hostile_report.h"

int
main(int argc, char **argv)
{
    const char *env[] = {"HWTOP_EVENTS=sw", NULL};
    struct run r;

    if (argc != 2)
        FAIL("usage: test_names <fixture>");
    run_fixture(&r, argv[1], "names", env);
    hostile_report_check(&r);
    printf("figures: %lld names (commas, quotes, CR/LF, tabs, controls, "
           "invalid UTF-8, empty, %d and %d bytes) round-tripped byte for "
           "byte; the %d-byte one cut at %d and flagged name_cut\n",
           FACT(&r, "names"), HOSTILE_LONG_BYTES, HOSTILE_HUGE_BYTES,
           HOSTILE_HUGE_BYTES, HOSTILE_NAME_MAX);
    run_done(&r);
    return 0;
}
