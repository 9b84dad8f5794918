/* SPDX-License-Identifier: MIT */
/* test_fallback.c: the automatic source choice, and a real kernel refusal. */

/*
 * usage: test_fallback <fixture> <noperf> sw|default
 * With HWTOP_BACKEND unset the library must pick the best source this
 * machine offers (PAPI's perf:: events, else the kernel, else rusage).
 * Then the fixture runs under noperf, whose seccomp filter makes the
 * kernel refuse perf_event_open: the software counters must come from
 * rusage and still be right.  "default" asks for the hardware group:
 * nothing of it can be counted under the filter, so the report carries
 * the software counters instead and stderr says so in one line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MS 1000000LL

static const char *const sw_columns[] = {"task_clock_ns", "page_faults",
                                         "context_switches", "cpu_migrations"};

/* Without the filter, auto picks the best source offered here. */
static void
check_auto(const char *fixture)
{
    const char *env[] = {"HWTOP_EVENTS=sw", NULL};
    const char *want = auto_source();
    struct run r;

    run_fixture(&r, fixture, "sources", env);
    CHECK_STR(meta_str(meta_event(&r, "task_clock_ns"), "source"), want);
    CHECK_STR(meta_str(meta_event(&r, "page_faults"), "source"), want);
    printf("auto source without the filter: %s\n", want);
    run_done(&r);
}

static void
check_rusage_events(const struct run *r)
{
    const char *cols[16];
    const char *reason;

    CHECK_EQ(event_columns(r, cols, 16), 4);
    for (int i = 0; i < 4; i++) {
        const cJSON *e = meta_event(r, sw_columns[i]);

        CHECK_STR(cols[i], sw_columns[i]);
        CHECK(e != NULL);
        CHECK_STR(meta_str(e, "source"), "rusage");
        CHECK_STR(meta_str(e, "state"), i == 3 ? "unavailable" : "counting");
    }
    /* Migrations say why they are missing: the kernel refused. */
    reason = meta_str(meta_event(r, "cpu_migrations"), "reason");
    CHECK(reason != NULL);
    if (strstr(reason, "refused") == NULL)
        FAIL("cpu_migrations reason does not say the kernel refused: %s",
             reason);
}

/* The numbers still hold, from getrusage and the thread CPU clock. */
static void
check_values(const struct run *r)
{
    const struct csv_record *touch = ROWS(r, "touch"), *spin = ROWS(r, "spin");
    const struct csv_record *slp = ROWS(r, "sleep");
    long long cpu = FACT(r, "spin_cpu_ns");
    long long clk = NUM(r, spin, "task_clock_ns");

    CHECK_INT(NUM(r, touch, "page_faults"), >=, FACT(r, "touch_pages"));
    CHECK_INT(llabs(clk - cpu), <=, cpu / 10);
    CHECK_INT(NUM(r, slp, "wall_ns"), >=, FACT(r, "sleep_ns"));
    CHECK_INT(NUM(r, slp, "task_clock_ns"), <, 5 * MS);
    for (int i = 1; i < r->csv.nrecords; i++)
        CHECK(EMPTY(r, &r->csv.records[i], "cpu_migrations"));
    printf("figures (seccomp, rusage): page_faults %lld for %lld pages; "
           "task_clock_ns %lld vs thread clock %lld\n",
           NUM(r, touch, "page_faults"), FACT(r, "touch_pages"), clk, cpu);
}

/* One "hwtop:" line: nothing asked for counts, software instead. */
static void
check_notice(const struct run *r)
{
    const cJSON *nc =
        cJSON_GetObjectItemCaseSensitive(r->meta, "events_not_counted");
    const cJSON *e;
    const char *nl = strchr(r->err, '\n');

    CHECK(cJSON_IsTrue(
        cJSON_GetObjectItemCaseSensitive(r->meta, "software_fallback")));
    CHECK_INT(cJSON_GetArraySize(nc), >, 0);
    cJSON_ArrayForEach(e, nc)
    {
        const char *why = meta_str(e, "reason");

        CHECK(why != NULL && why[0] != '\0');
    }
    if (strncmp(r->err, "hwtop: ", 7) != 0 || nl == NULL || nl[1] != '\0')
        FAIL("expected one hwtop: line on stderr, got: %.300s", r->err);
    if (strstr(r->err, "software") == NULL)
        FAIL("the notice does not say software counters stand in: %s", r->err);
    printf("notice: %s", r->err);
}

int
main(int argc, char **argv)
{
    const char *sw_env[] = {"HWTOP_EVENTS=sw", NULL};
    const char *quiet_env[] = {"HWTOP_QUIET=1", NULL};
    int dflt;
    struct run r;

    if (argc != 4)
        FAIL("usage: test_fallback <fixture> <noperf> sw|default");
    dflt = strcmp(argv[3], "default") == 0;
    char *argv_noperf[] = {argv[2], argv[1], "sources", NULL};

    if (!dflt)
        check_auto(argv[1]);
    run_program_any(&r, argv_noperf, dflt ? NULL : sw_env);
    if (r.exit_code == 77 && strncmp(r.err, "noperf: ", 8) == 0)
        SKIP("cannot make the kernel refuse perf_event_open here: %s",
             r.err + 8);
    if (r.exit_code != 0 || r.meta == NULL)
        FAIL("noperf fixture: exit %d, stderr: %.300s", r.exit_code, r.err);
    check_rusage_events(&r);
    check_values(&r);
    if (dflt)
        check_notice(&r);
    else
        CHECK(cJSON_IsFalse(
            cJSON_GetObjectItemCaseSensitive(r.meta, "software_fallback")));
    run_done(&r);

    if (dflt) {
        /* HWTOP_QUIET=1 silences the notice, not the fallback. */
        run_program_any(&r, argv_noperf, quiet_env);
        CHECK_EQ(r.exit_code, 0);
        CHECK(r.meta != NULL);
        CHECK(cJSON_IsTrue(
            cJSON_GetObjectItemCaseSensitive(r.meta, "software_fallback")));
        if (r.err[0] != '\0')
            FAIL("HWTOP_QUIET=1, yet stderr says: %.200s", r.err);
        run_done(&r);
    }
    return 0;
}
