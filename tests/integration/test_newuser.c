/* SPDX-License-Identifier: MIT */
/* test_newuser.c: build and run a program exactly as the README says. */

/*
 * usage: test_newuser <build>/pkgconfig <app.c> [extra cflags]
 * Compiles app.c with `cc app.c $(pkg-config --cflags --libs hwtop)`
 * (PKG_CONFIG_PATH at the build tree), runs it with HWTOP_EVENTS=sw and
 * HWTOP_CSV, and checks the report: calls, rows, software counters.
 * Extra cflags are for sanitizer builds only: a sanitized libhwtop needs
 * its runtime linked into the app.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

static void
build_app(const char *pcdir, const char *src, const char *extra,
          const char *app)
{
    char pcpath[600], cmd[1600];
    const char *env[] = {pcpath, NULL};
    char *sh[] = {"/bin/sh", "-c", cmd, NULL};
    struct run b;

    snprintf(pcpath, sizeof pcpath, "PKG_CONFIG_PATH=%s", pcdir);
    snprintf(cmd, sizeof cmd,
             "cc '%s' $(pkg-config --cflags --libs hwtop) %s -o '%s'", src,
             extra, app);
    run_program_any(&b, sh, env);
    if (b.exit_code != 0)
        FAIL("%s: exit %d: %s", cmd, b.exit_code, b.err);
    run_done(&b);
}

int
main(int argc, char **argv)
{
    const char *env[] = {"HWTOP_EVENTS=sw", NULL};
    const struct csv_record *load, *step;
    char dir[256], app[300];
    char *app_argv[] = {app, NULL};
    struct run r;

    if (argc < 3)
        FAIL("usage: test_newuser <pkgconfig dir> <app.c> [cflags]");
    temp_dir(dir, sizeof dir);
    snprintf(app, sizeof app, "%s/app", dir);
    build_app(argv[1], argv[2], argc > 3 ? argv[3] : "", app);
    run_program(&r, app_argv, env);
    CHECK(strncmp(r.out, "sum ", 4) == 0);
    CHECK_EQ(r.err[0], '\0');

    load = ROWS(&r, "load");
    step = ROWS(&r, "step");
    CHECK_EQ(r.csv.nrecords, 1 + 2 * 2);
    CHECK_EQ(NUM(&r, load, "calls"), 1);
    CHECK_EQ(NUM(&r, step, "calls"), 10);
    CHECK_EQ(NUM(&r, ROW_ALL(&r, "step"), "calls"), 10);
    CHECK_EQ(STR(&r, step, "parent")->len, 0);
    CHECK_INT(NUM(&r, load, "page_faults"), >, 0);
    CHECK_INT(NUM(&r, load, "task_clock_ns"), >, 0);
    CHECK_INT(NUM(&r, step, "task_clock_ns"), >, 0);
    CHECK_STR(PROBLEMS(&r, load), "");
    CHECK_EQ(meta_num(r.meta, "misuse_total"), 0);
    printf("figures: load page_faults %lld, task_clock_ns %lld; step calls "
           "%lld\n",
           NUM(&r, load, "page_faults"), NUM(&r, load, "task_clock_ns"),
           NUM(&r, step, "calls"));
    run_done(&r);
    remove_dir(dir);
    return 0;
}
