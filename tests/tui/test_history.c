/* SPDX-License-Identifier: MIT */
/* test_history.c: calls per second over the last minute, from snapshots. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "history.h"
#include "snapshot.h"

#define S 1000000000ull

/* A snapshot of one region, name, with calls at elapsed. */
struct one {
    struct snapshot s;
    struct snap_region reg;
    struct snap_row rows[2];
};

static void
one_at(struct one *o, const char *name, uint64_t elapsed, uint64_t calls)
{
    memset(o, 0, sizeof *o);
    o->reg.name = (char *)name;
    o->reg.len = strlen(name);
    o->rows[0] = (struct snap_row){.region = 0, .thread = 0, .calls = 999};
    o->rows[1] = (struct snap_row){.region = 0, .thread = -1, .calls = calls};
    o->s.elapsed_ns = elapsed;
    o->s.nregions = 1;
    o->s.regions = &o->reg;
    o->s.nrows = 2;
    o->s.rows = o->rows;
}

static void
record(struct history *h, const char *name, uint64_t elapsed, uint64_t calls)
{
    struct one o;

    one_at(&o, name, elapsed, calls);
    CHECK_EQ(history_record(h, &o.s), 0);
}

static void
test_steady(void)
{
    struct history h = {0};
    double v[HISTORY_SECONDS];
    int known;

    /* 100 calls a second, sampled five times a second for 10 s: only the
     * first sample of each second counts. */
    for (uint64_t ms = 200; ms <= 10000; ms += 200)
        record(&h, "r", ms * 1000000, ms / 10);
    known = history_rates(&h, "r", 1, 10 * S, v, 10);
    CHECK_EQ(known, 10);
    for (int i = 0; i < 10; i++)
        CHECK_DBL(fabs(v[i] - 100), <, 1e-6);
    /* Asking for more seconds than seen: unknown ones first. */
    known = history_rates(&h, "r", 1, 10 * S, v, HISTORY_SECONDS);
    CHECK_EQ(known, 10);
    CHECK(isnan(v[0]) && isnan(v[HISTORY_SECONDS - 11]));
    CHECK_DBL(fabs(v[HISTORY_SECONDS - 1] - 100), <, 1e-6);
    /* A name never seen, and samples after until_ns ignored. */
    CHECK_EQ(history_rates(&h, "other", 5, 10 * S, v, 10), 0);
    CHECK(isnan(v[9]));
    CHECK_EQ(history_rates(&h, "r", 1, 3 * S + 500000000, v, 3), 3);
    history_fini(&h);
}

/* Samples 3 s apart (a slow refresh): the rate fills the gap. */
static void
test_gap(void)
{
    struct history h = {0};
    double v[6];

    record(&h, "r", 1 * S, 0);
    record(&h, "r", 4 * S, 300);
    record(&h, "r", 5 * S, 300);
    CHECK_EQ(history_rates(&h, "r", 1, 5 * S, v, 6), 4);
    CHECK(isnan(v[0]) && isnan(v[1]));
    CHECK_DBL(v[2], ==, 100);
    CHECK_DBL(v[3], ==, 100);
    CHECK_DBL(v[4], ==, 100);
    CHECK_DBL(v[5], ==, 0);
    history_fini(&h);
}

/* After more than a minute only the last minute is kept; a clock that
 * goes back (a new run) starts again; fewer calls give no rate. */
static void
test_wrap_and_reset(void)
{
    struct history h = {0};
    double v[HISTORY_SECONDS];

    for (uint64_t sec = 0; sec < 200; sec++)
        record(&h, "r", sec * S, sec * (sec < 150 ? 10 : 20));
    CHECK_EQ(history_rates(&h, "r", 1, 199 * S, v, HISTORY_SECONDS),
             HISTORY_SECONDS);
    CHECK_DBL(v[HISTORY_SECONDS - 1], ==, 20 * 199 - 20 * 198);
    record(&h, "r", 2 * S, 5);
    CHECK_EQ(history_rates(&h, "r", 1, 2 * S, v, 3), 0);
    record(&h, "r", 3 * S, 2); /* fewer: the program restarted */
    CHECK_EQ(history_rates(&h, "r", 1, 3 * S, v, 3), 0);
    record(&h, "r", 4 * S, 12);
    CHECK_EQ(history_rates(&h, "r", 1, 4 * S, v, 3), 1);
    CHECK_DBL(v[2], ==, 10);
    history_fini(&h);
}

/* Regions beyond the bound are not followed; the others still are. */
static void
test_bound(void)
{
    struct history h = {0};
    uint64_t sec = 1;
    char name[32];
    double v[2];
    int rc = 0;

    for (int i = 0; i < HISTORY_MAX_REGIONS + 10; i++, sec++) {
        struct one o;

        snprintf(name, sizeof name, "region-%05d", i);
        one_at(&o, name, sec * S, 0);
        rc |= history_record(&h, &o.s);
    }
    CHECK_EQ(rc, -ENOMEM);
    CHECK_EQ(h.n, HISTORY_MAX_REGIONS);
    record(&h, "region-00000", sec * S, 0);
    record(&h, "region-00000", (sec + 1) * S, 7);
    CHECK_EQ(history_rates(&h, "region-00000", 12, (sec + 1) * S, v, 2), 1);
    CHECK_DBL(v[1], ==, 7);
    history_fini(&h);
}

int
main(void)
{
    test_steady();
    test_gap();
    test_wrap_and_reset();
    test_bound();
    printf("ok\n");
    return 0;
}
