/* SPDX-License-Identifier: MIT */
/* launcher_app.c: a program for hwtop to launch, one scenario per argv[1]. */

/*
 * Only <hwtop.h> is used, as a user would.  Facts the tests check the
 * report against go to stdout as "fixture: key=value" lines; under
 * `hwtop -b` the program's stdout is hwtop's.
 */
#include <hwtop.h>

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testapp.h"
#include "testclock.h"

static long
gettid_(void)
{
    return (long)syscall(SYS_gettid);
}

/* exit N: two calls of "work", then exit(N). */
static int
scenario_exit(int argc, char **argv)
{
    for (int i = 0; i < 2; i++) {
        PERF_REGION_BEGIN("work");
        touch_pages(4);
        PERF_REGION_END("work");
    }
    return argc > 2 ? atoi(argv[2]) : 0;
}

/* args ...: says what it was given. */
static int
scenario_args(int argc, char **argv)
{
    fact("argc", argc);
    for (int i = 2; i < argc; i++)
        printf("fixture: arg%d=%s\n", i, argv[i]);
    return 0;
}

static void *
same_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 4; i++) {
        PERF_REGION("worker");
        touch_pages(2);
    }
    return NULL;
}

/* same NPAGES: nesting, a page-touching region and two threads, with
 * call counts known in advance. */
static int
scenario_same(int argc, char **argv)
{
    long npages = argc > 2 ? atol(argv[2]) : 64;
    pthread_t t[2];

    PERF_REGION_BEGIN("outer");
    for (int i = 0; i < 5; i++) {
        PERF_REGION_BEGIN("inner");
        touch_pages(1);
        PERF_REGION_END("inner");
    }
    PERF_REGION_END("outer");
    PERF_REGION_BEGIN("touch");
    touch_pages(npages);
    PERF_REGION_END("touch");
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, same_worker, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    fact("pid", getpid());
    fact("npages", npages);
    return 0;
}

/* segv: "done" finishes three times, then a segfault inside "crashing". */
static int
scenario_segv(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (int i = 0; i < 3; i++) {
        PERF_REGION_BEGIN("done");
        touch_pages(2);
        PERF_REGION_END("done");
    }
    PERF_REGION_BEGIN("crashing");
    segfault();
    PERF_REGION_END("crashing");
    return 0;
}

/* abort: one "done", then abort() inside "aborting". */
static int
scenario_abort(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    PERF_REGION_BEGIN("done");
    PERF_REGION_END("done");
    PERF_REGION_BEGIN("aborting");
    signal(SIGABRT, SIG_DFL);
    abort();
}

/* exit_open: "done" twice, then _exit(0) with "left_open" open. */
static int
scenario_exit_open(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (int i = 0; i < 2; i++) {
        PERF_REGION_BEGIN("done");
        PERF_REGION_END("done");
    }
    PERF_REGION_BEGIN("left_open");
    fflush(stdout);
    _exit(0);
}

/* loop MARKER [ignore]: "tick" forever; after 20 ticks writes its pid to
 * MARKER.  With "ignore", SIGTERM and SIGINT are ignored. */
static int
scenario_loop(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    if (argc > 3 && strcmp(argv[3], "ignore") == 0) {
        signal(SIGTERM, SIG_IGN);
        signal(SIGINT, SIG_IGN);
    }
    for (long n = 1;; n++) {
        PERF_REGION_BEGIN("tick");
        sleep_ms(2);
        PERF_REGION_END("tick");
        if (n == 20)
            write_marker(argv[2], getpid());
    }
}

/* ticks MS: "tick" every 2 ms for MS milliseconds, then exit 0. */
static int
scenario_ticks(int argc, char **argv)
{
    long ms = argc > 2 ? atol(argv[2]) : 1000;
    uint64_t end = now_ns() + (uint64_t)ms * 1000000u;
    long n = 0;

    do {
        PERF_REGION_BEGIN("tick");
        sleep_ms(2);
        PERF_REGION_END("tick");
        n++;
    } while (now_ns() < end);
    fact("ticks", n);
    return 0;
}

/* names N: N distinct names built at run time, each called once. */
static int
scenario_names(int argc, char **argv)
{
    int n = argc > 2 ? atoi(argv[2]) : 20;
    char name[32];

    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "name%02d", i);
        hwtop_region_begin(name);
        hwtop_region_end(name);
    }
    fact("names", n);
    return 0;
}

/* threads N: N threads alive at once, each one call of "t"; main runs
 * no region. */
static int
scenario_threads(int argc, char **argv)
{
    return app_threads(argc > 2 ? atoi(argv[2]) : 4);
}

static void *
child_thread(void *arg)
{
    (void)arg;
    for (int i = 0; i < 2; i++) {
        PERF_REGION("child_thread");
    }
    fact("child_thread_tid", gettid_());
    return NULL;
}

/* fork: the parent and a forked child (with a thread of its own) both
 * run regions; the parent goes on after the child is gone. */
static int
scenario_fork(int argc, char **argv)
{
    pthread_t t;
    int status;
    pid_t c;

    (void)argc;
    (void)argv;
    for (int i = 0; i < 2; i++) {
        PERF_REGION("parent_work");
        touch_pages(2);
    }
    fflush(stdout);
    c = fork();
    if (c < 0)
        return 1;
    if (c == 0) {
        for (int i = 0; i < 3; i++) {
            PERF_REGION("child_work");
            touch_pages(2);
        }
        pthread_create(&t, NULL, child_thread, NULL);
        pthread_join(t, NULL);
        fact("child_pid", getpid());
        exit(0);
    }
    if (waitpid(c, &status, 0) != c || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return 1;
    PERF_REGION_BEGIN("parent_after");
    PERF_REGION_END("parent_after");
    fact("parent_pid", getpid());
    return 0;
}

/* exec LEAF: "pre_exec" twice; a forked child execs LEAF (another
 * instrumented program), then this process execs LEAF itself. */
static int
scenario_exec(int argc, char **argv)
{
    int status;
    pid_t c;

    if (argc < 3)
        return 2;
    for (int i = 0; i < 2; i++) {
        PERF_REGION("pre_exec");
    }
    fact("parent_pid", getpid());
    c = fork();
    if (c < 0)
        return 1;
    if (c == 0) {
        execl(argv[2], argv[2], "leaf_child", (char *)NULL);
        _exit(127);
    }
    if (waitpid(c, &status, 0) != c || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return 1;
    execl(argv[2], argv[2], "leaf_self", (char *)NULL);
    return 127;
}

/* fdcheck: after a region, the segment the library writes is a memfd,
 * the descriptor HWTOP_SEGMENT_FD names. */
static int
scenario_fdcheck(int argc, char **argv)
{
    const char *env = getenv("HWTOP_SEGMENT_FD");
    char path[300], link[256];
    struct dirent *d;
    DIR *dir;
    ssize_t n;

    (void)argc;
    (void)argv;
    PERF_REGION_BEGIN("fd");
    PERF_REGION_END("fd");
    fact("env_fd", env != NULL ? atoi(env) : -1);
    if ((dir = opendir("/proc/self/fd")) == NULL)
        return 1;
    while ((d = readdir(dir)) != NULL) {
        snprintf(path, sizeof path, "/proc/self/fd/%s", d->d_name);
        n = readlink(path, link, sizeof link - 1);
        if (n <= 0)
            continue;
        link[n] = '\0';
        if (strncmp(link, "/memfd:hwtop-segment", 20) == 0)
            fact("memfd_fd", atoi(d->d_name));
        if (strncmp(link, "/dev/shm/", 9) == 0)
            fact("shm_fd", atoi(d->d_name));
    }
    closedir(dir);
    return 0;
}

/* plain NPAGES: no region at all; touches pages and burns some CPU. */
static int
scenario_plain(int argc, char **argv)
{
    long npages = argc > 2 ? atol(argv[2]) : 256;
    volatile unsigned long x = 0;

    touch_pages(npages);
    for (long i = 0; i < 20000000; i++)
        x += (unsigned long)i;
    fact("npages", npages);
    return 0;
}

static const struct app_scenario scenarios[] = {
    {"exit", scenario_exit},       {"args", scenario_args},
    {"same", scenario_same},       {"segv", scenario_segv},
    {"abort", scenario_abort},     {"exit_open", scenario_exit_open},
    {"loop", scenario_loop},       {"ticks", scenario_ticks},
    {"names", scenario_names},     {"threads", scenario_threads},
    {"fork", scenario_fork},       {"exec", scenario_exec},
    {"fdcheck", scenario_fdcheck}, {"plain", scenario_plain},
};

int
main(int argc, char **argv)
{
    return APP_RUN(scenarios, argc, argv, "launcher_app SCENARIO [ARGS]");
}
