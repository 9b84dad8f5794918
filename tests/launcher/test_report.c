/* SPDX-License-Identifier: MIT */
/* test_report.c: what `hwtop -b -o` writes, against the standalone report. */

/*
 * usage: test_report <hwtop> <launcher_app> same|crash|whole
 * same:  `hwtop -b -o r.csv app` and `HWTOP_CSV=s.csv app` agree on every
 *        deterministic column (regions in order, parents, thread rows,
 *        calls; page faults of a region touching N fresh pages >= N), and
 *        the batch table lists the regions under the whole-program row.
 * crash: a segfault inside a region after another finished: 139, the
 *        finished one with its calls, the open one flagged open_at_crash;
 *        _exit(0) with a region open: flagged open_at_exit.
 * whole: uninstrumented programs (a shell pipeline, a program with no
 *        region) still get the whole-program counters in meta.json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lrun.h"

static char *hwtop, *app;

static int
cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;

    return (x > y) - (x < y);
}

/* Calls of each thread row of region name, sorted; returns how many. */
static int
thread_calls(const struct run *r, const char *name, long long *out, int max)
{
    int n = 0;
    const struct csv_record *rec;

    while (n < max && (rec = thread_row(r, name, n)) != NULL)
        out[n++] = NUM(r, rec, "calls");
    qsort(out, (size_t)n, sizeof *out, cmp_ll);
    return n;
}

/* Region names in the order of their first row. */
static int
region_order(const struct run *r, const char *names[], int max)
{
    int c = csv_column(&r->csv, "region"), n = 0;

    for (int i = 1; i < r->csv.nrecords && n < max; i++) {
        const char *p = r->csv.records[i].fields[c].p;
        int seen = 0;

        for (int j = 0; j < n && !seen; j++)
            seen = strcmp(names[j], p) == 0;
        if (!seen)
            names[n++] = p;
    }
    return n;
}

static void
same_header(const struct run *a, const struct run *b)
{
    const struct csv_record *x = &a->csv.records[0], *y = &b->csv.records[0];

    CHECK_EQ(x->nfields, y->nfields);
    for (int i = 0; i < x->nfields; i++)
        CHECK_STR(x->fields[i].p, y->fields[i].p);
}

static void
same_region(const struct run *a, const struct run *b, const char *name)
{
    long long ca[8], cb[8];
    int na = thread_calls(a, name, ca, 8), nb = thread_calls(b, name, cb, 8);

    printf("  %-8s parent '%s', %d thread rows, %lld calls\n", name,
           STR(a, ROW_ALL(a, name), "parent")->p, na,
           NUM(a, ROW_ALL(a, name), "calls"));
    CHECK_EQ(na, nb);
    for (int i = 0; i < na; i++)
        CHECK_EQ(ca[i], cb[i]);
    CHECK_EQ(NUM(a, ROW_ALL(a, name), "calls"),
             NUM(b, ROW_ALL(b, name), "calls"));
    CHECK_STR(STR(a, ROW_ALL(a, name), "parent")->p,
              STR(b, ROW_ALL(b, name), "parent")->p);
    for (int i = 0; i < na; i++) {
        CHECK_STR(STR(a, thread_row(a, name, i), "parent")->p,
                  STR(a, ROW_ALL(a, name), "parent")->p);
        CHECK_STR(STR(b, thread_row(b, name, i), "parent")->p,
                  STR(b, ROW_ALL(b, name), "parent")->p);
        CHECK_STR(PROBLEMS(a, thread_row(a, name, i)), "");
        CHECK_STR(PROBLEMS(b, thread_row(b, name, i)), "");
    }
}

/* What both reports must hold, known from the fixture's code. */
static void
expected(const struct run *r, long long npages)
{
    long long calls[8];

    CHECK_EQ(NUM(r, ROW_ALL(r, "outer"), "calls"), 1);
    CHECK_EQ(NUM(r, ROW_ALL(r, "inner"), "calls"), 5);
    CHECK_STR(STR(r, ROW_ALL(r, "inner"), "parent")->p, "outer");
    CHECK_STR(STR(r, ROW_ALL(r, "outer"), "parent")->p, "");
    CHECK_EQ(NUM(r, ROW_ALL(r, "touch"), "calls"), 1);
    CHECK_EQ(thread_calls(r, "worker", calls, 8), 2);
    CHECK_EQ(calls[0], 4);
    CHECK_EQ(calls[1], 4);
    CHECK_INT(NUM(r, ROWS(r, "touch"), "page_faults"), >=, npages);
    CHECK_INT(NUM(r, ROW_ALL(r, "touch"), "page_faults"), >=, npages);
    CHECK_INT(NUM(r, ROW_ALL(r, "outer"), "page_faults"), >=, 5);
}

static void
test_same(void)
{
    const char *env[] = {"HWTOP_EVENTS=sw", NULL};
    const char *na[16], *nb[16];
    struct lrun l;
    struct run s;
    long long pid;
    int n;

    run_program(&s, ARGV(app, "same", "64"), env);
    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, app, "same", "64"),
         NULL, 30);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    same_header(&l.r, &s);
    n = region_order(&l.r, na, 16);
    CHECK_EQ(n, 4);
    CHECK_EQ(region_order(&s, nb, 16), n);
    for (int i = 0; i < n; i++) {
        CHECK_STR(na[i], nb[i]);
        same_region(&l.r, &s, na[i]);
    }
    CHECK_EQ(l.r.csv.nrecords, s.csv.nrecords);
    expected(&l.r, FACT(&l.r, "npages"));
    expected(&s, FACT(&s, "npages"));

    /* The launcher's rows carry the program's pid; main's tid is it. */
    pid = FACT(&l.r, "pid");
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "touch"), "pid"), pid);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "touch"), "tid"), pid);
    CHECK_EQ(NUM(&l.r, thread_row(&l.r, "worker", 0), "pid"), pid);
    CHECK(NUM(&l.r, thread_row(&l.r, "worker", 0), "tid") !=
          NUM(&l.r, thread_row(&l.r, "worker", 1), "tid"));
    CHECK_EQ(meta_num(l.r.meta, "pid"), pid);

    /* The batch table: title, whole program, then the regions. */
    CHECK(strstr(l.r.out, "exited with status 0") != NULL);
    CHECK_EQ(count_lines(l.r.out, "REGION "), 1);
    CHECK_EQ(count_lines(l.r.out, "[whole program] "), 1);
    CHECK_EQ(count_lines(l.r.out, "outer "), 1);
    CHECK_EQ(count_lines(l.r.out, "  inner "), 1);
    CHECK_EQ(count_lines(l.r.out, "touch "), 1);
    CHECK_EQ(count_lines(l.r.out, "worker "), 1);
    printf("same: %d regions, %d rows, touch faults %lld (launcher) and %lld "
           "(standalone) for %lld pages\n",
           n, l.r.csv.nrecords - 1,
           NUM(&l.r, ROW_ALL(&l.r, "touch"), "page_faults"),
           NUM(&s, ROW_ALL(&s, "touch"), "page_faults"), FACT(&l.r, "npages"));
    run_done(&s);
    lrun_done(&l);
}

static void
crash_case(const char *scenario, int want_exit, const char *done,
           long long done_calls, const char *open, const char *flag)
{
    struct lrun l;
    const struct csv_record *rec;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, app,
              (char *)scenario),
         NULL, 30);
    EXPECT_EXIT(&l, want_exit);
    EXPECT_REPORT(&l);
    rec = ROWS(&l.r, done);
    CHECK_EQ(NUM(&l.r, rec, "calls"), done_calls);
    CHECK_STR(PROBLEMS(&l.r, rec), "");
    CHECK_EQ(NUM(&l.r, ROW_ALL(&l.r, done), "calls"), done_calls);
    rec = ROWS(&l.r, open);
    if (!row_has_flag(&l.r, rec, flag))
        FAIL("%s: region %s has flags '%s', not %s", scenario, open,
             STR(&l.r, rec, "flags")->p, flag);
    CHECK(row_has_flag(&l.r, ROW_ALL(&l.r, open), flag));
    CHECK_EQ(NUM(&l.r, rec, "calls"), 0);
    CHECK(cJSON_GetObjectItemCaseSensitive(l.r.meta, "whole_program") != NULL);
    printf("%s: exit %d, %s %lld calls, %s flagged %s\n", scenario,
           l.r.exit_code, done, done_calls, open, STR(&l.r, rec, "flags")->p);
    lrun_done(&l);
}

static void
test_crash(void)
{
    crash_case("segv", 128 + 11, "done", 3, "crashing", "open_at_crash");
    crash_case("abort", 128 + 6, "done", 1, "aborting", "open_at_crash");
    crash_case("exit_open", 0, "done", 2, "left_open", "open_at_exit");
}

static void
whole_case(char *const argv[], long long min_faults, const char *what)
{
    const cJSON *w;
    const char *src;
    struct lrun l;
    char *full[16];
    int n = 0;

    lrun_init(&l);
    full[n++] = hwtop;
    full[n++] = "-b";
    full[n++] = "-e";
    full[n++] = "sw";
    full[n++] = "-o";
    full[n++] = l.r.csv_path;
    for (int i = 0; argv[i] != NULL && n < 15; i++)
        full[n++] = argv[i];
    full[n] = NULL;
    lrun(&l, full, NULL, 30);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    CHECK_EQ(l.r.csv.nrecords, 1); /* no region: the header only */
    w = cJSON_GetObjectItemCaseSensitive(l.r.meta, "whole_program");
    if (w == NULL)
        FAIL("%s: meta.json has no whole_program", what);
    src = meta_str(w, "source");
    if (src == NULL || *src == '\0')
        FAIL("%s: whole_program names no source", what);
    CHECK_DBL(meta_num(w, "task_clock_ns"), >, 0);
    CHECK_DBL(meta_num(w, "page_faults"), >=, min_faults);
    CHECK_DBL(meta_num(w, "wall_ns"), >, 0);
    CHECK_DBL(meta_num(l.r.meta, "program_cpu_ns"), >, 0);
    CHECK(strstr(l.r.out, "[whole program]") != NULL);
    CHECK(strstr(l.r.out, src) != NULL); /* the title says where from */
    printf("%s: whole program from '%s': %.0f ns CPU, %.0f page faults\n", what,
           src, meta_num(w, "task_clock_ns"), meta_num(w, "page_faults"));
    lrun_done(&l);
}

static void
test_whole(void)
{
    whole_case(
        ARGV("/bin/sh", "-c", "head -c 50000000 /dev/zero | cat >/dev/null"), 1,
        "shell pipeline");
    whole_case(ARGV(app, "plain", "512"), 512, "no regions");
}

int
main(int argc, char **argv)
{
    if (argc != 4)
        FAIL("usage: test_report <hwtop> <launcher_app> same|crash|whole");
    require_hwtop(argv[1]);
    hwtop = argv[1];
    app = argv[2];
    if (strcmp(argv[3], "same") == 0)
        test_same();
    else if (strcmp(argv[3], "crash") == 0)
        test_crash();
    else if (strcmp(argv[3], "whole") == 0)
        test_whole();
    else
        FAIL("unknown case %s", argv[3]);
    return 0;
}
