/* SPDX-License-Identifier: MIT */
/* test_faults.c: hwtop on programs that break, and on a broken hwtop
 * environment; every case asserts the exit status and the report. */

/*
 * usage: test_faults <hwtop> <fault_app> <launcher_app> <launcher_leaf> CASE
 *
 * The program's faults (tests/launcher already covers segfault, abort,
 * _exit with regions open, fork, exec, SIGTERM, SIGINT, a program that
 * ignores SIGTERM, and --max-regions / --max-threads overflow):
 *   sigkill     someone SIGKILLs the program: 137, ticks kept
 *   fork_crash  a forked child segfaults inside a region: the parent's
 *               status (0), the child's rows under its pid, its open
 *               region flagged
 *   orphan      the program exits leaving a child that runs regions:
 *               hwtop ends with the program, at once
 *   exec_open   exec of an instrumented binary with a region open
 *   closefds    the program closes every descriptor, the segment's too:
 *               its regions keep counting
 *   threads     1,000 threads alive at once, default --max-threads 512:
 *               512 thread rows, 488 dropped, counted in meta.json and
 *               said under the table (THREADS: fewer, under TSan)
 *   threads_all the same with --max-threads 1024: 1,000 thread rows
 *   slots       more (thread, region) pairs than --max-slots
 *   arena       more name bytes than the name arena holds
 *   scribble_*  garbage over the segment's header, counts, region table,
 *               names, thread blocks, slots, histograms, or all of them,
 *               while hwtop reads it: the program's status (7), a
 *               report that parses, at most one "hwtop:" line on stderr
 * hwtop's own:
 *   hup         SIGHUP to hwtop: forwarded, 129, report kept
 *   term_twice  the program ignores SIGTERM; a second SIGTERM to hwtop
 *               kills it at once instead of after the 3 s grace
 *   stdout_closed  hwtop -b ... >&-: the program's status, full report
 *   std_closed  0, 1 and 2 closed, the program writes to stderr first:
 *               its bytes must not land in the segment
 *   full_pipe   stdout a pipe nobody reads, -I 10: hwtop blocks like any
 *               writer; SIGTERM still ends it at once with the report
 *   broken_pipe the reader goes away: hwtop finishes normally
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lrun.h"
#include "testclock.h"

static char *hwtop, *fapp, *lapp, *leaf;

/* stderr is empty, or lines that each start "hwtop: "; returns how many. */
static int
hwtop_lines(const struct lrun *l)
{
    int n = 0;

    for (const char *p = l->r.err; *p != '\0'; n++) {
        const char *nl = strchr(p, '\n');

        if (strncmp(p, "hwtop: ", 7) != 0 || nl == NULL)
            FAIL("stderr has a line not from hwtop: \"%s\"", l->r.err);
        p = nl + 1;
    }
    return n;
}

/* Any open flag: the region was open when its thread stopped. */
static int
flagged_open(const struct run *r, const struct csv_record *rec)
{
    return row_has_flag(r, rec, "open_at_exit") ||
           row_has_flag(r, rec, "open_at_crash") ||
           row_has_flag(r, rec, "open_now");
}

static void
case_sigkill(void)
{
    struct lrun l;
    long long pid;

    lrun_init(&l);
    pid = lrun_loop(&l, hwtop, lapp, NULL, 30);
    CHECK(kill((pid_t)pid, SIGKILL) == 0);
    lrun_wait(&l, 40);
    EXPECT_EXIT(&l, 128 + SIGKILL);
    EXPECT_REPORT(&l);
    CHECK_INT(NUM(&l.r, ROW_ALL(&l.r, "tick"), "calls"), >=, 20);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "tick"), "pid"), pid);
    CHECK(strstr(l.r.out, "killed by KILL") != NULL);
    printf("sigkill: exit 137, tick %lld calls, flags '%s'\n",
           NUM(&l.r, ROWS(&l.r, "tick"), "calls"),
           STR(&l.r, ROWS(&l.r, "tick"), "flags")->p);
    lrun_done(&l);
}

static void
case_fork_crash(void)
{
    const struct csv_record *rec;
    struct lrun l;

    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, fapp,
                  "fork_crash"),
         NULL, 40);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "parent_before"), "calls"), 2);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "parent_after"), "calls"), 1);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "child_done"), "calls"), 2);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "child_done"), "pid"),
             FACT(&l.r, "child_pid"));
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "parent_after"), "pid"),
             FACT(&l.r, "parent_pid"));
    rec = ROWS(&l.r, "child_crashing");
    CHECK_EQ(NUM(&l.r, rec, "calls"), 0);
    if (!flagged_open(&l.r, rec))
        FAIL("the crashed child's region has flags '%s'",
             STR(&l.r, rec, "flags")->p);
    printf("fork_crash: exit 0; the child's crashed region flagged '%s'\n",
           STR(&l.r, rec, "flags")->p);
    lrun_done(&l);
}

static void
case_orphan(void)
{
    struct lrun l;
    double t0 = now_s(), took;
    long long orphan;

    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, fapp, "orphan",
                  l.marker),
         NULL, 40);
    took = now_s() - t0;
    if (wait_file(l.marker, 5000) == 0 &&
        (orphan = read_number(l.marker)) > 0)
        kill((pid_t)orphan, SIGKILL);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "parent"), "calls"), 2);
    CHECK_DBL(took, <, 10);
    printf("orphan: hwtop ended with the program after %.2f s, exit 0\n",
           took);
    lrun_done(&l);
}

static void
case_exec_open(void)
{
    const struct csv_record *rec;
    struct lrun l;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, fapp, "exec_open",
              leaf),
         NULL, 40);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "pre_exec"), "calls"), 2);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "leaf_self"), "calls"), 3);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "leaf_self"), "pid"), FACT(&l.r, "pid"));
    rec = ROWS(&l.r, "open_across_exec");
    CHECK_EQ(NUM(&l.r, rec, "calls"), 0);
    if (!flagged_open(&l.r, rec))
        FAIL("the region open across exec has flags '%s'",
             STR(&l.r, rec, "flags")->p);
    printf("exec_open: exit 0; the new image's rows, the old image's open "
           "region flagged '%s'\n",
           STR(&l.r, rec, "flags")->p);
    lrun_done(&l);
}

static void
case_closefds(void)
{
    struct lrun l;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, fapp, "closefds"),
         NULL, 40);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "before_close"), "calls"), 5);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "across_close"), "calls"), 1);
    CHECK_EQ(NUM(&l.r, ROWS(&l.r, "after_close"), "calls"), 5);
    printf("closefds: exit 0; regions counted after every fd was closed "
           "(flags '%s')\n",
           STR(&l.r, ROWS(&l.r, "after_close"), "flags")->p);
    lrun_done(&l);
}

/* n threads at once (1,000; fewer under ThreadSanitizer, which makes
 * each thread slow to start).  all: --max-threads above n, every thread
 * has its rows; else the default 512 (n/2 when n is not above 512):
 * the rest dropped, counted and said. */
static void
case_threads(int all, int n)
{
    char nstr[16], max[16], line[128];
    int limit = all ? n + 24 : n > 512 ? 512 : n / 2, rows;
    const cJSON *ov;
    struct lrun l;

    snprintf(nstr, sizeof nstr, "%d", n);
    snprintf(max, sizeof max, "%d", limit);
    lrun_init(&l);
    if (limit == 512)
        lrun(&l,
             ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, fapp, "threads",
                  nstr),
             NULL, 80);
    else
        lrun(&l,
             ARGV(hwtop, "-b", "-e", "sw", "--max-threads", max, "-o",
                  l.r.csv_path, fapp, "threads", nstr),
             NULL, 80);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    CHECK_EQ(FACT(&l.r, "threads"), n);
    ov = meta_object(&l, "overflow");
    rows = thread_rows(&l.r, "t");
    CHECK_EQ(rows + (int)meta_num(ov, "threads_dropped"), n);
    CHECK_EQ(NUM(&l.r, ROW_ALL(&l.r, "t"), "calls"), rows);
    if (all) {
        CHECK_EQ(rows, n);
    } else {
        CHECK_EQ(rows, limit);
        if (meta_misuse(&l, "more threads than the table holds") == NULL)
            FAIL("meta.json lists no thread overflow");
        snprintf(line, sizeof line,
                 "not shown (the segment was full): %d threads "
                 "(--max-threads)\n",
                 n - limit);
        CHECK(strstr(l.r.out, line) != NULL);
    }
    printf("threads: %d threads, --max-threads %d: %d rows, %.0f dropped and "
           "counted\n",
           n, limit, rows, meta_num(ov, "threads_dropped"));
    lrun_done(&l);
}

static void
case_slots(void)
{
    struct lrun l;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "--max-slots", "8", "-o", l.r.csv_path,
              lapp, "names", "20"),
         NULL, 40);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    CHECK_EQ(distinct_regions(&l.r), 8);
    CHECK_EQ(meta_num(meta_object(&l, "overflow"), "slots_dropped"), 12);
    if (meta_misuse(&l, "pairs than the pool holds") == NULL)
        FAIL("meta.json lists no slot overflow");
    CHECK(strstr(l.r.out, " 12 thread-region pairs (--max-slots)") != NULL);
    printf("slots: --max-slots 8, 20 regions: 8 rows, 12 dropped\n");
    lrun_done(&l);
}

static void
case_arena(void)
{
    struct lrun l;
    int n;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, fapp, "longnames",
              "200", "8000"),
         NULL, 40);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    n = distinct_regions(&l.r);
    /* 1 MiB of names at 8001 bytes each. */
    CHECK_EQ(n, (1 << 20) / 8001);
    CHECK_EQ(meta_num(meta_object(&l, "overflow"), "regions_dropped"), 200 - n);
    CHECK(strstr(l.r.out, "not shown (the segment was full): ") != NULL);
    printf("arena: 200 names of 8000 bytes: %d kept, %d dropped\n", n,
           200 - n);
    lrun_done(&l);
}

static void
case_scribble(const char *area)
{
    struct lrun l;
    int lines;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-d", "0.05", "-e", "sw", "-o", l.r.csv_path, fapp,
              "scribble", (char *)area, "600", "8"),
         NULL, 40);
    /* The program's status, whatever it did to the segment. */
    EXPECT_EXIT(&l, 7);
    EXPECT_REPORT(&l); /* and it parses: lrun checks RFC 4180 and JSON */
    CHECK_EQ(FACT(&l.r, "scribbling"), 1);
    lines = hwtop_lines(&l);
    CHECK_INT(lines, <=, 1);
    /* Unreadable at the end: the report is the last good snapshot, with
     * everything done before the garbage. */
    if (lines == 1) {
        CHECK(strstr(l.r.err, "cannot read the program's segment") != NULL);
        CHECK_EQ(NUM(&l.r, ROW_ALL(&l.r, "work"), "calls"),
                 FACT(&l.r, "work_calls"));
    }
    CHECK(strstr(l.r.out, "exited with status 7") != NULL);
    printf("scribble %s: exit 7, %d report rows, stderr: %s", area,
           l.r.csv.nrecords - 1, lines ? l.r.err : "(nothing)\n");
    lrun_done(&l);
}

static void
case_hup(void)
{
    struct lrun l;
    double t0;

    lrun_init(&l);
    lrun_loop(&l, hwtop, lapp, NULL, 30);
    t0 = now_s();
    CHECK(kill(l.pid, SIGHUP) == 0);
    lrun_wait(&l, 40);
    EXPECT_EXIT(&l, 128 + SIGHUP);
    EXPECT_REPORT(&l);
    CHECK_INT(NUM(&l.r, ROW_ALL(&l.r, "tick"), "calls"), >=, 20);
    CHECK_DBL(now_s() - t0, <, 10);
    printf("hup: exit 129, tick %lld calls\n",
           NUM(&l.r, ROW_ALL(&l.r, "tick"), "calls"));
    lrun_done(&l);
}

static void
case_term_twice(void)
{
    struct lrun l;
    double t0, took;
    long long pid;

    lrun_init(&l);
    pid = lrun_loop(&l, hwtop, lapp, "ignore", 30);
    CHECK(kill(l.pid, SIGTERM) == 0);
    usleep(300000);
    CHECK(kill((pid_t)pid, 0) == 0); /* ignored: still there */
    t0 = now_s();
    CHECK(kill(l.pid, SIGTERM) == 0);
    /* Gone (reaped) well before the grace, 2.7 s from here, would end. */
    while (kill((pid_t)pid, 0) == 0 && now_s() - t0 < 10)
        usleep(5000);
    took = now_s() - t0;
    lrun_wait(&l, 40);
    EXPECT_EXIT(&l, 128 + SIGKILL);
    EXPECT_REPORT(&l);
    CHECK_DBL(took, <, 2.2);
    printf("term_twice: the program killed %.2f s after the second "
           "SIGTERM; exit 137\n",
           took);
    lrun_done(&l);
}

/* The report of "launcher_app same 8": four regions, in full. */
static void
check_same(const struct lrun *l)
{
    CHECK_EQ(NUM(&l->r, ROW_ALL(&l->r, "outer"), "calls"), 1);
    CHECK_EQ(NUM(&l->r, ROW_ALL(&l->r, "inner"), "calls"), 5);
    CHECK_EQ(NUM(&l->r, ROW_ALL(&l->r, "touch"), "calls"), 1);
    CHECK_EQ(NUM(&l->r, ROW_ALL(&l->r, "worker"), "calls"), 8);
    CHECK_EQ(distinct_regions(&l->r), 4);
}

static void
case_stdout_closed(int all)
{
    struct lrun l;

    lrun_init(&l);
    if (all)
        /* The shell writes to stderr before the program starts: with 2
         * closed in hwtop, that must not be the segment. */
        lrun(&l,
             ARGV("/bin/sh", "-c", "exec \"$@\" <&- >&- 2>&-", "sh", hwtop,
                  "-b", "-e", "sw", "-o", l.r.csv_path, "/bin/sh", "-c",
                  "echo to-stderr-and-beyond >&2; echo to-stdout; "
                  "exec \"$0\" same 8",
                  lapp),
             NULL, 40);
    else
        lrun(&l,
             ARGV("/bin/sh", "-c", "exec \"$@\" >&-", "sh", hwtop, "-b", "-e",
                  "sw", "-o", l.r.csv_path, lapp, "same", "8"),
             NULL, 40);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    check_same(&l);
    CHECK_STR(l.r.out, "");
    if (!all)
        CHECK_STR(l.r.err, "");
    printf("%s closed: exit 0, the report whole\n",
           all ? "stdin, stdout and stderr" : "stdout");
    lrun_done(&l);
}

/* Starts `hwtop -b -I 10 ... launcher_app ticks MS` with stdout the
 * write end of a 4 KiB pipe; returns the read end, which the caller
 * reads or not. */
static int
start_piped(struct lrun *l, const char *ms, pid_t *pid)
{
    char *const *argv = ARGV(hwtop, "-b", "-I", "10", "-e", "sw", "-o",
                             l->r.csv_path, lapp, "ticks", (char *)ms);
    char err[320];
    int p[2];

    if (pipe(p) != 0)
        FAIL("pipe: %s", strerror(errno));
    fcntl(p[0], F_SETPIPE_SZ, 4096);
    snprintf(err, sizeof err, "%s/stderr", l->r.dir);
    if ((*pid = fork()) == 0) {
        int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);

        if (e < 0 || dup2(p[1], 1) < 0 || dup2(e, 2) < 0 ||
            chdir(l->r.dir) != 0)
            _exit(125);
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
        execv(argv[0], argv);
        _exit(125);
    }
    close(p[1]);
    return p[0];
}

/* Bytes waiting in the pipe stop growing: the writer is blocked. */
static int
wait_full(int fd)
{
    int last = -1, now = 0, same = 0;

    for (int i = 0; i < 1000 && same < 30; i++) {
        usleep(10000);
        if (ioctl(fd, FIONREAD, &now) != 0)
            FAIL("FIONREAD: %s", strerror(errno));
        same = now > 0 && now == last ? same + 1 : 0;
        last = now;
    }
    return now;
}

static void
case_full_pipe(void)
{
    struct lrun l;
    int fd, queued, rc;
    double t0, took;
    pid_t pid;

    lrun_init(&l);
    fd = start_piped(&l, "20000", &pid);
    queued = wait_full(fd);
    CHECK_INT(queued, >, 0);
    t0 = now_s();
    CHECK(kill(pid, SIGTERM) == 0);
    rc = lrun_wait_pid(pid, 40);
    took = now_s() - t0;
    close(fd);
    l.r.exit_code = rc;
    CHECK_EQ(rc, 128 + SIGTERM);
    CHECK_DBL(took, <, 10);
    CHECK(file_exists(l.r.csv_path));
    CHECK(file_exists(l.r.meta_path));
    printf("full_pipe: %d bytes unread, hwtop blocked; SIGTERM ended it "
           "after %.2f s with 143 and the report\n",
           queued, took);
    lrun_done(&l);
}

static void
case_broken_pipe(void)
{
    struct lrun l;
    char buf[16];
    int fd, rc;
    pid_t pid;

    lrun_init(&l);
    fd = start_piped(&l, "1000", &pid);
    CHECK(read(fd, buf, sizeof buf) > 0);
    close(fd); /* like `| head -c 16` */
    rc = lrun_wait_pid(pid, 40);
    /* The program shares the pipe: its last line gets EPIPE, ignored. */
    CHECK(rc == 0 || rc == 128 + SIGPIPE);
    CHECK(file_exists(l.r.csv_path));
    printf("broken_pipe: exit %d, report written\n", rc);
    lrun_done(&l);
}

int
main(int argc, char **argv)
{
    static const char *const areas[] = {"header", "counts", "regions",
                                        "arena",  "threads", "slots",
                                        "hists",  "all"};
    const char *c;
    int nthreads;

    if (argc != 6 && argc != 7)
        FAIL("usage: test_faults <hwtop> <fault_app> <launcher_app> "
             "<launcher_leaf> CASE [THREADS]");
    nthreads = argc == 7 ? atoi(argv[6]) : 1000;
    require_hwtop(argv[1]);
    hwtop = argv[1];
    fapp = argv[2];
    lapp = argv[3];
    leaf = argv[4];
    c = argv[5];
    signal(SIGPIPE, SIG_IGN);
    if (strcmp(c, "sigkill") == 0)
        case_sigkill();
    else if (strcmp(c, "fork_crash") == 0)
        case_fork_crash();
    else if (strcmp(c, "orphan") == 0)
        case_orphan();
    else if (strcmp(c, "exec_open") == 0)
        case_exec_open();
    else if (strcmp(c, "closefds") == 0)
        case_closefds();
    else if (strcmp(c, "threads") == 0 || strcmp(c, "threads_all") == 0)
        case_threads(strcmp(c, "threads_all") == 0, nthreads);
    else if (strcmp(c, "slots") == 0)
        case_slots();
    else if (strcmp(c, "arena") == 0)
        case_arena();
    else if (strcmp(c, "hup") == 0)
        case_hup();
    else if (strcmp(c, "term_twice") == 0)
        case_term_twice();
    else if (strcmp(c, "stdout_closed") == 0 || strcmp(c, "std_closed") == 0)
        case_stdout_closed(strcmp(c, "std_closed") == 0);
    else if (strcmp(c, "full_pipe") == 0)
        case_full_pipe();
    else if (strcmp(c, "broken_pipe") == 0)
        case_broken_pipe();
    else if (strncmp(c, "scribble_", 9) == 0) {
        for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++)
            if (strcmp(c + 9, areas[i]) == 0) {
                case_scribble(areas[i]);
                return 0;
            }
        FAIL("unknown area %s", c + 9);
    } else
        FAIL("unknown case %s", c);
    return 0;
}
