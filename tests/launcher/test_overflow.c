/* SPDX-License-Identifier: MIT */
/* test_overflow.c: a segment sized by hwtop, overflowed by the program. */

/*
 * usage: test_overflow <hwtop> <launcher_app>
 * --max-regions 10 against 20 run-time names: 10 regions in the report,
 * 10 dropped in meta.json, the overflow listed as a misuse.
 * --max-threads 2 against 4 threads: 2 dropped.  Never a crash.
 */
#include <stdio.h>
#include <string.h>

#include "lrun.h"

static void
test_regions(char *hwtop, char *app)
{
    const cJSON *ov, *m;
    struct lrun l;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "--max-regions", "10", "-o",
              l.r.csv_path, app, "names", "20"),
         NULL, 20);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    CHECK_EQ(distinct_regions(&l.r), 10);
    CHECK_EQ(l.r.csv.nrecords, 1 + 2 * 10);
    /* The first ten names got the table. */
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "name00"), "calls"), 1);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "name09"), "calls"), 1);
    CHECK_EQ(row_count(&l.r, "name10", 6), 0);
    ov = meta_object(&l, "overflow");
    CHECK_EQ(meta_num(ov, "regions_dropped"), 10);
    CHECK_EQ(meta_num(ov, "threads_dropped"), 0);
    m = meta_misuse(&l, "more regions than the table holds");
    if (m == NULL)
        FAIL("meta.json lists no region overflow among its misuse");
    CHECK_STR(meta_str(m, "what"), "more regions than the table holds");
    CHECK_EQ(meta_num(m, "count"), 10);
    CHECK_INT(meta_num(l.r.meta, "misuse_total"), >=, 10);
    printf("--max-regions 10, 20 names: %d regions, %.0f dropped\n",
           distinct_regions(&l.r), meta_num(ov, "regions_dropped"));
    lrun_done(&l);
}

static void
test_threads(char *hwtop, char *app)
{
    const cJSON *ov;
    struct lrun l;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "--max-threads", "2", "-o", l.r.csv_path,
              app, "threads", "4"),
         NULL, 20);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    ov = meta_object(&l, "overflow");
    CHECK_EQ(meta_num(ov, "threads_dropped"), 2);
    CHECK_EQ(meta_num(ov, "regions_dropped"), 0);
    CHECK_EQ(thread_rows(&l.r, "t"), 2);
    CHECK_EQ(NUM(&l.r, ROW_ALL(&l.r, "t"), "calls"), 2);
    if (meta_misuse(&l, "thread") == NULL)
        FAIL("meta.json lists no thread overflow among its misuse");
    printf("--max-threads 2, 4 threads: %d thread rows, %.0f dropped\n",
           thread_rows(&l.r, "t"), meta_num(ov, "threads_dropped"));
    lrun_done(&l);
}

int
main(int argc, char **argv)
{
    if (argc != 3)
        FAIL("usage: test_overflow <hwtop> <launcher_app>");
    require_hwtop(argv[1]);
    test_regions(argv[1], argv[2]);
    test_threads(argv[1], argv[2]);
    return 0;
}
