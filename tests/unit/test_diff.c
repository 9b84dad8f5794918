/* SPDX-License-Identifier: MIT */
/* test_diff.c: loading saved reports strictly, and diff's verdicts. */
#include <math.h>
#include <unistd.h>

#include "check.h"
#include "csvload.h"
#include "diff.h"

#define HEAD                                                                   \
    "region,parent,thread,calls,wall_ns,excl_wall_ns,page_faults,"            \
    "excl_page_faults,cpu_pct,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,pid,tid,"    \
    "flags"

static char dir[] = "/tmp/hwtop-test-diff-XXXXXX";

static const char *
write_file(const char *name, const char *text)
{
    static char path[4][256];
    static int k;
    char *p = path[k++ % 4];
    FILE *f;

    snprintf(p, 256, "%s/%s", dir, name);
    f = fopen(p, "w");
    CHECK(f != NULL);
    fputs(text, f);
    fclose(f);
    return p;
}

/* A report with regions "work" (calls, wall) and "steady", one thread. */
static const char *
report(const char *name, unsigned long work_ns, unsigned long steady_ns,
       const char *extra_cols, const char *extra_vals)
{
    char text[2048];

    snprintf(text, sizeof text,
             HEAD "%s\r\n"
                  "work,,7,10,%lu,%lu,5,5,,1,1,1,1,1,7,7,%s\r\n"
                  "work,,all,10,%lu,%lu,5,5,,1,1,1,1,1,7,,%s\r\n"
                  "steady,,7,20,%lu,%lu,0,0,,1,1,1,1,1,7,7,%s\r\n"
                  "steady,,all,20,%lu,%lu,0,0,,1,1,1,1,1,7,,%s\r\n",
             extra_cols, work_ns, work_ns, extra_vals, work_ns, work_ns,
             extra_vals, steady_ns, steady_ns, extra_vals, steady_ns,
             steady_ns, extra_vals);
    return write_file(name, text);
}

static void
load_fail(const char *name, const char *text, const char *want)
{
    struct snapshot s;
    char err[512];

    if (csvload(write_file(name, text), &s, NULL, err, sizeof err) == 0)
        FAIL("%s loaded", name);
    if (strstr(err, want) == NULL)
        FAIL("%s: error '%s' lacks '%s'", name, err, want);
}

static void
malformed(void)
{
    load_fail("empty.csv", "", "empty file");
    load_fail("other.csv", "a,b,c\r\n1,2,3\r\n", "not a hwtop report");
    load_fail("cols.csv",
              "region,parent,thread,calls,wall_ns,excl_wall_ns,x,excl_x\r\n",
              "no column 'p50_ns'");
    load_fail("width.csv", HEAD "\r\nwork,,7,10,100\r\n",
              "width.csv:2: 5 fields, the header has 17");
    load_fail("number.csv",
              HEAD "\r\nwork,,7,ten,100,100,5,5,,1,1,1,1,1,7,7,\r\n",
              "number.csv:2: column 'calls': 'ten' is not a number");
    load_fail("quote.csv", HEAD "\r\n\"work,,7,10\r\n",
              "unterminated quoted field");
    load_fail("excl.csv",
              HEAD "\r\nwork,,7,10,100,200,5,5,,1,1,1,1,1,7,7,\r\n",
              "excl_wall_ns above wall_ns");
    load_fail("noexcl.csv",
              "region,parent,thread,calls,wall_ns,excl_wall_ns,x,p50_ns\r\n",
              "'x' has no excl_ column");
}

static const struct diff_region *
region(const struct diff *d, const char *name)
{
    for (int i = 0; i < d->nregions; i++)
        if (strcmp(d->regions[i].name, name) == 0)
            return &d->regions[i];
    FAIL("no region %s in the diff", name);
}

static void
verdicts(void)
{
    struct snapshot a, b;
    struct csvload_extra xa, xb;
    struct diff d;
    char err[512];

    /* work twice as slow, steady 5% slower: within the 10% default. */
    CHECK_EQ(csvload(report("a.csv", 1000000, 2000000, "", ""), &a, &xa, err,
                     sizeof err), 0);
    CHECK_EQ(csvload(report("b.csv", 2000000, 2100000, "", ""), &b, &xb, err,
                     sizeof err), 0);
    CHECK_EQ(diff_compute(&a, &xa, &b, &xb, DIFF_DEFAULT_THRESHOLD_PCT, &d), 0);
    CHECK_EQ(region(&d, "work")->verdict, DIFF_SLOWER);
    CHECK_DBL(fabs(region(&d, "work")->metrics[0].change_pct - 100), <, 1e-9);
    CHECK_EQ(region(&d, "steady")->verdict, DIFF_SAME);
    CHECK_DBL(fabs(region(&d, "steady")->metrics[0].change_pct - 5), <, 1e-9);
    CHECK(!d.noise_from_repeats);
    diff_fini(&d);
    /* B against A: faster. */
    CHECK_EQ(diff_compute(&b, &xb, &a, &xa, 10, &d), 0);
    CHECK_EQ(region(&d, "work")->verdict, DIFF_FASTER);
    diff_fini(&d);
    snapshot_fini(&a);
    snapshot_fini(&b);
    csvload_extra_fini(&xa);
    csvload_extra_fini(&xb);

    /* With repeats: cv 1% each gives a noise of 2*sqrt(2)% = 2.83%, so
     * the 5% change of steady is now real. */
    CHECK_EQ(csvload(report("ra.csv", 1000000, 2000000, ",runs,time_per_call_cv",
                            ",5,0.01"),
                     &a, &xa, err, sizeof err), 0);
    CHECK_EQ(csvload(report("rb.csv", 1000000, 2100000, ",runs,time_per_call_cv",
                            ",5,0.01"),
                     &b, &xb, err, sizeof err), 0);
    CHECK_EQ(xa.runs, 5);
    CHECK_EQ(diff_compute(&a, &xa, &b, &xb, 10, &d), 0);
    CHECK(d.noise_from_repeats);
    CHECK_DBL(fabs(region(&d, "steady")->noise_pct - 200 * sqrt(2) / 100), <,
              1e-9);
    CHECK_EQ(region(&d, "steady")->verdict, DIFF_SLOWER);
    CHECK_EQ(region(&d, "work")->verdict, DIFF_SAME);
    diff_fini(&d);
    snapshot_fini(&a);
    snapshot_fini(&b);
    csvload_extra_fini(&xa);
    csvload_extra_fini(&xb);

    /* Repeats that barely vary (cv 0.1%): the noise is still 2%, and a
     * 1% change is the same. */
    CHECK_EQ(csvload(report("qa.csv", 1000000, 2000000, ",runs,time_per_call_cv",
                            ",5,0.001"),
                     &a, &xa, err, sizeof err), 0);
    CHECK_EQ(csvload(report("qb.csv", 1000000, 2020000, ",runs,time_per_call_cv",
                            ",5,0.001"),
                     &b, &xb, err, sizeof err), 0);
    CHECK_EQ(diff_compute(&a, &xa, &b, &xb, 10, &d), 0);
    CHECK_DBL(fabs(region(&d, "steady")->noise_pct - DIFF_MIN_NOISE_PCT), <,
              1e-9);
    CHECK_DBL(fabs(region(&d, "steady")->metrics[0].change_pct - 1), <, 1e-9);
    CHECK_EQ(region(&d, "steady")->verdict, DIFF_SAME);
    diff_fini(&d);
    snapshot_fini(&a);
    snapshot_fini(&b);
    csvload_extra_fini(&xa);
    csvload_extra_fini(&xb);

    /* With the runs' medians, those are compared: work's mean doubled
     * (one disturbed run) but its median did not move: same, 0%. */
    CHECK_EQ(csvload(report("ma.csv", 1000000, 2000000,
                            ",runs,time_per_call_cv,time_per_call_ns_median",
                            ",5,0.01,100000"),
                     &a, &xa, err, sizeof err), 0);
    CHECK_EQ(csvload(report("mb.csv", 2000000, 2000000,
                            ",runs,time_per_call_cv,time_per_call_ns_median",
                            ",5,0.01,100000"),
                     &b, &xb, err, sizeof err), 0);
    CHECK_EQ(diff_compute(&a, &xa, &b, &xb, 10, &d), 0);
    CHECK_EQ(region(&d, "work")->verdict, DIFF_SAME);
    CHECK_DBL(fabs(region(&d, "work")->metrics[0].change_pct), <, 1e-9);
    CHECK_DBL(fabs(region(&d, "work")->metrics[0].a - 100000), <, 1e-9);
    diff_fini(&d);
    snapshot_fini(&a);
    snapshot_fini(&b);
    csvload_extra_fini(&xa);
    csvload_extra_fini(&xb);
}

static void
added_removed(void)
{
    struct snapshot a, b;
    struct diff d;
    char err[512], ev[256];

    CHECK_EQ(csvload(report("a.csv", 1000, 2000, "", ""), &a, NULL, err,
                     sizeof err), 0);
    CHECK_EQ(csvload(write_file("c.csv",
                                HEAD "\r\nnew,,7,1,10,10,0,0,,1,1,1,1,1,7,7,\r\n"
                                     "new,,all,1,10,10,0,0,,1,1,1,1,1,7,,\r\n"),
                     &b, NULL, err, sizeof err), 0);
    CHECK(diff_events_differ(&a, &b, ev, sizeof ev) == NULL);
    CHECK_EQ(diff_compute(&a, NULL, &b, NULL, 10, &d), 0);
    CHECK_EQ(d.nregions, 3);
    CHECK_EQ(region(&d, "work")->verdict, DIFF_REMOVED);
    CHECK_EQ(region(&d, "steady")->verdict, DIFF_REMOVED);
    CHECK_EQ(region(&d, "new")->verdict, DIFF_ADDED);
    diff_fini(&d);
    snapshot_fini(&b);
    /* Different events: said, with both lists. */
    CHECK_EQ(csvload(write_file("e.csv",
                                "region,parent,thread,calls,wall_ns,"
                                "excl_wall_ns,p50_ns,p90_ns,p99_ns,p999_ns,"
                                "max_ns,pid,tid,flags\r\n"),
                     &b, NULL, err, sizeof err), 0);
    CHECK(diff_events_differ(&a, &b, ev, sizeof ev) != NULL);
    CHECK_STR(ev, "a: page_faults; b: (none)");
    snapshot_fini(&a);
    snapshot_fini(&b);
}

int
main(void)
{
    CHECK(mkdtemp(dir) != NULL);
    malformed();
    verdicts();
    added_removed();
    printf("diff: loader errors name file and line; verdicts as computed\n");
    return 0;
}
