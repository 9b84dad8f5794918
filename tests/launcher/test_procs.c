/* SPDX-License-Identifier: MIT */
/* test_procs.c: the program's own processes, each under its own pid. */

/*
 * usage: test_procs <hwtop> <launcher_app> <launcher_leaf> fork|exec
 * fork: the program forks a child that runs regions in two threads; the
 *       parent's rows stay intact, the child's carry the child's pid and
 *       their own tids.
 * exec: a forked child execs another instrumented binary, then the
 *       program execs it itself: every image's rows, each with its pid.
 */
#include <stdio.h>
#include <string.h>

#include "lrun.h"

/* The one thread row of region name: its pid and tid. */
static void
row_ids(const struct run *r, const char *name, long long calls, long long *pid,
        long long *tid)
{
    const struct csv_record *rec = ROWS(r, name);

    CHECK_EQ(NUM(r, rec, "calls"), calls);
    CHECK_STR(PROBLEMS(r, rec), "");
    *pid = NUM(r, rec, "pid");
    *tid = NUM(r, rec, "tid");
    printf("  %-14s calls %lld pid %lld tid %lld thread %s\n", name, calls,
           *pid, *tid, STR(r, rec, "thread")->p);
}

static void
test_fork(struct lrun *l)
{
    long long pp, pt, ap, at, cp, ct, tp, tt, parent, child;

    parent = FACT(&l->r, "parent_pid");
    child = FACT(&l->r, "child_pid");
    CHECK(parent != child);
    CHECK_EQ(meta_num(l->r.meta, "pid"), parent);
    row_ids(&l->r, "parent_work", 2, &pp, &pt);
    row_ids(&l->r, "parent_after", 1, &ap, &at);
    row_ids(&l->r, "child_work", 3, &cp, &ct);
    row_ids(&l->r, "child_thread", 2, &tp, &tt);
    CHECK_EQ(pp, parent);
    CHECK_EQ(pt, parent);
    CHECK_EQ(ap, parent);
    CHECK_EQ(at, parent);
    CHECK_EQ(cp, child);
    CHECK_EQ(ct, child);
    CHECK_EQ(tp, child);
    CHECK_EQ(tt, FACT(&l->r, "child_thread_tid"));
    CHECK(tt != ct && tt != pt && ct != pt);
    /* Three threads wrote: three distinct labels. */
    CHECK(strcmp(STR(&l->r, ROWS(&l->r, "parent_work"), "thread")->p,
                 STR(&l->r, ROWS(&l->r, "child_work"), "thread")->p) != 0);
    CHECK(strcmp(STR(&l->r, ROWS(&l->r, "child_work"), "thread")->p,
                 STR(&l->r, ROWS(&l->r, "child_thread"), "thread")->p) != 0);
    /* The parent's region, all rows: nothing of the child added in. */
    CHECK_EQ(NUM(&l->r, ROW_ALL(&l->r, "parent_work"), "calls"), 2);
    CHECK_INT(NUM(&l->r, ROWS(&l->r, "parent_work"), "page_faults"), >=, 4);
    CHECK_INT(NUM(&l->r, ROWS(&l->r, "child_work"), "page_faults"), >=, 6);
    CHECK_EQ(l->r.csv.nrecords, 1 + 2 * 4);
}

static void
test_exec(struct lrun *l)
{
    long long pp, pt, cp, ct, sp, st, parent;

    parent = FACT(&l->r, "parent_pid");
    row_ids(&l->r, "pre_exec", 2, &pp, &pt);
    row_ids(&l->r, "leaf_child", 3, &cp, &ct);
    row_ids(&l->r, "leaf_self", 3, &sp, &st);
    CHECK_EQ(pp, parent);
    CHECK_EQ(pt, parent);
    CHECK_EQ(cp, FACT(&l->r, "leaf_child_pid"));
    CHECK_EQ(ct, FACT(&l->r, "leaf_child_tid"));
    CHECK(cp != parent);
    /* exec keeps the pid: the new image's rows carry it too. */
    CHECK_EQ(sp, parent);
    CHECK_EQ(sp, FACT(&l->r, "leaf_self_pid"));
    CHECK_EQ(l->r.csv.nrecords, 1 + 2 * 3);
}

int
main(int argc, char **argv)
{
    struct lrun l;

    if (argc != 5)
        FAIL("usage: test_procs <hwtop> <launcher_app> <launcher_leaf> "
             "fork|exec");
    require_hwtop(argv[1]);
    lrun_init(&l);
    if (strcmp(argv[4], "fork") == 0)
        lrun(&l,
             ARGV(argv[1], "-b", "-e", "sw", "-o", l.r.csv_path, argv[2],
                  "fork"),
             NULL, 30);
    else if (strcmp(argv[4], "exec") == 0)
        lrun(&l,
             ARGV(argv[1], "-b", "-e", "sw", "-o", l.r.csv_path, argv[2],
                  "exec", argv[3]),
             NULL, 30);
    else
        FAIL("unknown case %s", argv[4]);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    if (strcmp(argv[4], "fork") == 0)
        test_fork(&l);
    else
        test_exec(&l);
    printf("%s: %d rows, every process under its own pid\n", argv[4],
           l.r.csv.nrecords - 1);
    lrun_done(&l);
    return 0;
}
