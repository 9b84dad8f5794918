/* SPDX-License-Identifier: MIT */
/* pinned.c: a fixture: two threads pinned to one CPU, each in a region. */
#include <hwtop.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

/*
 * pin-a and pin-b run on the first CPU this process may use, so they
 * share every cache of that CPU; main runs anywhere.  Each opens the
 * region "pinned" and sleeps in it until the process is killed.
 */

static int the_cpu = -1;

static void *
run(void *name)
{
    cpu_set_t one;

    CPU_ZERO(&one);
    CPU_SET(the_cpu, &one);
    sched_setaffinity(0, sizeof one, &one);
    hwtop_thread_name(name);
    PERF_REGION_BEGIN("pinned");
    for (;;)
        usleep(20000); /* wakes up on its CPU: /proc keeps saying it */
    return NULL;
}

int
main(void)
{
    pthread_t a, b;
    cpu_set_t all;

    sched_getaffinity(0, sizeof all, &all);
    for (int cpu = 0; cpu < CPU_SETSIZE && the_cpu < 0; cpu++)
        if (CPU_ISSET(cpu, &all))
            the_cpu = cpu;
    hwtop_thread_name("main");
    pthread_create(&a, NULL, run, "pin-a");
    pthread_create(&b, NULL, run, "pin-b");
    PERF_REGION_BEGIN("waiting");
    pthread_join(a, NULL);
    return 0;
}
