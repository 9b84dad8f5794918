/* SPDX-License-Identifier: MIT */
/* fixture.c: a program instrumented as a user would, with known behaviour. */

/*
 * Only <hwtop.h> is used, as a new user would.  Each scenario (argv[1])
 * does something whose cost the fixture measures itself and prints on
 * stdout as "fixture: key=value" lines: the ground truth the tests hold
 * the report against.  Nothing else is printed on stdout, so a test can
 * also check that the library never writes there.
 */
#include <hwtop.h>

#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "hostile.h"
#include "testapp.h"
#include "testclock.h"

#define MS 1000000LL

/* "key=value" for the test; the line of a macro goes beside it. */
#define FACT_LINE(key, stmt)                                                   \
    do {                                                                       \
        stmt;                                                                  \
        fact(key, __LINE__);                                                   \
    } while (0)

static long long
thread_faults(void)
{
    struct rusage ru;

    getrusage(RUSAGE_THREAD, &ru);
    return ru.ru_minflt + ru.ru_majflt;
}

/* Burns ns of this thread's CPU time. */
static void
spin(long long ns)
{
    uint64_t end = clock_ns(CLOCK_THREAD_CPUTIME_ID) + (uint64_t)ns;
    volatile unsigned long x = 0;

    while (clock_ns(CLOCK_THREAD_CPUTIME_ID) < end)
        for (int i = 0; i < 1000; i++)
            x += (unsigned long)i * 2654435761u;
}

/* Page faults, CPU time and sleep: one region each. */
static int
scenario_sources(void)
{
    const long npages = 1024;
    char *p = fresh_pages(npages);
    long long f0, f1, c0, c1, w0, w1;
    struct timespec nap = {0, 100 * MS};

    f0 = thread_faults();
    PERF_REGION_BEGIN("touch");
    touch_each(p, npages);
    PERF_REGION_END("touch");
    f1 = thread_faults();
    munmap(p, (size_t)npages * (size_t)sysconf(_SC_PAGESIZE));
    fact("touch_pages", npages);
    fact("touch_faults", f1 - f0);

    c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    PERF_REGION_BEGIN("spin");
    spin(50 * MS);
    PERF_REGION_END("spin");
    c1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    fact("spin_cpu_ns", c1 - c0);

    w0 = clock_ns(CLOCK_MONOTONIC);
    PERF_REGION_BEGIN("sleep");
    while (nanosleep(&nap, &nap) != 0)
        ;
    PERF_REGION_END("sleep");
    w1 = clock_ns(CLOCK_MONOTONIC);
    fact("sleep_ns", 100 * MS);
    fact("sleep_wall_ns", w1 - w0);
    return 0;
}

/* Work that moves every software counter a little. */
static void
work(long npages, long long ns)
{
    touch_pages(npages);
    spin(ns);
}

static void
nest_leaf(void)
{
    PERF_REGION_BEGIN("leaf");
    work(8, 1 * MS);
    PERF_REGION_END("leaf");
}

/* outer { inner_a x3, inner_b x2 { leaf x2 } }, work at every level. */
static int
scenario_nest(void)
{
    PERF_REGION_BEGIN("outer");
    work(64, 2 * MS);
    for (int i = 0; i < 3; i++) {
        PERF_REGION_BEGIN("inner_a");
        work(16, 1 * MS);
        PERF_REGION_END("inner_a");
    }
    for (int i = 0; i < 2; i++) {
        PERF_REGION_BEGIN("inner_b");
        nest_leaf();
        work(4, 1 * MS);
        nest_leaf();
        PERF_REGION_END("inner_b");
    }
    work(4, 1 * MS);
    PERF_REGION_END("outer");
    return 0;
}

static pthread_barrier_t start_line, finish_line;

/* Worker i runs "work" (containing "step") i + 1 times. */
static void *
worker(void *arg)
{
    int i = (int)(intptr_t)arg;
    char name[32];

    snprintf(name, sizeof name, "worker-%d", i);
    hwtop_thread_name(name);
    pthread_barrier_wait(&start_line);
    for (int k = 0; k <= i; k++) {
        PERF_REGION_BEGIN("work");
        work(8, 2 * MS);
        PERF_REGION_BEGIN("step");
        spin(1 * MS);
        PERF_REGION_END("step");
        PERF_REGION_END("work");
    }
    pthread_barrier_wait(&finish_line);
    return NULL;
}

/* "main" spans the workers' run but only waits: thread creation and
 * joins (slow under sanitizers) stay outside it. */
static int
scenario_threads(void)
{
    pthread_t th[4];

    pthread_barrier_init(&start_line, NULL, 5);
    pthread_barrier_init(&finish_line, NULL, 5);
    for (int i = 0; i < 4; i++)
        if (pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i) != 0) {
            fprintf(stderr, "fixture: pthread_create failed\n");
            return 2;
        }
    PERF_REGION_BEGIN("main");
    pthread_barrier_wait(&start_line);
    pthread_barrier_wait(&finish_line);
    PERF_REGION_END("main");
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&start_line);
    pthread_barrier_destroy(&finish_line);
    fact("threads", 4);
    return 0;
}

/* 7 calls: every other one leaves by an early return. */
static int
scoped_return(int i)
{
    PERF_REGION("scoped_return");
    if (i % 2 == 0)
        return i;
    spin(100000);
    return -i;
}

static int
scoped_nested_return(int depth)
{
    PERF_REGION("scoped_recurse");
    if (depth == 0)
        return 0;
    return 1 + scoped_nested_return(depth - 1);
}

static int
scenario_scoped(void)
{
    int sum = 0;

    for (int i = 0; i < 7; i++)
        sum += scoped_return(i);
    /* break on the 5th pass: 5 calls. */
    for (int i = 0; i < 100; i++) {
        PERF_REGION("scoped_break");
        if (i == 4)
            break;
    }
    /* continue on odd passes: still 6 calls. */
    for (int i = 0; i < 6; i++) {
        PERF_REGION("scoped_continue");
        if (i % 2)
            continue;
        spin(100000);
    }
    /* goto out of the block on the 3rd pass: 3 calls. */
    for (int i = 0;; i++) {
        PERF_REGION("scoped_goto");
        if (i == 2)
            goto gone;
    }
gone:
    /* goto out of two scopes at once: outer 1 call, inner 4. */
    {
        PERF_REGION("scoped_outer");
        for (int j = 0;; j++) {
            PERF_REGION("scoped_inner");
            spin(100000);
            if (j == 3)
                goto out;
        }
    }
out:
    /* a plain block: 1 call. */
    {
        PERF_REGION("scoped_block");
        spin(100000);
    }
    /* 1 + 4 recursive calls, each ended by a return. */
    sum += scoped_nested_return(4);
    fact("sum", sum);
    fact("misuse", 0);
    return 0;
}

static void
region_twice(const char *p)
{
    for (int k = 0; k < 2; k++) {
        hwtop_region_begin(p);
        hwtop_region_end(p);
    }
}

/* Every hostile name twice, built at run time. */
static int
scenario_names(void)
{
    char *lng = hostile_long(HOSTILE_LONG_BYTES, 7);
    char *huge = hostile_long(HOSTILE_HUGE_BYTES, 11);

    hwtop_thread_name(HOSTILE_THREAD);
    for (size_t i = 0; i < HOSTILE_NFIXED; i++) {
        /* Run-time copies: the library must not keep our pointers. */
        char *copy = malloc(hostile_fixed[i].len + 1);

        memcpy(copy, hostile_fixed[i].p, hostile_fixed[i].len + 1);
        region_twice(copy);
        memset(copy, 'X', hostile_fixed[i].len);
        free(copy);
    }
    region_twice(lng);
    region_twice(huge);
    for (int k = 0; k < 2; k++) {
        hwtop_region_begin(hostile_parent.p);
        hwtop_region_begin(hostile_child.p);
        hwtop_region_end(hostile_child.p);
        hwtop_region_end(hostile_parent.p);
        PERF_REGION_BEGIN(HOSTILE_LITERAL);
        PERF_REGION_END(HOSTILE_LITERAL);
    }
    free(lng);
    free(huge);
    fact("names", (long long)HOSTILE_NFIXED + 5);
    return 0;
}

static sem_t begun, ended;

/* BEGIN here, END on the other thread, then exit with it open. */
static void *
begin_thread(void *arg)
{
    (void)arg;
    hwtop_thread_name("begin_thread");
    FACT_LINE("line_cross_begin", PERF_REGION_BEGIN("handoff"));
    sem_post(&begun);
    sem_wait(&ended);
    return NULL;
}

static void *
end_thread(void *arg)
{
    (void)arg;
    hwtop_thread_name("end_thread");
    sem_wait(&begun);
    FACT_LINE("line_cross_end", PERF_REGION_END("handoff"));
    sem_post(&ended);
    return NULL;
}

static void
cross_threads(void)
{
    pthread_t a, b;

    sem_init(&begun, 0, 0);
    sem_init(&ended, 0, 0);
    pthread_create(&a, NULL, begin_thread, NULL);
    pthread_create(&b, NULL, end_thread, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
}

/* 70 nested calls: the stack holds 64 frames, 6 overflow. */
static void
deep(int n)
{
    /* One line, so that line is the PERF_REGION's own. */
    /* clang-format off */
    PERF_REGION("deep"); int line = __LINE__;
    /* clang-format on */

    if (n == 70)
        fact("line_deep", line);
    if (n > 1)
        deep(n - 1);
}

/* Each misuse once or more; the other regions must stay right. */
static int
scenario_misuse(void)
{
    char *lng;

    fact("file_len", (long long)strlen(__FILE__));
    printf("fixture: file=%s\n", __FILE__);
    PERF_REGION_BEGIN("survivor");
    work(4, 1 * MS);
    for (int i = 0; i < 3; i++)
        FACT_LINE("line_no_begin", PERF_REGION_END("never_begun"));
    PERF_REGION_BEGIN("m_outer");
    PERF_REGION_BEGIN("m_inner");
    work(4, 1 * MS);
    FACT_LINE("line_not_top", PERF_REGION_END("m_outer"));
    work(4, 1 * MS);
    PERF_REGION_END("survivor");
    /* Run-time names: a hostile 10 KB one never begun, and NULL. */
    lng = hostile_long(HOSTILE_LONG_BYTES, 7);
    hwtop_region_end(lng);
    free(lng);
    hwtop_region_begin(NULL);
    hwtop_region_end(NULL);
    cross_threads();
    deep(70);
    for (int i = 0; i < 3; i++) {
        PERF_REGION_BEGIN("after");
        work(4, 1 * MS);
        PERF_REGION_END("after");
    }
    /* Left open: closed and flagged at exit. */
    FACT_LINE("line_left_open", PERF_REGION_BEGIN("left_open"));
    work(4, 1 * MS);
    fact("misuse", 3 + 1 + 1 + 1 + 1 + 1 + 1 + 6 + 1);
    return 0;
}

/* More names than the table holds; earlier regions keep counting. */
static int
scenario_overflow(void)
{
    const int n = 5000;
    char name[32];

    PERF_REGION_BEGIN("pre");
    PERF_REGION_END("pre");
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "r%04d", i);
        hwtop_region_begin(name);
        hwtop_region_end(name);
    }
    for (int k = 0; k < 2; k++) {
        PERF_REGION_BEGIN("pre");
        work(2, 1 * MS);
        PERF_REGION_END("pre");
        hwtop_region_begin("r0000");
        hwtop_region_end("r0000");
    }
    /* A name past the table, nested: still balanced, still counted. */
    PERF_REGION_BEGIN("pre");
    hwtop_region_begin("r4999");
    hwtop_region_end("r4999");
    PERF_REGION_END("pre");
    fact("names", n + 1);
    return 0;
}

static const struct {
    const char *name;
    int (*run)(void);
} scenarios[] = {
    {"sources", scenario_sources},   {"nest", scenario_nest},
    {"threads", scenario_threads},   {"scoped", scenario_scoped},
    {"names", scenario_names},       {"misuse", scenario_misuse},
    {"overflow", scenario_overflow},
};

int
main(int argc, char **argv)
{
    int rc;

    for (size_t i = 0; argc == 2 && i < sizeof scenarios / sizeof *scenarios;
         i++)
        if (strcmp(argv[1], scenarios[i].name) == 0) {
            rc = scenarios[i].run();
            fflush(stdout);
            return rc;
        }
    fprintf(stderr, "usage: fixture sources|nest|threads|scoped|names|"
                    "misuse|overflow\n");
    return 2;
}
