/* SPDX-License-Identifier: MIT */
/* test_scoped.c: PERF_REGION ends on return, break, continue and goto. */

/*
 * usage: test_scoped <fixture>
 * "fixture scoped" leaves scoped regions every way C allows; each must
 * end exactly once per entry (exact call counts), nothing may stay open,
 * and no misuse may be recorded.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static const struct {
    const char *name;
    long long calls;
    const char *parent;
} expect[] = {
    {"scoped_return", 7, ""},   {"scoped_break", 5, ""},
    {"scoped_continue", 6, ""}, {"scoped_goto", 3, ""},
    {"scoped_outer", 1, ""},    {"scoped_inner", 4, "scoped_outer"},
    {"scoped_block", 1, ""},    {"scoped_recurse", 5, ""},
};

#define NEXPECT (sizeof expect / sizeof expect[0])

int
main(int argc, char **argv)
{
    const char *env[] = {"HWTOP_EVENTS=sw", NULL};
    const cJSON *mis;
    struct run r;

    if (argc != 2)
        FAIL("usage: test_scoped <fixture>");
    run_fixture(&r, argv[1], "scoped", env);

    for (size_t i = 0; i < NEXPECT; i++) {
        const struct csv_record *t = ROWS(&r, expect[i].name);
        const struct csv_record *a = ROW_ALL(&r, expect[i].name);

        CHECK_EQ(row_count(&r, expect[i].name, strlen(expect[i].name)), 2);
        if (NUM(&r, t, "calls") != expect[i].calls)
            FAIL("%s: calls %lld, expected %lld", expect[i].name,
                 NUM(&r, t, "calls"), expect[i].calls);
        CHECK_EQ(NUM(&r, a, "calls"), expect[i].calls);
        CHECK_STR(STR(&r, t, "parent")->p, expect[i].parent);
        CHECK_STR(PROBLEMS(&r, t), "");
        CHECK_STR(PROBLEMS(&r, a), "");
        CHECK_INT(NUM(&r, t, "wall_ns"), >, 0);
    }
    CHECK_EQ(r.csv.nrecords, 1 + 2 * (int)NEXPECT);
    /* goto out of both scopes: the inner ended inside the outer. */
    CHECK_EQ(NUM(&r, ROWS(&r, "scoped_outer"), "wall_ns") -
                 NUM(&r, ROWS(&r, "scoped_outer"), "excl_wall_ns"),
             NUM(&r, ROWS(&r, "scoped_inner"), "wall_ns"));
    CHECK_INT(NUM(&r, ROWS(&r, "scoped_outer"), "wall_ns"), >=,
              NUM(&r, ROWS(&r, "scoped_inner"), "wall_ns"));

    CHECK_EQ(meta_num(r.meta, "misuse_total"), FACT(&r, "misuse"));
    mis = cJSON_GetObjectItemCaseSensitive(r.meta, "misuse");
    CHECK_EQ(cJSON_GetArraySize(mis), 0);
    CHECK_EQ(r.err[0], '\0');

    printf("figures: calls return 7, break 5, continue 6, goto 3, goto out "
           "of two scopes 1 + 4, block 1, recursion 5: all exact\n");
    run_done(&r);
    return 0;
}
