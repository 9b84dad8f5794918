/* SPDX-License-Identifier: MIT */
/* false_sharing.c: two threads, two counters: in one cache line vs apart. */
#include <hwtop.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "probe.h"

/*
 * Each thread adds to its own counter (an atomic add, as per-thread
 * statistics often are): no data is shared.  But when the two counters
 * sit in the same cache line, the line must move to a core for each of
 * its writes, back and forth between the two: each add waits for the
 * other core.  Padded apart (two lines and more, so that adjacent-line
 * prefetch does not pair them), each core keeps its line.  The two
 * threads are pinned to two CPUs, of different cores when hwloc shows
 * more than one, and live as long as the process: the demo calls this
 * probe round after round without piling up threads.
 */

struct fs_job {
    _Atomic uint64_t *counter[2];
    bool same_line;
    uint64_t n;
};

static struct fs_job job;
static pthread_barrier_t job_start, job_done;
static int workers_cpu[2] = {-1, -1};

static void
add(_Atomic uint64_t *c, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++)
        atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

/* Worker i: waits for a job, does its half, says so; forever. */
static void *
work(void *arg)
{
    int i = (int)(intptr_t)arg;

    hwtop_thread_name(i == 0 ? "fs-a" : "fs-b");
    for (;;) {
        pthread_barrier_wait(&job_start);
        if (job.same_line) {
            PERF_REGION_BEGIN("false sharing: same line");
            add(job.counter[i], job.n);
            PERF_REGION_END("false sharing: same line");
        } else {
            PERF_REGION_BEGIN("false sharing: padded");
            add(job.counter[i], job.n);
            PERF_REGION_END("false sharing: padded");
        }
        pthread_barrier_wait(&job_done);
    }
    return NULL;
}

/* Starts the two workers, pinned to cpus (-1: anywhere), once. */
static int
start_workers(const int *cpus)
{
    static int state; /* 0 not yet, 1 running, -1 failed: never again */

    if (state != 0)
        return state > 0 ? 0 : -1;
    state = -1;
    pthread_barrier_init(&job_start, NULL, 3);
    pthread_barrier_init(&job_done, NULL, 3);
    for (int i = 0; i < 2; i++) {
        pthread_attr_t attr;
        pthread_t t;
        cpu_set_t set;
        int rc;

        pthread_attr_init(&attr);
        workers_cpu[i] = cpus[i];
        if (cpus[i] >= 0) {
            CPU_ZERO(&set);
            CPU_SET(cpus[i], &set);
            pthread_attr_setaffinity_np(&attr, sizeof set, &set);
        }
        rc = pthread_create(&t, &attr, work, (void *)(intptr_t)i);
        pthread_attr_destroy(&attr);
        if (rc != 0)
            return -1;
        pthread_detach(t);
    }
    state = 1;
    return 0;
}

/* One job for both workers; returns the wall time until both are done. */
static uint64_t
run(_Atomic uint64_t *c0, _Atomic uint64_t *c1, bool same, uint64_t n)
{
    uint64_t t0;

    job = (struct fs_job){{c0, c1}, same, n};
    t0 = probe_now_ns();
    pthread_barrier_wait(&job_start);
    pthread_barrier_wait(&job_done);
    return probe_now_ns() - t0;
}

static void
report(const int *cpus, bool two, uint64_t n, int reps, size_t apart, int line,
       const uint64_t *best)
{
    printf("false_sharing: 2 threads (CPUs %d and %d) each add 1 to its own "
           "counter %llu times, best of %d\n",
           cpus[0], cpus[1], (unsigned long long)n, reps);
    if (!two)
        printf("false_sharing: only one CPU is allowed: the threads take "
               "turns, and no false sharing can show\n");
    printf("%-10s %10s %14s %9s\n", "case", "apart", "ns/increment",
           "slowdown");
    printf("%-10s %8zu B %14.3f %8.1fx\n", "padded", apart,
           (double)best[0] / (double)n, 1.0);
    printf("%-10s %8zu B %14.3f %8.1fx\n", "sameline", sizeof(uint64_t),
           (double)best[1] / (double)n,
           best[0] ? (double)best[1] / (double)best[0] : 0);
    printf("false_sharing: counters in one %d B line are %.1fx slower: the "
           "line moves between the cores on every write\n",
           line, best[0] ? (double)best[1] / (double)best[0] : 0);
    /* Across two physical cores the penalty is several times. */
    if (two && best[0] && best[1] < 2 * best[0])
        printf("false_sharing: a small penalty: CPUs %d and %d may be "
               "hyperthreads of one physical core (many 2-vCPU VMs are)\n",
               cpus[0], cpus[1]);
}

int
probe_false_sharing(const struct probe_opts *o)
{
    int line = probe_line_bytes(), cpus[2], reps = probe_reps(o, 3, 5);
    size_t apart = (size_t)(2 * line > 128 ? 2 * line : 128);
    uint64_t n = o->quick ? 4u << 20 : 16u << 20, best[2] = {0, 0};
    bool two = probe_two_cpus(&cpus[0], &cpus[1]);
    char *mem = aligned_alloc(4096, 4096);

    if (mem == NULL)
        return -1;
    if (!two)
        cpus[0] = cpus[1] = -1;
    if (start_workers(cpus) != 0) {
        fprintf(stderr, "false_sharing: cannot start the threads\n");
        free(mem);
        return -1;
    }
    cpus[0] = workers_cpu[0]; /* where the first call pinned them */
    cpus[1] = workers_cpu[1];
    for (int r = 0; r < reps && !probe_stop; r++)
        for (int same = 1; same >= 0; same--) {
            _Atomic uint64_t *c0 = (_Atomic uint64_t *)mem;
            _Atomic uint64_t *c1 =
                (_Atomic uint64_t *)(mem + (same ? sizeof *c0 : apart));
            uint64_t dt = run(c0, c1, same, n);

            if (best[same] == 0 || dt < best[same])
                best[same] = dt;
        }
    if (!o->silent)
        report(cpus, two, n, reps, apart, line, best);
    free(mem);
    return 0;
}
