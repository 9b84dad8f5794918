/* SPDX-License-Identifier: MIT */
/* test_sources.c: software counters from one forced source vs the kernel. */

/*
 * usage: test_sources <fixture> papi|kernel|rusage
 * Runs "fixture sources" with HWTOP_EVENTS=sw HWTOP_BACKEND=<source> and
 * holds the report against what the fixture measured itself: page
 * faults, thread CPU time around a spin, wall time around a sleep.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MS 1000000LL

static const char *const sw_columns[] = {"task_clock_ns", "page_faults",
                                         "context_switches", "cpu_migrations"};

/* The kernel may hide its own side (perf_event_paranoid 2, unprivileged):
 * then switches and migrations come from getrusage. */
static void
check_event_source(const struct run *r, const char *name, const char *source)
{
    const cJSON *e = meta_event(r, name);
    const char *src, *state;
    int kside = strcmp(name, "context_switches") == 0 ||
                strcmp(name, "cpu_migrations") == 0;

    if (e == NULL)
        FAIL("meta.json lists no event %s", name);
    src = meta_str(e, "source");
    state = meta_str(e, "state");
    CHECK(src != NULL && state != NULL);
    if (strcmp(source, "rusage") == 0 && strcmp(name, "cpu_migrations") == 0) {
        CHECK_STR(src, "rusage");
        CHECK_STR(state, "unavailable");
        CHECK(meta_str(e, "reason") != NULL && *meta_str(e, "reason"));
        return;
    }
    if (strcmp(source, "kernel") == 0 && kside && strcmp(src, "rusage") == 0) {
        printf("note: %s from rusage: the kernel hides its side here\n", name);
        return;
    }
    CHECK_STR(src, source);
    CHECK_STR(state, "counting");
}

static void
check_meta(const struct run *r, const char *source)
{
    const char *cols[16];
    const cJSON *fb =
        cJSON_GetObjectItemCaseSensitive(r->meta, "software_fallback");
    const cJSON *nc =
        cJSON_GetObjectItemCaseSensitive(r->meta, "events_not_counted");

    CHECK_EQ(event_columns(r, cols, 16), 4);
    for (int i = 0; i < 4; i++) {
        CHECK_STR(cols[i], sw_columns[i]);
        check_event_source(r, sw_columns[i], source);
    }
    CHECK(cJSON_IsFalse(fb));
    CHECK_EQ(cJSON_GetArraySize(nc), 0);
    CHECK_EQ(meta_num(r->meta, "misuse_total"), 0);
}

/* The library writes nothing on stdout, and here nothing on stderr. */
static void
check_quiet(const struct run *r)
{
    const char *p = r->out, *nl;

    for (; *p != '\0'; p = nl + 1) {
        if (strncmp(p, "fixture: ", 9) != 0)
            FAIL("a line on stdout that is not the fixture's: %.60s", p);
        if ((nl = strchr(p, '\n')) == NULL)
            break;
    }
    if (r->err[0] != '\0')
        FAIL("unexpected stderr: %.200s", r->err);
}

/* One thread row and its all row, equal; leaves: exclusive = inclusive. */
static const struct csv_record *
leaf_row(const struct run *r, const char *name)
{
    const struct csv_record *t = ROWS(r, name), *a = ROW_ALL(r, name);
    const char *cols[16];
    int n = event_columns(r, cols, 16);
    char excl[80];

    CHECK_EQ(row_count(r, name, strlen(name)), 2);
    CHECK_EQ(NUM(r, t, "calls"), 1);
    CHECK_EQ(NUM(r, a, "calls"), 1);
    CHECK_EQ(NUM(r, a, "wall_ns"), NUM(r, t, "wall_ns"));
    CHECK_EQ(NUM(r, t, "excl_wall_ns"), NUM(r, t, "wall_ns"));
    CHECK(EMPTY(r, t, "parent"));
    CHECK_STR(PROBLEMS(r, t), "");
    for (int i = 0; i < n; i++) {
        snprintf(excl, sizeof excl, "excl_%s", cols[i]);
        if (EMPTY(r, t, cols[i])) {
            CHECK(EMPTY(r, a, cols[i]));
            CHECK(EMPTY(r, t, excl));
            continue;
        }
        CHECK_EQ(NUM(r, a, cols[i]), NUM(r, t, cols[i]));
        CHECK_EQ(NUM(r, t, excl), NUM(r, t, cols[i]));
    }
    return t;
}

/* cpu_pct is 100 * task_clock_ns / wall_ns, empty never 0. */
static void
check_cpu_pct(const struct run *r, const struct csv_record *rec)
{
    const struct csv_field *f = STR(r, rec, "cpu_pct");
    double want = 100.0 * (double)NUM(r, rec, "task_clock_ns") /
                  (double)NUM(r, rec, "wall_ns");

    CHECK(f->len > 0);
    CHECK_DBL(fabs(strtod(f->p, NULL) - want), <=, 0.001 * want + 1e-4);
}

static void
check_migrations(const struct run *r, const char *source)
{
    int rusage = strcmp(source, "rusage") == 0;
    const cJSON *e = meta_event(r, "cpu_migrations");
    int unavailable = strcmp(meta_str(e, "state"), "unavailable") == 0;

    CHECK_EQ(unavailable,
             rusage || strcmp(meta_str(e, "source"), "rusage") == 0);
    for (int i = 1; i < r->csv.nrecords; i++) {
        const struct csv_record *rec = &r->csv.records[i];

        if (unavailable) {
            CHECK(EMPTY(r, rec, "cpu_migrations"));
            CHECK(EMPTY(r, rec, "excl_cpu_migrations"));
        } else {
            CHECK_INT(NUM(r, rec, "cpu_migrations"), >=, 0);
        }
    }
}

int
main(int argc, char **argv)
{
    const struct csv_record *touch, *spin, *slp;
    long long pages, faults, cpu, clk, wall;
    struct run r;

    run_fixture_on(&r, argc, argv, "sources");
    check_meta(&r, argv[2]);
    check_quiet(&r);
    check_migrations(&r, argv[2]);

    /* Page faults: at least one per fresh page touched. */
    touch = leaf_row(&r, "touch");
    pages = FACT(&r, "touch_pages");
    faults = NUM(&r, touch, "page_faults");
    CHECK_INT(faults, >=, pages);
    /* Garbage guard; sanitizers fault on their shadow pages too. */
    CHECK_INT(faults, <=, 4 * pages + 256);
    if (strcmp(argv[2], "rusage") == 0)
        CHECK_INT(faults, <=, FACT(&r, "touch_faults"));

    /* CPU: task clock within 10% of the thread's own CPU clock. */
    spin = leaf_row(&r, "spin");
    cpu = FACT(&r, "spin_cpu_ns");
    clk = NUM(&r, spin, "task_clock_ns");
    CHECK_INT(cpu, >=, 50 * MS);
    CHECK_INT(llabs(clk - cpu), <=, cpu / 10);
    CHECK_INT(clk, <=, NUM(&r, spin, "wall_ns") + 1 * MS);
    check_cpu_pct(&r, spin);

    /* Sleep: wall about the sleep, next to no CPU, at least one switch. */
    slp = leaf_row(&r, "sleep");
    wall = NUM(&r, slp, "wall_ns");
    CHECK_INT(wall, >=, FACT(&r, "sleep_ns"));
    CHECK_INT(wall, <=, FACT(&r, "sleep_wall_ns"));
    CHECK_INT(wall, <=, FACT(&r, "sleep_ns") * 12 / 10);
    CHECK_INT(NUM(&r, slp, "task_clock_ns"), <, 5 * MS);
    CHECK_INT(NUM(&r, slp, "context_switches"), >=, 1);
    check_cpu_pct(&r, slp);
    CHECK_INT(NUM(&r, slp, "max_ns"), ==, wall);

    printf("figures (%s): touch %lld pages -> page_faults %lld "
           "(getrusage around it %lld); spin task_clock_ns %lld vs "
           "CLOCK_THREAD_CPUTIME_ID %lld (%+.2f%%); sleep 100 ms -> wall_ns "
           "%lld, task_clock_ns %lld, context_switches %lld\n",
           argv[2], pages, faults, FACT(&r, "touch_faults"), clk, cpu,
           100.0 * (double)(clk - cpu) / (double)cpu, wall,
           NUM(&r, slp, "task_clock_ns"), NUM(&r, slp, "context_switches"));
    run_done(&r);
    return 0;
}
