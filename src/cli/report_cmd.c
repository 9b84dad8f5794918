/* SPDX-License-Identifier: MIT */
/* report_cmd.c: prints a saved CSV report as the batch table. */
#include "report_cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "csvload.h"
#include "json.h"
#include "table.h"

static void
usage(FILE *f)
{
    fputs("Usage: hwtop report [OPTIONS] FILE.csv\n"
          "Print a report saved with 'hwtop -o FILE.csv' (or HWTOP_CSV) as "
          "the table\nhwtop prints in batch mode.\n"
          "\n"
          "  -s, --sort KEY    a flat list, largest first by KEY: time, excl,\n"
          "                    calls, p99, share or an event column of the\n"
          "                    report (default: the regions as a tree)\n"
          "  -n, --top N       only the first N regions (--sort time unless\n"
          "                    --sort says otherwise)\n"
          "  -t, --threads     a row per thread under each region\n"
          "  -h, --help        this help\n"
          "\n"
          "Exit status: 0, or 2 for usage errors and unreadable reports.\n",
          f);
}

/* After a one-line error (ours, or getopt's): the GNU hint; returns 2. */
static int
try_help(void)
{
    fputs("Try 'hwtop report --help' for more information.\n", stderr);
    return 2;
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
            if (end == optarg || *end != '\0' || to->top < 1) {
                fprintf(stderr, "hwtop report: --top '%s': a count >= 1\n",
                        optarg);
                return try_help();
            }
            break;
        case 't':
            to->threads = true;
            break;
        case 'h':
            usage(stdout);
            return 1;
        default: /* getopt said what */
            return try_help();
        }
    }
    if (optind != argc - 1) {
        if (optind == argc)
            fprintf(stderr, "hwtop report: no report named (FILE.csv)\n");
        else
            fprintf(stderr, "hwtop report: one report at a time, not '%s' "
                            "too\n",
                    argv[optind + 1]);
        return try_help();
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
        fprintf(stderr, "hwtop: %s%s\n", err,
                json_path(path) ? " (hwtop report reads CSV reports)" : "");
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
