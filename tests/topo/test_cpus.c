/* SPDX-License-Identifier: MIT */
/* test_cpus.c: the cli reads the CPU a thread last ran on from /proc. */
#include <sched.h>
#include <unistd.h>

#include "check.h"
#include "cpus.h"

/*
 * Pins itself to each CPU it may use in turn (up to 8): /proc must then
 * say it runs there.  A thread that does not exist gives -1; cpus_fill
 * fills live threads only.
 */
int
main(void)
{
    cpu_set_t all, one;
    struct snap_thread th[3] = {
        {.pid = getpid(), .tid = gettid(), .state = 1, .cpu = -7},
        {.pid = getpid(), .tid = gettid(), .state = 2, .cpu = -7},
        {.pid = getpid(), .tid = 0x7ffffff0, .state = 1, .cpu = -7},
    };
    struct snapshot s = {.pid = getpid(), .nthreads = 3, .threads = th};
    int tried = 0;

    CHECK_EQ(sched_getaffinity(0, sizeof all, &all), 0);
    for (int cpu = 0; cpu < CPU_SETSIZE && tried < 8; cpu++) {
        if (!CPU_ISSET(cpu, &all))
            continue;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        CHECK_EQ(sched_setaffinity(0, sizeof one, &one), 0);
        sched_yield();
        CHECK_EQ(cpus_last(getpid(), gettid()), cpu);
        cpus_fill(&s);
        CHECK_EQ(th[0].cpu, cpu);
        tried++;
    }
    CHECK(tried > 0);
    CHECK_EQ(th[1].cpu, -1); /* exited */
    CHECK_EQ(th[2].cpu, -1); /* no such thread */
    CHECK_EQ(cpus_last(getpid(), 0), -1);
    CHECK_EQ(cpus_last(-1, 1), -1);
    printf("ok: %d CPUs\n", tried);
    return 0;
}
