/* SPDX-License-Identifier: MIT */
/* report_cmd.c: prints a saved CSV report as the batch table. */
#include "report_cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "csvload.h"
#include "table.h"

static void
usage(FILE *f)
{
    fputs("Usage: hwtop report [--sort KEY] [--top N] [--threads] FILE.csv\n"
          "Print a saved report as the batch table.  KEY: time, excl, "
          "calls,\np99, share or an event column; largest first.\n",
          f);
}

static int
parse(int argc, char **argv, struct table_opts *to, const char **path)
{
    static const struct option opts[] = {
        {"sort", required_argument, NULL, 's'},
        {"top", required_argument, NULL, 'n'},
        {"threads", no_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *end;
    int c;

    argv[0] = (char *)"hwtop report";
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:n:th", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            to->sort = optarg;
            break;
        case 'n':
            to->top = (int)strtol(optarg, &end, 10);
            if (*end != '\0' || to->top < 1) {
                fprintf(stderr, "hwtop report: --top '%s': a count >= 1\n",
                        optarg);
                return 2;
            }
            break;
        case 't':
            to->threads = true;
            break;
        case 'h':
            usage(stdout);
            return 1;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return 2;
    }
    *path = argv[optind];
    return 0;
}

int
report_main(int argc, char **argv)
{
    struct table_opts to = {0};
    struct snapshot s;
    const char *path = NULL;
    char err[512], title[600];
    int rc = parse(argc, argv, &to, &path);

    if (rc != 0)
        return rc == 1 ? 0 : rc;
    if (to.top > 0 && to.sort == NULL)
        to.sort = "time";
    if (csvload(path, &s, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "hwtop: %s\n", err);
        return 2;
    }
    if (to.sort != NULL && !table_sort_valid(&s, to.sort)) {
        fprintf(stderr, "hwtop report: --sort '%s': time, excl, calls, p99, "
                        "share or an event column of this report\n",
                to.sort);
        snapshot_fini(&s);
        return 2;
    }
    snprintf(title, sizeof title, "hwtop report %s: %d regions", path,
             s.nregions);
    to.title = title;
    table_print(stdout, &s, &to);
    snapshot_fini(&s);
    return 0;
}
