/* SPDX-License-Identifier: MIT */
/* test_misuse.c: misuse is counted with file and line, and hurts no one. */

/*
 * usage: test_misuse <fixture> misuse|overflow
 * misuse: END without BEGIN (3 times at one line), END of a region not on
 * top, BEGIN on one thread and END on another, nesting past the stack, a
 * region left open at exit.  Each must appear in .meta.json with the
 * fixture's file and line and the right count, the program must exit 0,
 * and every other region must still be counted right.
 * overflow: 5001 distinct names against the region table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "hostile.h"

#define MS 1000000LL

/* The misuse entry of kind what at line; fails when there is none. */
static const cJSON *
misuse_at(const struct run *r, const char *what, long long line)
{
    const cJSON *m;

    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(r->meta, "misuse"))
    {
        if (meta_str(m, "what") != NULL &&
            strcmp(meta_str(m, "what"), what) == 0 &&
            (long long)meta_num(m, "line") == line)
            return m;
    }
    FAIL("meta.json has no misuse \"%s\" at line %lld", what, line);
}

static void
check_misuse(const struct run *r, const char *what, const char *key,
             const char *region, long long count)
{
    long long line = harness_fact(r, key, __FILE__, __LINE__);
    const cJSON *m = misuse_at(r, what, line);
    const char *file = meta_str(m, "file");
    size_t flen = (size_t)FACT(r, "file_len");
    const char *tail = "fixture.c";

    CHECK(file != NULL);
    /* Long paths keep their end: the file name is what matters. */
    CHECK(strlen(file) >= strlen(tail));
    CHECK_STR(file + strlen(file) - strlen(tail), tail);
    if (flen < 160)
        CHECK_EQ(strlen(file), flen);
    CHECK_STR(meta_str(m, "region"), region);
    if ((long long)meta_num(m, "count") != count)
        FAIL("misuse \"%s\" at line %lld: count %.0f, expected %lld", what,
             line, meta_num(m, "count"), count);
}

static void
check_clean(const struct run *r, const struct csv_record *rec, long long calls)
{
    CHECK_EQ(NUM(r, rec, "calls"), calls);
    CHECK(!row_has_flag(r, rec, "open_at_exit"));
    CHECK(!row_has_flag(r, rec, "open"));
}

/* Run-time names have no call site: the API function stands for it. */
static void
check_runtime_misuse(const struct run *r)
{
    char *lng = hostile_long(HOSTILE_LONG_BYTES, 7);
    const cJSON *m = misuse_at(r, "END without BEGIN on this thread", 0);
    const char *name = meta_str(m, "region");
    size_t n;

    CHECK_STR(meta_str(m, "file"), "hwtop_region_end");
    CHECK_EQ(meta_num(m, "count"), 1);
    /* The name is kept in part (its first bytes); meta.json holds valid
     * UTF-8, so bytes that are not become U+FFFD: the printable ASCII of
     * the name's start must be there, in order. */
    CHECK(name != NULL);
    n = strlen(name);
    CHECK_INT(n, >=, 32);
    {
        size_t j = 0, seen = 0;

        for (size_t i = 0; i < 40; i++) {
            const char *hit;

            if ((unsigned char)lng[i] < 0x20 || (unsigned char)lng[i] >= 0x7f)
                continue;
            hit = memchr(name + j, lng[i], n - j);
            CHECK(hit != NULL);
            j = (size_t)(hit - name) + 1;
            seen++;
        }
        CHECK_INT(seen, >=, 5);
    }
    free(lng);
    for (int i = 0; i < 2; i++) {
        const char *fn = i == 0 ? "hwtop_region_begin" : "hwtop_region_end";
        const cJSON *e;
        int found = 0;

        cJSON_ArrayForEach(e,
                           cJSON_GetObjectItemCaseSensitive(r->meta, "misuse"))
        {
            found += strcmp(meta_str(e, "what"), "NULL region name") == 0 &&
                     strcmp(meta_str(e, "file"), fn) == 0 &&
                     meta_num(e, "count") == 1;
        }
        if (found != 1)
            FAIL("%d \"NULL region name\" entries for %s, expected 1", found,
                 fn);
    }
}

/* The regions around the mistakes are counted as if nothing happened. */
static void
check_rows(const struct run *r)
{
    const struct csv_record *sv = ROWS(r, "survivor"), *mo = ROWS(r, "m_outer");
    const struct csv_record *h, *after = ROWS(r, "after");
    const struct csv_record *left = ROWS(r, "left_open");

    check_clean(r, sv, 1);
    check_clean(r, mo, 1);
    check_clean(r, ROWS(r, "m_inner"), 1);
    CHECK_STR(STR(r, mo, "parent")->p, "survivor");
    CHECK_STR(STR(r, ROWS(r, "m_inner"), "parent")->p, "m_outer");
    CHECK_EQ(NUM(r, sv, "wall_ns") - NUM(r, sv, "excl_wall_ns"),
             NUM(r, mo, "wall_ns"));
    CHECK_EQ(NUM(r, mo, "wall_ns") - NUM(r, mo, "excl_wall_ns"),
             NUM(r, ROWS(r, "m_inner"), "wall_ns"));
    CHECK(row_has_flag(r, mo, "misuse"));
    CHECK_INT(NUM(r, sv, "page_faults"), >=, 12);

    /* Never begun: no row. BEGIN/END across threads: the BEGIN's row. */
    CHECK_EQ(row_count(r, "never_begun", 11), 0);
    CHECK_EQ(row_count(r, "handoff", 7), 2);
    h = ROW(r, "handoff", 7, "begin_thread");
    CHECK_EQ(NUM(r, h, "calls"), 1);
    CHECK(row_has_flag(r, h, "open_at_exit"));

    /* Past the stack: the frames that fit are counted. */
    CHECK_EQ(NUM(r, ROWS(r, "deep"), "calls"), 64);

    check_clean(r, after, 3);
    CHECK_INT(NUM(r, after, "task_clock_ns"), >=, 3 * MS * 9 / 10);
    CHECK_INT(NUM(r, after, "page_faults"), >=, 12);
    CHECK_EQ(NUM(r, after, "excl_wall_ns"), NUM(r, after, "wall_ns"));

    CHECK_EQ(NUM(r, left, "calls"), 1);
    CHECK(row_has_flag(r, left, "open_at_exit"));
    CHECK(row_has_flag(r, ROW_ALL(r, "left_open"), "open_at_exit"));
    CHECK_INT(NUM(r, left, "task_clock_ns"), >=, 1 * MS * 9 / 10);
}

static void
test_misuse(const char *fixture)
{
    const char *env[] = {"HWTOP_EVENTS=sw", NULL};
    const char *quiet_env[] = {"HWTOP_EVENTS=sw", "HWTOP_QUIET=1", NULL};
    const cJSON *ov;
    char want[64];
    struct run r;

    run_fixture(&r, fixture, "misuse", env);
    CHECK_EQ(meta_num(r.meta, "misuse_total"), FACT(&r, "misuse"));
    check_misuse(&r, "END without BEGIN on this thread", "line_no_begin",
                 "never_begun", 3);
    check_misuse(&r, "END of a region not on top", "line_not_top", "m_outer",
                 1);
    check_misuse(&r, "END without BEGIN on this thread", "line_cross_end",
                 "handoff", 1);
    check_misuse(&r, "region open at thread exit", "line_cross_begin",
                 "handoff", 1);
    check_misuse(&r, "nesting deeper than the stack", "line_deep", "", 6);
    check_misuse(&r, "region open at exit", "line_left_open", "left_open", 1);
    check_runtime_misuse(&r);
    CHECK_EQ(
        cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r.meta, "misuse")),
        9);
    ov = cJSON_GetObjectItemCaseSensitive(r.meta, "overflow");
    CHECK_EQ(meta_num(ov, "depth_overflow"), 6);
    check_rows(&r);

    /* The summary on stderr names the sites. */
    snprintf(want, sizeof want, "hwtop: %lld region misuses",
             FACT(&r, "misuse"));
    if (strstr(r.err, want) == NULL)
        FAIL("stderr lacks \"%s\": %.300s", want, r.err);
    snprintf(want, sizeof want, "fixture.c:%lld: ", FACT(&r, "line_no_begin"));
    if (strstr(r.err, want) == NULL)
        FAIL("stderr lacks \"%s\": %.300s", want, r.err);
    printf("figures: %lld misuses at 9 sites, each with its site; "
           "after them \"after\" counted 3 calls, %lld ns of CPU\n",
           FACT(&r, "misuse"), NUM(&r, ROWS(&r, "after"), "task_clock_ns"));
    run_done(&r);

    /* HWTOP_QUIET=1: the same report, not a word on stderr. */
    run_fixture(&r, fixture, "misuse", quiet_env);
    CHECK_EQ(meta_num(r.meta, "misuse_total"), FACT(&r, "misuse"));
    if (r.err[0] != '\0')
        FAIL("HWTOP_QUIET=1, yet stderr says: %.200s", r.err);
    run_done(&r);
}

/* Distinct region names in the report. */
static int
count_regions(const struct run *r)
{
    int n = 0;

    for (int i = 1; i < r->csv.nrecords; i++)
        n += row_is_all(r, &r->csv.records[i]);
    return n;
}

static void
test_overflow(const char *fixture)
{
    const char *env[] = {"HWTOP_EVENTS=sw", NULL};
    const cJSON *ov, *m;
    long long dropped;
    int kept;
    struct run r;

    run_fixture(&r, fixture, "overflow", env);
    ov = cJSON_GetObjectItemCaseSensitive(r.meta, "overflow");
    dropped = (long long)meta_num(ov, "regions_dropped");
    kept = count_regions(&r);
    CHECK_INT(dropped, >, 0);
    CHECK_EQ(kept + dropped, FACT(&r, "names"));
    CHECK_EQ(r.csv.nrecords, 1 + 2 * kept);
    /* Regions named before the table filled keep counting. */
    check_clean(&r, ROWS(&r, "pre"), 4);
    check_clean(&r, ROWS(&r, "r0000"), 3);
    CHECK_INT(NUM(&r, ROWS(&r, "pre"), "page_faults"), >=, 4);
    CHECK_EQ(row_count(&r, "r4999", 5), 0);
    /* And it is a misuse, reported as such. */
    m = misuse_at(&r, "more regions than the table holds", 0);
    CHECK_STR(meta_str(m, "file"), "hwtop_region_begin");
    CHECK_INT(meta_num(m, "count"), >=, dropped);
    CHECK_INT(meta_num(r.meta, "misuse_total"), >=, dropped);
    if (strstr(r.err, "more regions than the table holds") == NULL)
        FAIL("stderr does not report the overflow: %.300s", r.err);
    printf("figures: %lld names, %d kept, %lld dropped and counted\n",
           FACT(&r, "names"), kept, dropped);
    run_done(&r);
}

int
main(int argc, char **argv)
{
    if (argc != 3)
        FAIL("usage: test_misuse <fixture> misuse|overflow");
    if (strcmp(argv[2], "misuse") == 0)
        test_misuse(argv[1]);
    else if (strcmp(argv[2], "overflow") == 0)
        test_overflow(argv[1]);
    else
        FAIL("unknown case %s", argv[2]);
    return 0;
}
