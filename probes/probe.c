/* SPDX-License-Identifier: MIT */
/* probe.c: clocks, random numbers, and this machine's caches from hwloc. */
#include "probe.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "topo.h"
#include "topology.h"

volatile sig_atomic_t probe_stop;

uint64_t
probe_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int
probe_reps(const struct probe_opts *o, int quick, int normal)
{
    if (o->reps > 0)
        return o->reps;
    return o->quick ? quick : normal;
}

uint64_t
probe_random(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1Dull;
}

int
probe_caches(uint64_t *sizes, char (*names)[8], int max)
{
    const struct topology *t = topo_this_machine();
    int levels[8], n, pu = -1;

    for (int i = 0; t != NULL && i < t->nobjs && pu < 0; i++)
        if (t->objs[i].type == TOPO_PU)
            pu = i;
    if (pu < 0)
        return 0;
    /* Seen from the first PU, as topology_data_levels does. */
    n = topology_data_levels(t, sizes, levels, max < 8 ? max : 8);
    for (int i = 0; i < n; i++) {
        int c = topology_data_cache(t, pu, levels[i]);

        topology_cache_name(names[i], sizeof names[i], levels[i],
                            c >= 0 ? t->objs[c].cache_type : TOPO_UNIFIED);
    }
    return n;
}

int
probe_line_bytes(void)
{
    const struct topology *t = topo_this_machine();

    for (int i = 0; t != NULL && i < t->ncaches; i++)
        if (t->caches[i].line_bytes >= 16 && t->caches[i].line_bytes <= 1024)
            return t->caches[i].line_bytes;
    return 64;
}

/* The core of CPU cpu (an index into the objects), or -1. */
static int
core_of(const struct topology *t, int cpu)
{
    int pu = topology_pu(t, cpu);

    return pu >= 0 ? topology_ancestor(t, pu, TOPO_CORE) : -1;
}

bool
probe_two_cpus(int *a, int *b)
{
    const struct topology *t = topo_this_machine();
    cpu_set_t set;

    *a = *b = -1;
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return false;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &set))
            continue;
        if (*a < 0) {
            *a = cpu;
        } else if (*b < 0 || (t != NULL && core_of(t, *b) == core_of(t, *a) &&
                              core_of(t, cpu) != core_of(t, *a))) {
            *b = cpu; /* a CPU of another core beats a sibling */
        }
    }
    return *b >= 0;
}

const char *
probe_size(char *buf, size_t len, uint64_t bytes)
{
    return topology_size(buf, len, bytes);
}
