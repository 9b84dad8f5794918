/* SPDX-License-Identifier: MIT */
/* test_metrics.c: derived metrics against values computed by hand. */
#include <math.h>

#include "check.h"
#include "metrics.h"

static int
metric(const char *column)
{
    for (int m = 0; m < METRIC_COUNT; m++)
        if (strcmp(metric_defs[m].column, column) == 0)
            return m;
    FAIL("no metric %s", column);
}

#define NEAR(a, b) CHECK_DBL(fabs((a) - (b)), <, 1e-12)

static void
amdahl(void)
{
    NEAR(metrics_amdahl(0.5, INFINITY), 2.0);
    NEAR(metrics_amdahl(0.5, 2), 1 / 0.75);         /* 1.3333 */
    NEAR(metrics_amdahl(0.9, 10), 1 / (0.1 + 0.09)); /* 5.2632 */
    NEAR(metrics_amdahl(0.25, 4), 1 / (0.75 + 0.0625));
    NEAR(metrics_amdahl(0, 1000), 1.0);
    NEAR(metrics_amdahl(0.3, 1), 1.0);        /* no speedup, no gain */
    NEAR(metrics_amdahl(0.5, 0.5), 1 / 1.5);   /* slower: below 1 */
    CHECK(isinf(metrics_amdahl(1, INFINITY)));
    CHECK(isnan(metrics_amdahl(-0.1, 2)));
    CHECK(isnan(metrics_amdahl(1.1, 2)));
    CHECK(isnan(metrics_amdahl(0.5, 0)));
    CHECK(isnan(metrics_amdahl(NAN, 2)));
}

/* A snapshot of one region with a task clock: share and ceiling. */
static void
share(void)
{
    struct snapshot s = {0};
    struct snap_row r = {0};
    double m[METRIC_COUNT];

    s.nevents = 1;
    strcpy(s.events[0].name, "task_clock_ns");
    s.program_cpu_ns = 400000000;  /* 400 ms of CPU in all threads */
    s.program_wall_ns = 1000000000;
    r.wall_ns = 500000000;
    r.ev[0] = 300000000;           /* 300 ms: 75% of the CPU time */
    metrics_compute(&s, &r, m);
    NEAR(m[metric("share_pct")], 75.0);
    NEAR(m[metric("amdahl_max")], 4.0);
    NEAR(m[metric("cpu_pct")], 60.0);
    CHECK(isnan(m[metric("ipc")]));

    /* No task clock: share of wall time instead. */
    s.events[0].state = SNAP_EV_UNAVAILABLE;
    metrics_compute(&s, &r, m);
    NEAR(m[metric("share_pct")], 50.0);
    NEAR(m[metric("amdahl_max")], 2.0);
    CHECK(isnan(m[metric("cpu_pct")]));

    /* Nothing known about the program: empty, never 0. */
    s.program_wall_ns = 0;
    metrics_compute(&s, &r, m);
    CHECK(isnan(m[metric("share_pct")]));
    CHECK(isnan(m[metric("amdahl_max")]));
}

int
main(void)
{
    amdahl();
    share();
    printf("metrics: Amdahl and share checked against hand-computed values\n");
    return 0;
}
