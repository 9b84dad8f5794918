/* SPDX-License-Identifier: MIT */
/* diff_cmd.c: loads two reports, compares them, prints and judges. */
#include "diff_cmd.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff.h"
#include "json.h"
#include "output.h"

struct diff_args {
    const char *a, *b, *output;
    double fail_pct;  /* NaN: no gate */
    double threshold; /* noise threshold without repeats */
};

static void
usage(FILE *f)
{
    fputs("Usage: hwtop diff [OPTIONS] A.csv B.csv\n"
          "Measure again: per region, time per call and counters in A and "
          "B, the change,\nand a verdict (slower, faster, same within the "
          "noise, added, removed).\nThe noise comes from the reports' "
          "repeats (hwtop -r N); without them, from\n--threshold.\n"
          "\n"
          "  -o, --output FILE       also write the comparison as CSV\n"
          "      --threshold PCT     changes within PCT% are the same "
          "(default 10)\n"
          "      --fail-if-slower PCT  exit 1 when a region got slower by "
          "more than\n"
          "                          PCT% (a gate for CI)\n"
          "  -h, --help              this help\n"
          "\n"
          "Exit status: 0; 1 when --fail-if-slower tripped; 2 for usage "
          "errors,\nunreadable reports, or reports of different events.\n",
          f);
}

/* After a one-line error (ours, or getopt's): the GNU hint; returns 2. */
static int
try_help(void)
{
    fputs("Try 'hwtop diff --help' for more information.\n", stderr);
    return 2;
}

static int
pct_arg(const char *opt, const char *s, double *out)
{
    char *end;

    *out = strtod(s, &end);
    if (end == s || *end != '\0' || !isfinite(*out) || *out < 0) {
        fprintf(stderr, "hwtop diff: %s '%s': a percentage >= 0\n", opt, s);
        return try_help();
    }
    return 0;
}

static int
parse(int argc, char **argv, struct diff_args *d)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"fail-if-slower", required_argument, NULL, 'f'},
        {"threshold", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    argv[0] = (char *)"hwtop diff";
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        if (c == 'o')
            d->output = optarg;
        else if (c == 'f' && pct_arg("--fail-if-slower", optarg, &d->fail_pct))
            return 2;
        else if (c == 't' && pct_arg("--threshold", optarg, &d->threshold))
            return 2;
        else if (c == 'h') {
            usage(stdout);
            return 1;
        } else if (c != 'f' && c != 't') { /* getopt said what */
            return try_help();
        }
    }
    if (optind != argc - 2) {
        fprintf(stderr, "hwtop diff: two reports to compare, A.csv and "
                        "B.csv (%d given)\n",
                argc - optind);
        return try_help();
    }
    d->a = argv[optind];
    d->b = argv[optind + 1];
    return 0;
}

static int
write_diff(FILE *f, const void *d)
{
    return diff_write_csv(f, d);
}

/* 1 when a region got slower by more than the gate. */
static int
gate(const struct diff *d, double pct)
{
    int slow = 0;

    for (int i = 0; i < d->nregions && !isnan(pct); i++) {
        const struct diff_region *r = &d->regions[i];

        if (r->verdict == DIFF_SLOWER && r->metrics[0].change_pct > pct) {
            fprintf(stderr, "hwtop diff: %.*s got %.1f%% slower (gate %g%%)\n",
                    (int)(r->len < 60 ? r->len : 60), r->name,
                    r->metrics[0].change_pct, pct);
            slow = 1;
        }
    }
    return slow;
}

int
diff_main(int argc, char **argv)
{
    struct diff_args d = {NULL, NULL, NULL, NAN, DIFF_DEFAULT_THRESHOLD_PCT};
    struct snapshot a = {0}, b = {0};
    struct csvload_extra xa = {0}, xb = {0};
    struct diff df = {0};
    char err[512], ev[512];
    const char *why;
    int rc = parse(argc, argv, &d);

    if (rc != 0)
        return rc == 1 ? 0 : rc;
    rc = 2;
    if (csvload(d.a, &a, &xa, err, sizeof err) != 0 ||
        csvload(d.b, &b, &xb, err, sizeof err) != 0) {
        fprintf(stderr, "hwtop: %s%s\n", err,
                json_path(d.a) || json_path(d.b)
                    ? " (hwtop diff reads CSV reports)"
                    : "");
        goto out;
    }
    if (diff_events_differ(&a, &b, ev, sizeof ev) != NULL) {
        fprintf(stderr, "hwtop: %s and %s count different events (%s)\n",
                d.a, d.b, ev);
        goto out;
    }
    if (diff_compute(&a, &xa, &b, &xb, d.threshold, &df) != 0) {
        fprintf(stderr, "hwtop: out of memory\n");
        goto out;
    }
    diff_print(stdout, &df, d.a, d.b, isatty(STDOUT_FILENO));
    if (d.output != NULL &&
        (rc = output_atomic(d.output, write_diff, &df, &why)) != 0) {
        fprintf(stderr, "hwtop: %s: %s\n", d.output, why);
        rc = 2;
        goto out;
    }
    rc = gate(&df, d.fail_pct);
out:
    diff_fini(&df);
    snapshot_fini(&a);
    snapshot_fini(&b);
    csvload_extra_fini(&xa);
    csvload_extra_fini(&xb);
    return rc;
}
