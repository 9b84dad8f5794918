/* SPDX-License-Identifier: MIT */
/* merge_cmd.c: loads the ranks' reports, prints the imbalance summary,
 * writes the merged report. */
#include "merge_cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "meta.h"
#include "output.h"

struct merge_args {
    const char *output, *sort;
    int top;
};

static void
usage(FILE *f)
{
    fputs("Usage: hwtop merge [OPTIONS] RANK.csv...\n"
          "One row per region over an MPI job's ranks: for each metric the "
          "min, median\nand max over the ranks, the rank holding the max, "
          "and the imbalance\n(max/mean).  Each report's rank comes from its "
          "sidecar (RANK.csv.meta.json,\nwritten by mpirun ... hwtop -o "
          "'run.%r.csv'), else from the order given.\n"
          "\n"
          "  -o, --output FILE  write the merged report (CSV) and "
          "FILE.meta.json\n"
          "  -s, --sort KEY     cost (default: max - mean of the exclusive "
          "time, what\n"
          "                     an average rank waits), incl (the same, "
          "inclusive),\n"
          "                     imbalance, time, calls, or a metric "
          "(its max - mean)\n"
          "  -n, --top N        the first N regions only\n"
          "  -h, --help         this help\n"
          "\n"
          "Exit status: 0; 2 for usage errors and reports that are not "
          "hwtop's,\ncount other events or come from different jobs.\n",
          f);
}

/* After a one-line error (ours, or getopt's): the GNU hint; returns 2. */
static int
try_help(void)
{
    fputs("Try 'hwtop merge --help' for more information.\n", stderr);
    return 2;
}

static int
parse(int argc, char **argv, struct merge_args *a)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"sort", required_argument, NULL, 's'},
        {"top", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *end;
    int c;

    argv[0] = (char *)"hwtop merge";
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:s:n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (*optarg == '\0') {
                fprintf(stderr, "hwtop merge: -o: empty file name\n");
                return try_help();
            }
            a->output = optarg;
            break;
        case 's':
            a->sort = optarg;
            break;
        case 'n':
            a->top = (int)strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || a->top < 1) {
                fprintf(stderr, "hwtop merge: --top '%s': a count >= 1\n",
                        optarg);
                return try_help();
            }
            break;
        case 'h':
            usage(stdout);
            return 1;
        default: /* getopt said what */
            return try_help();
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "hwtop merge: no report to merge (RANK.csv...)\n");
        return try_help();
    }
    return 0;
}

static int
write_csv(FILE *f, const void *m)
{
    return merge_write_csv(f, m);
}

static int
write_meta(FILE *f, const void *m)
{
    return merge_write_meta(f, m);
}

/* The merged report and its sidecar; 0, or 2 after saying why. */
static int
write_out(const char *path, const struct merge *m)
{
    const char *why;
    char *meta;
    int rc = output_atomic(path, write_csv, m, &why);

    if (rc != 0) {
        fprintf(stderr, "hwtop: %s: %s: %s\n", path, why, strerror(-rc));
        return 2;
    }
    if (output_is_stream(path))
        return 0;
    if ((meta = meta_path(path)) == NULL)
        return 2;
    rc = output_atomic(meta, write_meta, m, &why);
    if (rc != 0)
        fprintf(stderr, "hwtop: %s: %s: %s\n", meta, why, strerror(-rc));
    free(meta);
    return rc != 0 ? 2 : 0;
}

int
merge_main(int argc, char **argv)
{
    struct merge_args a = {NULL, NULL, 0};
    struct merge m;
    char err[600];
    int rc = parse(argc, argv, &a);

    if (rc != 0)
        return rc == 1 ? 0 : rc;
    /* Notes after the options are judged: an error is one line. */
    if (merge_compute((const char *const *)argv + optind, argc - optind, NULL,
                      &m, err, sizeof err) != 0) {
        fprintf(stderr, "hwtop: %s\n", err);
        return 2;
    }
    if (a.sort != NULL && !merge_sort_valid(&m, a.sort)) {
        fprintf(stderr,
                "hwtop merge: --sort '%s': cost, incl, imbalance, "
                "time, calls or a metric of these reports\n",
                a.sort);
        merge_fini(&m);
        return try_help();
    }
    for (int i = 0; i < m.nnotes; i++)
        fprintf(stderr, "hwtop merge: %s\n", m.notes[i]);
    merge_print(stdout, &m, a.sort, a.top);
    rc = a.output != NULL ? write_out(a.output, &m) : 0;
    merge_fini(&m);
    return rc;
}
