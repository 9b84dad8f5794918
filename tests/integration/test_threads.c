/* SPDX-License-Identifier: MIT */
/* test_threads.c: per-thread rows, and the all row as their exact sum. */

/*
 * usage: test_threads <fixture> papi|kernel|rusage
 * "fixture threads": 4 named threads, worker-i runs "work" { "step" }
 * i + 1 times while the main thread waits inside "main".  Each thread
 * gets its own rows, counted on that thread only; each all row is the
 * exact sum of its thread rows, column by column.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define MS 1000000LL
#define NWORKERS 4

/* The all row of name = the sum of its NWORKERS thread rows. */
static void
check_sums(const struct run *r, const char *name, const char *parent)
{
    static const char *const fixed[] = {"calls", "wall_ns", "excl_wall_ns"};
    const struct csv_record *all = ROW_ALL(r, name), *t[NWORKERS];
    const char *ev[16];
    int nev = event_columns(r, ev, 16);
    char label[32], excl[80];
    long long sum;

    CHECK_EQ(row_count(r, name, strlen(name)), NWORKERS + 1);
    for (int i = 0; i < NWORKERS; i++) {
        snprintf(label, sizeof label, "worker-%d", i);
        t[i] = ROW(r, name, strlen(name), label);
        CHECK_EQ(NUM(r, t[i], "calls"), i + 1);
        CHECK_STR(STR(r, t[i], "parent")->p, parent);
        CHECK_STR(PROBLEMS(r, t[i]), "");
    }
    CHECK_STR(STR(r, all, "parent")->p, parent);
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++) {
        sum = 0;
        for (int i = 0; i < NWORKERS; i++)
            sum += NUM(r, t[i], fixed[k]);
        CHECK_EQ(NUM(r, all, fixed[k]), sum);
    }
    for (int e = 0; e < nev; e++)
        for (int x = 0; x < 2; x++) {
            const char *col = ev[e];

            if (x == 1) {
                snprintf(excl, sizeof excl, "excl_%s", ev[e]);
                col = excl;
            }
            if (EMPTY(r, all, col)) {
                for (int i = 0; i < NWORKERS; i++)
                    CHECK(EMPTY(r, t[i], col));
                continue;
            }
            sum = 0;
            for (int i = 0; i < NWORKERS; i++)
                sum += NUM(r, t[i], col);
            if (NUM(r, all, col) != sum)
                FAIL("%s: all row %s %lld, sum of threads %lld", name, col,
                     NUM(r, all, col), sum);
        }
}

/* Counted on the thread itself: its CPU is its own, never over wall. */
static long long
check_worker(const struct run *r, int i, long long main_tid, long long pid)
{
    char label[32];
    const struct csv_record *w;
    long long clk;

    snprintf(label, sizeof label, "worker-%d", i);
    w = ROW(r, "work", 4, label);
    clk = NUM(r, w, "task_clock_ns");
    CHECK_INT(clk, >=, (i + 1) * 3 * MS * 9 / 10);
    CHECK_INT(clk, <=, NUM(r, w, "wall_ns") + 1 * MS);
    CHECK_INT(NUM(r, w, "page_faults"), >=, (i + 1) * 8);
    CHECK_INT(NUM(r, ROW(r, "step", 4, label), "task_clock_ns"), >=,
              (i + 1) * MS * 9 / 10);
    CHECK_EQ(NUM(r, w, "pid"), pid);
    CHECK(NUM(r, w, "tid") != main_tid);
    CHECK_EQ(NUM(r, w, "tid"), NUM(r, ROW(r, "step", 4, label), "tid"));
    return clk;
}

int
main(int argc, char **argv)
{
    const struct csv_record *m;
    long long tids[NWORKERS], workers_cpu = 0, main_tid, pid;
    struct run r;

    run_fixture_on(&r, argc, argv, "threads");
    CHECK_STR(meta_str(meta_event(&r, "task_clock_ns"), "source"), argv[2]);

    check_sums(&r, "work", "");
    check_sums(&r, "step", "work");

    /* The unnamed main thread is labelled by its tid. */
    m = ROWS(&r, "main");
    CHECK_EQ(row_count(&r, "main", 4), 2);
    CHECK_EQ(NUM(&r, m, "calls"), 1);
    main_tid = NUM(&r, m, "tid");
    pid = NUM(&r, m, "pid");
    CHECK_EQ(NUM(&r, m, "thread"), main_tid);
    CHECK_EQ(pid, meta_num(r.meta, "pid"));
    for (int i = 0; i < NWORKERS; i++) {
        char label[32];

        workers_cpu += check_worker(&r, i, main_tid, pid);
        snprintf(label, sizeof label, "worker-%d", i);
        tids[i] = NUM(&r, ROW(&r, "work", 4, label), "tid");
        for (int j = 0; j < i; j++)
            CHECK(tids[i] != tids[j]);
    }
    /* The main thread only waited: the workers' CPU is not in its row. */
    CHECK_INT(NUM(&r, m, "task_clock_ns"), <, workers_cpu / 2);
    CHECK_INT(NUM(&r, m, "wall_ns"), >=,
              NUM(&r, ROW(&r, "work", 4, "worker-3"), "wall_ns"));

    printf("figures (%s): work calls 1+2+3+4 = %lld, all-row task_clock_ns "
           "%lld = sum of threads; main thread task_clock_ns %lld while "
           "workers used %lld\n",
           argv[2], NUM(&r, ROW_ALL(&r, "work"), "calls"),
           NUM(&r, ROW_ALL(&r, "work"), "task_clock_ns"),
           NUM(&r, m, "task_clock_ns"), workers_cpu);
    run_done(&r);
    return 0;
}
