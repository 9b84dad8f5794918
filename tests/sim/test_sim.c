/* SPDX-License-Identifier: MIT */
/* test_sim.c: hwtop --sim under the real valgrind, asserted on its numbers. */

/*
 * usage: test_sim <hwtop> <sim_app> CASE
 *   branch    sorted vs shuffled: the data branch mispredicts about half
 *             the time shuffled, almost never sorted
 *   cache     8 KiB: no L1 misses; a chase through 4 MiB with a 256 KiB
 *             last level: one miss per step, in L1 and LL
 *   same      two runs, identical simulated columns (sampled ones too)
 *   nest      inclusive = exclusive + the children's inclusive, exactly
 *   sampling  5000 calls, sampled after 500, within 5% of every call marked
 *   million   10^6 calls sampled: per call within 5% of 2000 calls marked
 *   threads   one region, two threads: each its own mispredict rate
 *   crash     SIGSEGV in a region: exit 139, report written, costs kept
 * Skips (77) only when valgrind is not installed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lrun.h"

static const char *hwtop, *app;

static const char *const sim_cols[] = {
    "sim_ir",   "sim_dr",   "sim_dw",   "sim_i1mr", "sim_d1mr",
    "sim_d1mw", "sim_ilmr", "sim_dlmr", "sim_dlmw", "sim_bc",
    "sim_bcm",  "sim_bi",   "sim_bim"};
#define NCOLS (int)(sizeof sim_cols / sizeof sim_cols[0])

static void
require_valgrind(void)
{
    const char *path = getenv("PATH");
    char buf[4096];

    while (path != NULL && *path != '\0') {
        size_t n = strcspn(path, ":");

        snprintf(buf, sizeof buf, "%.*s/valgrind", (int)n, path);
        if (access(buf, X_OK) == 0)
            return;
        path += n + (path[n] == ':');
    }
    SKIP("valgrind is not installed (apt-get install valgrind)");
}

/* hwtop --sim -b -o CSV [opt...] sim_app args..., exit 0 expected. */
static void
sim(struct lrun *l, const char *opt1, const char *opt2, const char *arg1,
    const char *arg2, const char *const env[])
{
    char *argv[16];
    int n = 0;

    lrun_init(l);
    argv[n++] = (char *)hwtop;
    argv[n++] = "--sim";
    argv[n++] = "-b";
    argv[n++] = "-o";
    argv[n++] = l->r.csv_path;
    if (opt1 != NULL)
        argv[n++] = (char *)opt1;
    if (opt2 != NULL)
        argv[n++] = (char *)opt2;
    argv[n++] = (char *)app;
    argv[n++] = (char *)arg1;
    if (arg2 != NULL)
        argv[n++] = (char *)arg2;
    argv[n] = NULL;
    lrun(l, argv, env, 120);
}

static double
num(const struct lrun *l, const struct csv_record *rec, const char *col)
{
    return (double)NUM(&l->r, rec, col);
}

static void
branch(void)
{
    struct lrun l;
    const struct csv_record *so, *sh;
    double n, rate_so, rate_sh, data_sh;

    sim(&l, NULL, NULL, "branch", NULL, NULL);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    n = (double)FACT(&l.r, "elements");
    so = ROW_ALL(&l.r, "sorted");
    sh = ROW_ALL(&l.r, "shuffled");
    rate_so = num(&l, so, "sim_bcm") / num(&l, so, "sim_bc");
    rate_sh = num(&l, sh, "sim_bcm") / num(&l, sh, "sim_bc");
    /* The loop's own branch is predicted in both: the difference is the
     * data branch, taken once per element. */
    data_sh = (num(&l, sh, "sim_bcm") - num(&l, so, "sim_bcm")) / n;
    printf("sorted: %.4f%% of %.0f conditional branches mispredicted\n",
           100 * rate_so, num(&l, so, "sim_bc"));
    printf("shuffled: %.2f%% overall, %.2f%% on the data branch\n",
           100 * rate_sh, 100 * data_sh);
    CHECK_DBL(rate_so, <, 0.01);
    CHECK_DBL(rate_sh, >, 0.10);
    CHECK_DBL(data_sh, >=, 0.40);
    CHECK_DBL(data_sh, <=, 0.60);
    /* The same instructions either way. */
    CHECK_DBL(fabs(num(&l, sh, "sim_bc") - num(&l, so, "sim_bc")), <, 0.01 * n);
    /* Marked exactly (2 calls): nothing estimated; labelled. */
    CHECK(!row_has_flag(&l.r, sh, "sim_estimated"));
    CHECK_STR(meta_str(meta_event(&l.r, "sim_bcm"), "source"), "simulated");
    CHECK(strstr(l.r.out, "sBRMISS%") != NULL);
    CHECK(cJSON_GetObjectItemCaseSensitive(l.r.meta, "simulation") != NULL);
    lrun_done(&l);
}

static void
cache(void)
{
    struct lrun l;
    const struct csv_record *sm, *ch;
    const cJSON *caches;
    double steps, small_ratio, d1, ll;

    sim(&l, "--sim-cache=I1=32768,8,64,D1=32768,8,64,LL=262144,8,64", NULL,
        "cache", NULL, NULL);
    EXPECT_EXIT(&l, 0);
    steps = (double)FACT(&l.r, "steps");
    sm = ROW_ALL(&l.r, "small");
    ch = ROW_ALL(&l.r, "chase");
    small_ratio = (num(&l, sm, "sim_d1mr") + num(&l, sm, "sim_d1mw")) /
                  (num(&l, sm, "sim_dr") + num(&l, sm, "sim_dw"));
    d1 = num(&l, ch, "sim_d1mr") / steps;
    ll = num(&l, ch, "sim_dlmr") / steps;
    printf("small: D1 miss ratio %.5f; chase: %.3f D1 and %.3f LL misses "
           "per step\n",
           small_ratio, d1, ll);
    CHECK_DBL(small_ratio, <, 0.001);
    CHECK_DBL(d1, >=, 0.95);
    CHECK_DBL(d1, <=, 1.05);
    CHECK_DBL(ll, >=, 0.95);
    CHECK_DBL(ll, <=, 1.05);
    caches = cJSON_GetObjectItemCaseSensitive(meta_object(&l, "simulation"),
                                              "caches");
    CHECK_STR(meta_str(caches, "D1"), "32768 B, 64 B, 8-way associative");
    CHECK_STR(meta_str(caches, "LL"), "262144 B, 64 B, 8-way associative");
    lrun_done(&l);
}

/* Every sim column (inclusive and exclusive) of every row, equal. */
static void
same_columns(const struct lrun *a, const struct lrun *b)
{
    const struct csv_table *x = &a->r.csv, *y = &b->r.csv;
    int compared = 0;

    CHECK_EQ(x->nrecords, y->nrecords);
    for (int c = 0; c < x->records[0].nfields; c++) {
        const char *name = x->records[0].fields[c].p;

        if (strncmp(name, "sim_", 4) != 0 && strncmp(name, "excl_sim_", 9))
            continue;
        for (int i = 1; i < x->nrecords; i++) {
            if (strcmp(x->records[i].fields[c].p, y->records[i].fields[c].p))
                FAIL("%s of row %d: %s vs %s", name, i,
                     x->records[i].fields[c].p, y->records[i].fields[c].p);
            compared++;
        }
    }
    printf("%d simulated values identical\n", compared);
    CHECK_INT(compared, >, 0);
}

static void
same(void)
{
    static const char *const env[] = {"HWTOP_SIM_EXACT_CALLS=100", NULL};
    struct lrun a, b;

    for (int k = 0; k < 2; k++) {
        const char *what = k == 0 ? "branch" : "many";

        sim(&a, NULL, NULL, what, k ? "3000" : NULL, env);
        sim(&b, NULL, NULL, what, k ? "3000" : NULL, env);
        EXPECT_EXIT(&a, 0);
        EXPECT_EXIT(&b, 0);
        same_columns(&a, &b);
        lrun_done(&a);
        lrun_done(&b);
    }
}

static void
nest(void)
{
    struct lrun l;
    const struct csv_record *o, *a, *b;
    char excl[32];

    sim(&l, NULL, NULL, "nest", NULL, NULL);
    EXPECT_EXIT(&l, 0);
    o = ROW_ALL(&l.r, "outer");
    a = ROW_ALL(&l.r, "inner a");
    b = ROW_ALL(&l.r, "inner b");
    CHECK_EQ(NUM(&l.r, a, "calls"), 3);
    for (int k = 0; k < NCOLS; k++) {
        snprintf(excl, sizeof excl, "excl_%s", sim_cols[k]);
        CHECK_EQ(NUM(&l.r, o, sim_cols[k]), NUM(&l.r, o, excl) +
                                                NUM(&l.r, a, sim_cols[k]) +
                                                NUM(&l.r, b, sim_cols[k]));
        CHECK_EQ(NUM(&l.r, a, sim_cols[k]), NUM(&l.r, a, excl));
    }
    /* spin(n) runs about 6 instructions per step. */
    CHECK_DBL(num(&l, b, "sim_ir"), >, 6 * 7000);
    CHECK_DBL(num(&l, b, "sim_ir"), <, 8 * 7000);
    printf("outer %lld = %lld own + %lld + %lld instructions\n",
           NUM(&l.r, o, "sim_ir"), NUM(&l.r, o, "excl_sim_ir"),
           NUM(&l.r, a, "sim_ir"), NUM(&l.r, b, "sim_ir"));
    lrun_done(&l);
}

/* |a - b| <= tol * b, said either way. */
static void
close_to(const char *what, const char *col, double a, double b, double tol)
{
    double err = b != 0 ? fabs(a - b) / b : fabs(a);

    printf("%s %s: %.6g vs %.6g exact (%.3f%%)\n", what, col, a, b, 100 * err);
    if (err > tol)
        FAIL("%s %s off by %.2f%%, more than %.0f%%", what, col, 100 * err,
             100 * tol);
}

/* The columns a tiny call has plenty of: the rest count a few misses. */
static const char *const busy[] = {"sim_ir", "sim_dr", "sim_dw", "sim_bc",
                                   "sim_bcm"};

static void
sampling(void)
{
    static const char *const env[] = {"HWTOP_SIM_EXACT_CALLS=500", NULL};
    struct lrun s, x;
    const struct csv_record *rs, *rx;
    double dumps_s, dumps_x;

    sim(&s, NULL, NULL, "many", "5000", env);
    sim(&x, "--sim-exact", NULL, "many", "5000", NULL);
    EXPECT_EXIT(&s, 0);
    EXPECT_EXIT(&x, 0);
    rs = ROW_ALL(&s.r, "tiny");
    rx = ROW_ALL(&x.r, "tiny");
    CHECK(row_has_flag(&s.r, rs, "sim_estimated"));
    CHECK(!row_has_flag(&x.r, rx, "sim_estimated"));
    for (size_t i = 0; i < sizeof busy / sizeof busy[0]; i++)
        close_to("tiny", busy[i], num(&s, rs, busy[i]), num(&x, rx, busy[i]),
                 0.05);
    /* Its parent's inclusive cost holds the unmarked calls' estimate. */
    rs = ROW_ALL(&s.r, "loop");
    rx = ROW_ALL(&x.r, "loop");
    close_to("loop", "sim_ir", num(&s, rs, "sim_ir"), num(&x, rx, "sim_ir"),
             0.05);
    dumps_s = meta_num(meta_object(&s, "simulation"), "dumps");
    dumps_x = meta_num(meta_object(&x, "simulation"), "dumps");
    printf("dumps: %.0f sampled, %.0f exact\n", dumps_s, dumps_x);
    CHECK_DBL(dumps_s, <, dumps_x / 4);
    lrun_done(&s);
    lrun_done(&x);
}

static void
million(void)
{
    struct lrun s, x;
    const struct csv_record *rs, *rx;
    const cJSON *sim_s;

    sim(&s, NULL, NULL, "many", "1000000", NULL);
    sim(&x, "--sim-exact", NULL, "many", "2000", NULL);
    EXPECT_EXIT(&s, 0);
    EXPECT_EXIT(&x, 0);
    rs = ROW_ALL(&s.r, "tiny");
    rx = ROW_ALL(&x.r, "tiny");
    CHECK_EQ(NUM(&s.r, rs, "calls"), 1000000);
    CHECK(row_has_flag(&s.r, rs, "sim_estimated"));
    for (size_t i = 0; i < sizeof busy / sizeof busy[0]; i++)
        close_to("tiny per call", busy[i], num(&s, rs, busy[i]) / 1e6,
                 num(&x, rx, busy[i]) / 2000, 0.05);
    sim_s = meta_object(&s, "simulation");
    printf("10^6 calls: %.0f dumps, %.0f bytes read, at most %.0f bytes "
           "on disk at once\n",
           meta_num(sim_s, "dumps"), meta_num(sim_s, "dump_bytes"),
           meta_num(sim_s, "peak_disk_bytes"));
    /* About N + N/4 per doubling past N = 1000 marked calls, 2 dumps each. */
    CHECK_DBL(meta_num(sim_s, "dumps"), <, 10000);
    CHECK_DBL(meta_num(sim_s, "peak_disk_bytes"), <, 256e6);
    lrun_done(&s);
    lrun_done(&x);
}

static void
threads(void)
{
    struct lrun l;
    const struct csv_record *so, *sh, *all;
    double n, rso, rsh, data;

    sim(&l, NULL, NULL, "threads", NULL, NULL);
    EXPECT_EXIT(&l, 0);
    n = (double)FACT(&l.r, "elements");
    so = ROW(&l.r, "work", 4, "sorted");
    sh = ROW(&l.r, "work", 4, "shuffled");
    all = ROW_ALL(&l.r, "work");
    rso = num(&l, so, "sim_bcm") / num(&l, so, "sim_bc");
    rsh = num(&l, sh, "sim_bcm") / num(&l, sh, "sim_bc");
    data = (num(&l, sh, "sim_bcm") - num(&l, so, "sim_bcm")) / n;
    printf("work: thread sorted %.3f%%, thread shuffled %.2f%% (%.2f%% on "
           "the data branch)\n",
           100 * rso, 100 * rsh, 100 * data);
    CHECK_DBL(rso, <, 0.01);
    CHECK_DBL(rsh, >, 0.10);
    CHECK_DBL(data, >=, 0.40);
    CHECK_EQ(NUM(&l.r, all, "sim_bcm"),
             NUM(&l.r, so, "sim_bcm") + NUM(&l.r, sh, "sim_bcm"));
    CHECK_EQ(NUM(&l.r, so, "calls"), 4);
    lrun_done(&l);
}

static void
crash(void)
{
    struct lrun l;
    const struct csv_record *r;

    sim(&l, NULL, NULL, "crash", NULL, NULL);
    EXPECT_EXIT(&l, 139);
    EXPECT_REPORT(&l);
    r = ROWS(&l.r, "doomed");
    CHECK(row_has_flag(&l.r, r, "open_at_crash"));
    /* Its cost up to the crash, from callgrind's final dump. */
    CHECK_DBL(num(&l, r, "sim_ir"), >, 6 * 10000);
    printf("doomed: %lld instructions before the crash, flags %s\n",
           NUM(&l.r, r, "sim_ir"), STR(&l.r, r, "flags")->p);
    lrun_done(&l);
}

int
main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } cases[] = {{"branch", branch},     {"cache", cache},
                 {"same", same},         {"nest", nest},
                 {"sampling", sampling}, {"million", million},
                 {"threads", threads},   {"crash", crash}};

    if (argc != 4)
        FAIL("usage: test_sim <hwtop> <sim_app> CASE");
    hwtop = argv[1];
    app = argv[2];
    require_hwtop(hwtop);
    require_valgrind();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (strcmp(argv[3], cases[i].name) == 0) {
            cases[i].fn();
            return 0;
        }
    FAIL("unknown case %s", argv[3]);
}
