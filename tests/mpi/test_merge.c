/* SPDX-License-Identifier: MIT */
/* test_merge.c: hwtop merge on four rank reports written here, checked
 * against values computed by hand; then `hwtop merge` itself: its
 * summary, its CSV and sidecar, and one line and exit 2 for each kind of
 * bad input. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "csvread.h"
#include "merge.h"

static char dir[] = "/tmp/hwtop-merge.XXXXXX";

#define HEAD                                                                   \
    "region,parent,thread,calls,wall_ns,excl_wall_ns,task_clock_ns,"           \
    "page_faults,excl_task_clock_ns,excl_page_faults,p50_ns,p90_ns,p99_ns,"    \
    "p999_ns,max_ns,pid,tid,flags\r\n"

struct row {
    const char *region, *parent;
    long calls, wall, excl, task, pf;
};

/* The job, by hand:
 *   rank 0: outer 10 calls 1000 ns (excl 200), work inside 800
 *   rank 1: outer 1400 (200), work 1200
 *   rank 2: outer 3000 (200), work 2800      <- the slow one in work
 *   rank 3: outer 1000 (1000), no work, io 500 (only rank 3)
 */
static const struct row ranks[4][2] = {
    {{"outer", "", 10, 1000, 200, 900, 5},
     {"work", "outer", 10, 800, 800, 700, 1}},
    {{"outer", "", 10, 1400, 200, 1300, 5},
     {"work", "outer", 10, 1200, 1200, 1100, 1}},
    {{"outer", "", 10, 3000, 200, 2200, 6},
     {"work", "outer", 10, 2800, 2800, 2000, 3}},
    {{"outer", "", 10, 1000, 1000, 950, 2}, {"io", "", 1, 500, 500, 100, 7}},
};

static void
path_of(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

static void
write_text(const char *name, const char *text)
{
    char p[256];
    FILE *f;

    path_of(p, sizeof p, name);
    CHECK((f = fopen(p, "w")) != NULL);
    fputs(text, f);
    fclose(f);
}

/* A report: a thread row and the all row for each region. */
static void
write_report(const char *name, const struct row *rows, int n)
{
    char p[256];
    FILE *f;

    path_of(p, sizeof p, name);
    CHECK((f = fopen(p, "w")) != NULL);
    fputs(HEAD, f);
    for (int i = 0; i < n; i++) {
        const struct row *r = &rows[i];

        fprintf(f, "%s,%s,101,%ld,%ld,%ld,%ld,%ld,%ld,%ld,,,,,,100,101,\r\n",
                r->region, r->parent, r->calls, r->wall, r->excl, r->task,
                r->pf, r->task, r->pf);
        fprintf(f, "%s,%s,all,%ld,%ld,%ld,%ld,%ld,%ld,%ld,,,,,,,,\r\n",
                r->region, r->parent, r->calls, r->wall, r->excl, r->task,
                r->pf, r->task, r->pf);
    }
    fclose(f);
}

static void
write_sidecar(const char *csv, int rank, int size, const char *job)
{
    char name[128], text[400];

    snprintf(name, sizeof name, "%s.meta.json", csv);
    snprintf(text, sizeof text,
             "{\"pid\": 100, \"mpi\": {\"rank\": %d, \"size\": %d, "
             "\"local_rank\": %d, \"launcher\": \"Open MPI\", \"rank_from\": "
             "\"OMPI_COMM_WORLD_RANK\", \"job\": \"%s\", \"host\": \"n%d\"}}\n",
             rank, size, rank, job, rank / 2);
    write_text(name, text);
}

static void
write_job(void)
{
    char name[32];

    for (int r = 0; r < 4; r++) {
        snprintf(name, sizeof name, "run.%d.csv", r);
        write_report(name, ranks[r], 2);
        write_sidecar(name, r, 4, "42");
    }
}

static const struct merge_region *
region(const struct merge *m, const char *name)
{
    for (int i = 0; i < m->nregions; i++)
        if (strcmp(m->regions[i].name, name) == 0)
            return &m->regions[i];
    FAIL("no region %s", name);
}

static int
metric(const struct merge *m, const char *name)
{
    for (int k = 0; k < m->nmetrics; k++)
        if (strcmp(m->metric[k], name) == 0)
            return k;
    FAIL("no metric %s", name);
}

#define CHECK_NEAR(a, b)                                                       \
    CHECK_DBL(fabs((double)(a) - (double)(b)), <,                              \
              1e-9 * (1 + fabs((double)(b))))

static void
check_stat(const struct merge_stat *s, double min, double median, double max,
           int max_rank, double mean)
{
    CHECK_NEAR(s->min, min);
    CHECK_NEAR(s->median, median);
    CHECK_NEAR(s->max, max);
    CHECK_EQ(s->max_rank, max_rank);
    CHECK_NEAR(s->mean, mean);
    if (mean > 0)
        CHECK_NEAR(s->imbalance, max / mean);
    else
        CHECK(isnan(s->imbalance));
}

/* merge_compute on the files, given out of rank order. */
static void
test_compute(void)
{
    char p[4][256], err[600];
    const char *paths[4] = {p[0], p[1], p[2], p[3]};
    const int given[4] = {2, 0, 3, 1};
    const struct merge_region *r;
    struct merge m;
    int tc, pf;

    for (int i = 0; i < 4; i++) {
        char name[32];

        snprintf(name, sizeof name, "run.%d.csv", given[i]);
        path_of(p[i], sizeof p[i], name);
    }
    if (merge_compute(paths, 4, stderr, &m, err, sizeof err) != 0)
        FAIL("merge_compute: %s", err);
    CHECK(!m.ranks_from_order);
    for (int i = 0; i < 4; i++)
        CHECK_EQ(m.inputs[i].rank, i);
    CHECK(strstr(m.inputs[2].path, "run.2.csv") != NULL);
    CHECK_STR(m.inputs[3].id.host, "n1");
    CHECK_EQ(m.nregions, 3);
    CHECK_STR(m.regions[0].name, "outer"); /* first seen, rank order */
    CHECK_STR(m.regions[1].name, "work");
    CHECK_STR(m.regions[2].name, "io");
    tc = metric(&m, "task_clock_ns");
    pf = metric(&m, "page_faults");
    CHECK_EQ(m.nmetrics, 5);

    r = region(&m, "work");
    CHECK_STR(r->parent, "outer");
    CHECK_EQ(r->ranks, 3);
    check_stat(&r->st[MERGE_CALLS], 0, 10, 10, 0, 7.5);
    check_stat(&r->st[MERGE_WALL], 0, 1000, 2800, 2, 1200);
    check_stat(&r->st[MERGE_EXCL], 0, 1000, 2800, 2, 1200);
    check_stat(&r->st[tc], 0, 900, 2000, 2, 950);
    check_stat(&r->st[pf], 0, 1, 3, 2, 1.25);
    CHECK_NEAR(r->st[MERGE_EXCL].imbalance, 2800.0 / 1200);
    CHECK_NEAR(r->cost_ns, 1600);
    CHECK_NEAR(r->incl_cost_ns, 1600);

    r = region(&m, "outer");
    CHECK(r->parent == NULL);
    CHECK_EQ(r->ranks, 4);
    check_stat(&r->st[MERGE_CALLS], 10, 10, 10, 0, 10); /* ties: rank 0 */
    check_stat(&r->st[MERGE_WALL], 1000, 1200, 3000, 2, 1600);
    check_stat(&r->st[MERGE_EXCL], 200, 200, 1000, 3, 400);
    check_stat(&r->st[tc], 900, 1125, 2200, 2, 1337.5);
    check_stat(&r->st[pf], 2, 5, 6, 2, 4.5);
    CHECK_NEAR(r->cost_ns, 600);
    CHECK_NEAR(r->incl_cost_ns, 1400);

    r = region(&m, "io");
    CHECK_EQ(r->ranks, 1);
    check_stat(&r->st[MERGE_CALLS], 0, 0, 1, 3, 0.25);
    check_stat(&r->st[MERGE_EXCL], 0, 0, 500, 3, 125);
    CHECK_NEAR(r->st[MERGE_EXCL].imbalance, 4);
    CHECK_NEAR(r->cost_ns, 375);

    CHECK(merge_sort_valid(&m, "cost") && merge_sort_valid(&m, "page_faults"));
    CHECK(!merge_sort_valid(&m, "nonsense"));
    merge_fini(&m);
    merge_fini(&m); /* twice, and NULL: no-ops */
    merge_fini(NULL);
    printf("merge_compute: min, median, max, max rank, mean, imbalance, "
           "cost by hand: ok\n");
}

/* Runs hwtop with stdout and stderr into dir/out and dir/err; returns
 * its exit status. */
static int
run(const char *hwtop, ...)
{
    const char *argv[32];
    char out[256], err[256];
    va_list ap;
    int n = 0, status;
    pid_t pid;

    argv[n++] = hwtop;
    va_start(ap, hwtop);
    while (n < 31 && (argv[n] = va_arg(ap, const char *)) != NULL)
        n++;
    va_end(ap);
    argv[n] = NULL;
    path_of(out, sizeof out, "out");
    path_of(err, sizeof err, "err");
    fflush(NULL);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);

        if (chdir(dir) != 0 || o < 0 || e < 0)
            _exit(126);
        dup2(o, 1);
        dup2(e, 2);
        execv(hwtop, (char *const *)argv);
        _exit(127);
    }
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static char *
slurp(const char *name)
{
    static char buf[1 << 16];
    char p[256];
    FILE *f;
    size_t n;

    path_of(p, sizeof p, name);
    CHECK((f = fopen(p, "r")) != NULL);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The value of column col in the row of region in a merged CSV. */
static const char *
cell(const struct csv_table *t, const char *region, const char *col)
{
    int c = csv_column(t, col);

    if (c < 0)
        FAIL("no column %s", col);
    for (int i = 1; i < t->nrecords; i++)
        if (strcmp(t->records[i].fields[0].p, region) == 0)
            return t->records[i].fields[c].p;
    FAIL("no row %s", region);
}

static void
test_cli_output(const char *hwtop)
{
    struct csv_table t;
    char p[256], err[300], *s, *line;
    cJSON *root, *in;

    CHECK_EQ(run(hwtop, "merge", "run.3.csv", "run.1.csv", "-o", "job.csv",
                 "run.0.csv", "run.2.csv", NULL),
             0);
    s = slurp("out");
    /* The rows, costliest first, and the verdict. */
    line = strstr(s, "\nREGION ");
    CHECK(line != NULL);
    line = strchr(line + 1, '\n') + 1;
    CHECK(strncmp(line, "work ", 5) == 0);
    CHECK(strstr(line, "\nouter ") != NULL && strstr(line, "\nio ") != NULL);
    CHECK(strstr(line, "\nouter ") < strstr(line, "\nio "));
    CHECK(strstr(s, "most imbalanced: work on rank 2: 2.33x the mean time") !=
          NULL);
    CHECK(strstr(s, "Open MPI job 42") != NULL);
    CHECK_STR(slurp("err"), "");

    path_of(p, sizeof p, "job.csv");
    if (csv_read_file(p, &t, err, sizeof err) != 0)
        FAIL("%s", err);
    CHECK_EQ(t.nrecords, 4);
    CHECK_STR(cell(&t, "work", "parent"), "outer");
    CHECK_STR(cell(&t, "work", "ranks"), "3");
    CHECK_STR(cell(&t, "work", "cost_ns"), "1600");
    CHECK_STR(cell(&t, "work", "excl_wall_ns_median"), "1000");
    CHECK_STR(cell(&t, "work", "excl_wall_ns_max"), "2800");
    CHECK_STR(cell(&t, "work", "excl_wall_ns_max_rank"), "2");
    CHECK_STR(cell(&t, "work", "excl_wall_ns_imbalance"), "2.3333");
    CHECK_STR(cell(&t, "work", "calls_mean"), "7.500");
    CHECK_STR(cell(&t, "work", "page_faults_imbalance"), "2.4000");
    CHECK_STR(cell(&t, "outer", "incl_cost_ns"), "1400");
    CHECK_STR(cell(&t, "outer", "wall_ns_median"), "1200");
    CHECK_STR(cell(&t, "outer", "excl_wall_ns_max_rank"), "3");
    CHECK_STR(cell(&t, "outer", "task_clock_ns_mean"), "1337.500");
    CHECK_STR(cell(&t, "io", "parent"), "");
    CHECK_STR(cell(&t, "io", "calls_imbalance"), "4.0000");
    csv_table_fini(&t);

    /* The sidecar: which file was which rank. */
    CHECK((root = cJSON_Parse(slurp("job.csv.meta.json"))) != NULL);
    CHECK_STR(cJSON_GetObjectItem(root, "ranks_from")->valuestring, "sidecars");
    in = cJSON_GetObjectItem(root, "inputs");
    CHECK_EQ(cJSON_GetArraySize(in), 4);
    for (int r = 0; r < 4; r++) {
        cJSON *o = cJSON_GetArrayItem(in, r);
        char want[32];

        snprintf(want, sizeof want, "run.%d.csv", r);
        CHECK_EQ(cJSON_GetObjectItem(o, "rank")->valueint, r);
        CHECK_STR(cJSON_GetObjectItem(o, "file")->valuestring, want);
    }
    cJSON_Delete(root);

    /* --sort and --top. */
    CHECK_EQ(run(hwtop, "merge", "--sort", "page_faults", "--top", "1",
                 "run.0.csv", "run.1.csv", "run.2.csv", "run.3.csv", NULL),
             0);
    s = slurp("out");
    CHECK(strstr(s, "\nio ") != NULL && strstr(s, "\nwork ") == NULL);
    CHECK(strstr(s, "(2 more regions)") != NULL);
    CHECK_EQ(run(hwtop, "merge", "--help", NULL), 0);
    CHECK(strncmp(slurp("out"), "Usage: hwtop merge", 18) == 0);
    printf("hwtop merge: summary, CSV, sidecar, --sort, --top: ok\n");
}

#define TRY "Try 'hwtop merge --help' for more information.\n"

/* Exit 2 and one line on stderr holding want; after a usage error, the
 * GNU hint (TRY) as every command gives it, after bad input, nothing. */
static void
refused(const char *hwtop, bool usage, const char *want, va_list ap)
{
    const char *args[12] = {"merge"};
    char *err, *nl;
    int n = 1, rc;

    while (n < 11 && (args[n] = va_arg(ap, const char *)) != NULL)
        n++;
    rc = run(hwtop, args[0], args[1], args[2], args[3], args[4], args[5],
             args[6], args[7], args[8], args[9], args[10], NULL);
    err = slurp("err");
    nl = strchr(err, '\n');
    if (rc != 2 || strstr(err, want) == NULL || nl == NULL ||
        strstr(err, want) > nl || strcmp(nl + 1, usage ? TRY : "") != 0)
        FAIL("exit %d, stderr '%s': want 2 and one line with '%s'%s", rc, err,
             want, usage ? " and the hint" : "");
}

static void
bad(const char *hwtop, const char *want, ...)
{
    va_list ap;

    va_start(ap, want);
    refused(hwtop, false, want, ap);
    va_end(ap);
}

static void
bad_usage(const char *hwtop, const char *want, ...)
{
    va_list ap;

    va_start(ap, want);
    refused(hwtop, true, want, ap);
    va_end(ap);
}

static void
test_cli_errors(const char *hwtop)
{
    static const struct row other[1] = {{"work", "", 1, 10, 10, 1, 1}};
    char csv[1024];

    /* Not a report; a row of the wrong width; no such file. */
    write_text("hello.csv", "hello,world\r\n1,2\r\n");
    bad(hwtop, "hello.csv:1: not a hwtop report", "run.0.csv", "hello.csv",
        NULL);
    snprintf(csv, sizeof csv, "%swork,,all,1,2\r\n", HEAD);
    write_text("cut.csv", csv);
    bad(hwtop, "cut.csv:2: ", "run.0.csv", "cut.csv", NULL);
    bad(hwtop, "missing.csv: No such file", "run.0.csv", "missing.csv", NULL);
    /* A merged report is no rank's report. */
    bad(hwtop, "job.csv:1: not a hwtop report", "run.0.csv", "job.csv", NULL);

    /* Other events. */
    snprintf(csv, sizeof csv,
             "region,parent,thread,calls,wall_ns,excl_wall_ns,page_faults,"
             "excl_page_faults,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,pid,tid,"
             "flags\r\nwork,,all,1,2,2,0,0,,,,,,,,\r\n");
    write_text("ev.csv", csv);
    bad(hwtop, "ev.csv: not the events of", "run.0.csv", "ev.csv", NULL);

    /* The same rank twice, another job, another size, the same file. */
    write_report("again.csv", other, 1);
    write_sidecar("again.csv", 1, 4, "42");
    bad(hwtop, "rank 1 again", "run.0.csv", "run.1.csv", "again.csv", NULL);
    write_sidecar("again.csv", 1, 4, "43");
    bad(hwtop, "from job '43'", "run.0.csv", "again.csv", NULL);
    write_sidecar("again.csv", 1, 8, "42");
    bad(hwtop, "of a job of 8 ranks", "run.0.csv", "again.csv", NULL);
    bad(hwtop, "the same file as", "run.0.csv", "./run.0.csv", NULL);
    write_text("again.csv.meta.json", "{\"mpi\": [1]}");
    bad(hwtop, "again.csv.meta.json: \"mpi\"", "run.0.csv", "again.csv", NULL);

    /* Usage. */
    bad_usage(hwtop, "no report to merge", NULL);
    bad_usage(hwtop, "--sort 'nonsense'", "--sort", "nonsense", "run.0.csv",
              NULL);
    bad_usage(hwtop, "--top '0'", "--top", "0", "run.0.csv", NULL);
    bad_usage(hwtop, "unrecognized option '--nope'", "--nope", "run.0.csv",
              NULL);
    printf("bad input: one line naming the file, exit 2: ok\n");
}

/* Reports without ranks: the inputs' order, said once. */
static void
test_cli_order(const char *hwtop)
{
    write_report("a.csv", ranks[2], 2);
    write_report("b.csv", ranks[0], 2);
    CHECK_EQ(run(hwtop, "merge", "a.csv", "b.csv", NULL), 0);
    CHECK(strstr(slurp("err"), "ranks are the inputs' order") != NULL);
    CHECK(strstr(slurp("out"), "most imbalanced: work on rank 0:") != NULL);
    /* Three of four ranks: a note, and the spread over those. */
    CHECK_EQ(run(hwtop, "merge", "run.0.csv", "run.1.csv", "run.3.csv", NULL),
             0);
    CHECK(strstr(slurp("err"), "reports of 3 of the job's 4 ranks (rank 2 "
                               "is missing)") != NULL);
    printf("ranks from the input order, missing ranks: ok\n");
}

int
main(int argc, char **argv)
{
    char *hwtop;

    CHECK(mkdtemp(dir) != NULL);
    write_job();
    test_compute();
    if (argc < 2 || argv[1][0] == '\0') {
        printf("SKIP: hwtop was not built (no TUI sources)\n");
        return 77;
    }
    hwtop = realpath(argv[1], NULL); /* run() changes directory */
    CHECK(hwtop != NULL);
    test_cli_output(hwtop);
    test_cli_errors(hwtop);
    test_cli_order(hwtop);
    free(hwtop);
    if (system(NULL) != 0) {
        char cmd[300];

        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        if (system(cmd) != 0)
            printf("note: could not remove %s\n", dir);
    }
    return 0;
}
