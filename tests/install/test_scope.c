/* SPDX-License-Identifier: MIT */
/* test_scope.c: the C++ scopes of hwtop.hpp end where C++ says they end.
 *
 * usage: test_scope APP APP_DISABLED: runs the C++17 program of
 * scope_app.cpp under HWTOP_CSV and checks each region's calls, parent
 * and thread; then the same program built with -DHWTOP_DISABLE, which
 * runs the same and writes no report.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"

static void
check_region(struct run *r, const char *name, const char *thread,
             long long calls, const char *parent)
{
    const struct csv_record *rec = ROW(r, name, strlen(name), thread);

    CHECK_EQ(NUM(r, rec, "calls"), calls);
    CHECK_STR(STR(r, rec, "parent")->p, parent);
    CHECK_STR(PROBLEMS(r, rec), "");
}

int
main(int argc, char **argv)
{
    const char *env[] = {"HWTOP_EVENTS=sw", NULL};
    char *app[] = {argc > 1 ? argv[1] : NULL, NULL};
    char *off[] = {argc > 2 ? argv[2] : NULL, NULL};
    struct run r;
    struct stat st;

    if (argc < 3)
        FAIL("usage: test_scope APP APP_DISABLED");
    run_program(&r, app, env);
    CHECK(strstr(r.out, "caught=3 status=0 version_ok=1") != NULL);
    CHECK_EQ(r.err[0], '\0');
    check_region(&r, "outer", "main", 1, "");
    check_region(&r, "leaf", "main", 9, "outer"); /* 3 left by a throw */
    check_region(&r, "shard-0", "main", 2, "outer");
    check_region(&r, "shard-1", "main", 2, "outer");
    check_region(&r, "early", "main", 5, ""); /* 4 left by a return */
    check_region(&r, "worker", "cxx-worker", 1, "");
    check_region(&r, "status", "main", 1, "");
    CHECK(r.meta != NULL);
    CHECK_EQ(meta_num(r.meta, "misuse_total"), 0);
    printf("scope: HWTOP_SCOPE and hwtop::scope end on return, throw and "
           "block end\n");
    run_done(&r);

    /* Compiled out: the same output, no report. */
    run_program_any(&r, off, env);
    CHECK_EQ(r.exit_code, 0);
    CHECK(strstr(r.out, "caught=3 status=0 version_ok=1") != NULL);
    CHECK(stat(r.csv_path, &st) != 0);
    printf("scope: -DHWTOP_DISABLE runs the same, writes nothing\n");
    run_done(&r);
    return 0;
}
