/* SPDX-License-Identifier: MIT */
/* test_nesting.c: inclusive = exclusive + children, for every column. */

/*
 * usage: test_nesting <fixture> papi|kernel|rusage
 * "fixture nest" runs outer { inner_a x3, inner_b x2 { leaf x2 } } with
 * work (page faults, CPU) at every level.  For every row of the report,
 * wall and every event column, inclusive minus exclusive must equal the
 * sum of the row's children exactly.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define MS 1000000LL

/* Sums the children of row p (same thread label, parent = p's region). */
static int
check_row(const struct run *r, const struct csv_record *p, const char **ev,
          int nev)
{
    int cr = csv_column(&r->csv, "region"), cp = csv_column(&r->csv, "parent");
    int ct = csv_column(&r->csv, "thread");
    long long wall = 0, sum[16] = {0};
    char excl[80];
    int nchild = 0;

    for (int i = 1; i < r->csv.nrecords; i++) {
        const struct csv_record *c = &r->csv.records[i];

        if (strcmp(c->fields[ct].p, p->fields[ct].p) != 0 ||
            !same_bytes(&c->fields[cp], p->fields[cr].p, p->fields[cr].len))
            continue;
        nchild++;
        wall += NUM(r, c, "wall_ns");
        for (int e = 0; e < nev; e++)
            if (!EMPTY(r, c, ev[e]))
                sum[e] += NUM(r, c, ev[e]);
    }
    CHECK_EQ(NUM(r, p, "wall_ns") - NUM(r, p, "excl_wall_ns"), wall);
    for (int e = 0; e < nev; e++) {
        snprintf(excl, sizeof excl, "excl_%s", ev[e]);
        if (EMPTY(r, p, ev[e])) {
            CHECK(EMPTY(r, p, excl));
            continue;
        }
        if (NUM(r, p, ev[e]) - NUM(r, p, excl) != sum[e])
            FAIL("region %s, thread %s: %s %lld - %s %lld != children "
                 "%lld",
                 p->fields[cr].p, p->fields[ct].p, ev[e], NUM(r, p, ev[e]),
                 excl, NUM(r, p, excl), sum[e]);
    }
    return nchild;
}

static void
check_shape(const struct run *r, const char *name, const char *parent,
            long long calls)
{
    const struct csv_record *t = ROWS(r, name), *a = ROW_ALL(r, name);

    CHECK_EQ(row_count(r, name, strlen(name)), 2);
    CHECK_STR(STR(r, t, "parent")->p, parent);
    CHECK_STR(STR(r, a, "parent")->p, parent);
    CHECK_EQ(NUM(r, t, "calls"), calls);
    CHECK_EQ(NUM(r, a, "calls"), calls);
    CHECK_INT(NUM(r, t, "excl_wall_ns"), >, 0);
    CHECK_STR(PROBLEMS(r, t), "");
}

int
main(int argc, char **argv)
{
    const char *ev[16];
    int nev, parents = 0;
    struct run r;

    run_fixture_on(&r, argc, argv, "nest");
    CHECK_STR(meta_str(meta_event(&r, "task_clock_ns"), "source"), argv[2]);

    check_shape(&r, "outer", "", 1);
    check_shape(&r, "inner_a", "outer", 3);
    check_shape(&r, "inner_b", "outer", 2);
    check_shape(&r, "leaf", "inner_b", 4);
    CHECK_EQ(r.csv.nrecords, 1 + 4 * 2);

    nev = event_columns(&r, ev, 16);
    CHECK_EQ(nev, 4);
    for (int i = 1; i < r.csv.nrecords; i++)
        parents += check_row(&r, &r.csv.records[i], ev, nev) > 0;
    /* outer and inner_b, each on its thread row and its all row. */
    CHECK_EQ(parents, 4);

    /* The work the fixture did lands where it did it. */
    CHECK_INT(NUM(&r, ROWS(&r, "outer"), "excl_page_faults"), >=, 64 + 4);
    CHECK_INT(NUM(&r, ROWS(&r, "inner_a"), "page_faults"), >=, 3 * 16);
    CHECK_INT(NUM(&r, ROWS(&r, "inner_b"), "excl_page_faults"), >=, 2 * 4);
    CHECK_INT(NUM(&r, ROWS(&r, "leaf"), "page_faults"), >=, 4 * 8);
    CHECK_INT(NUM(&r, ROWS(&r, "leaf"), "task_clock_ns"), >=, 4 * MS * 9 / 10);
    CHECK_INT(NUM(&r, ROWS(&r, "inner_a"), "task_clock_ns"), >=,
              3 * MS * 9 / 10);
    CHECK_INT(NUM(&r, ROWS(&r, "outer"), "excl_task_clock_ns"), >=,
              3 * MS * 9 / 10);

    printf("figures (%s): outer wall_ns %lld = excl %lld + children; "
           "page_faults %lld = excl %lld + children\n",
           argv[2], NUM(&r, ROWS(&r, "outer"), "wall_ns"),
           NUM(&r, ROWS(&r, "outer"), "excl_wall_ns"),
           NUM(&r, ROWS(&r, "outer"), "page_faults"),
           NUM(&r, ROWS(&r, "outer"), "excl_page_faults"));
    run_done(&r);
    return 0;
}
