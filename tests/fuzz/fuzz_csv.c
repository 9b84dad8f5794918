/* SPDX-License-Identifier: MIT */
/* fuzz_csv.c: the report reader behind `hwtop diff` and `hwtop report`. */

/*
 * The input is a file's bytes.  csv_parse must accept or reject it with a
 * reason; csvload reads it as a report through a memfd's /proc path (the
 * way the commands read a file) and, when it is accepted, the snapshot
 * goes through what `hwtop report` and `hwtop diff` do with it: the
 * table, the CSV writer, and a diff against itself.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "csv.h"
#include "csvload.h"
#include "csvread.h"
#include "diff.h"
#include "fuzz.h"
#include "table.h"

static FILE *sink;
static int fd = -1;
static char path[64];

static void
use_report(const struct snapshot *s, const struct csvload_extra *x)
{
    struct table_opts to = {.title = "fuzz"};
    struct diff d;

    table_print(sink, s, &to);
    csv_write(sink, s);
    if (diff_compute(s, x, s, x, DIFF_DEFAULT_THRESHOLD_PCT, &d) == 0) {
        diff_print(sink, &d, "a", "b", true);
        diff_write_csv(sink, &d);
        diff_fini(&d);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_table t;
    struct snapshot s;
    struct csvload_extra x;
    char err[300];
    int rc;

    if (fd < 0) {
        fd = memfd_create("fuzz-csv", 0);
        sink = fopen("/dev/null", "w");
        if (fd < 0 || sink == NULL)
            abort();
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    err[0] = '\0';
    rc = csv_parse((const char *)data, size, &t, err, sizeof err);
    if (rc == 0)
        csv_table_fini(&t);
    else if (rc != -EINVAL || err[0] == '\0')
        abort(); /* a rejection says why */

    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    err[0] = '\0';
    rc = csvload(path, &s, &x, err, sizeof err);
    if (rc == 0) {
        use_report(&s, &x);
        snapshot_fini(&s);
        csvload_extra_fini(&x);
    } else if (err[0] == '\0') {
        abort();
    }
    return 0;
}
