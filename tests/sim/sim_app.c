/* SPDX-License-Identifier: MIT */
/* sim_app.c: programs with known simulated behaviour, for hwtop --sim. */

/*
 * usage: sim_app branch | cache | nest | many N | threads | crash
 * branch:  the same bytes, sorted then shuffled, through one loop with a
 *          data-dependent branch: regions "sorted" and "shuffled".
 * cache:   "small": passes over 8 KiB (inside any L1); "chase": a random
 *          pointer chase through 4 MiB of 64-byte nodes, one step a node.
 * nest:    "outer" with work of its own around "inner a" and "inner b".
 * many N:  "tiny" called N times inside "loop": a few dozen instructions
 *          and eight coin-flip branches each.
 * threads: two threads in region "work", one over sorted bytes, one over
 *          shuffled; named "sorted" and "shuffled".
 * crash:   a segmentation fault inside region "doomed".
 * Prints "fixture: key=value" facts (the tests read them); exits 0.
 */
#include <hwtop.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "branchy.h"
#include "testrand.h"

#define BYTES (1u << 16)
#define NODE 64

/* The branch the tests are about (probes/branchy.h), not inlined: the
 * same code for sorted and shuffled. */
__attribute__((noinline)) uint64_t
count_high(const uint8_t *v, size_t n)
{
    return branchy_sum(v, n);
}

static void
make_bytes(uint8_t *shuffled, uint8_t *sorted, size_t n)
{
    uint64_t seed = 0x9E3779B97F4A7C15ull;

    for (size_t i = 0; i < n; i++)
        shuffled[i] = (uint8_t)(testrand_next(&seed) >> 56);
    branchy_sort(shuffled, sorted, n);
}

static int
branch(void)
{
    uint8_t *shuffled = malloc(BYTES), *sorted = malloc(BYTES);
    uint64_t check = 0;

    make_bytes(shuffled, sorted, BYTES);
    check += count_high(sorted, BYTES) + count_high(shuffled, BYTES);
    PERF_REGION_BEGIN("sorted");
    check += count_high(sorted, BYTES);
    PERF_REGION_END("sorted");
    PERF_REGION_BEGIN("shuffled");
    check += count_high(shuffled, BYTES);
    PERF_REGION_END("shuffled");
    printf("fixture: elements=%u\nfixture: check=%llu\n", BYTES,
           (unsigned long long)check);
    free(shuffled);
    free(sorted);
    return 0;
}

/* One node per cache line, linked in one random cycle (Sattolo). */
static void **
make_chase(size_t nodes)
{
    char *mem = aligned_alloc(NODE, nodes * NODE);
    size_t *order = malloc(nodes * sizeof *order);
    uint64_t seed = 42;

    for (size_t i = 0; i < nodes; i++)
        order[i] = i;
    for (size_t i = nodes - 1; i > 0; i--) {
        size_t j = testrand_next(&seed) % i, t = order[i];

        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < nodes; i++)
        *(void **)(mem + order[i] * NODE) = mem + order[(i + 1) % nodes] * NODE;
    free(order);
    return (void **)mem;
}

__attribute__((noinline)) static void *
chase(void **p, size_t steps)
{
    while (steps-- > 0)
        p = *p;
    return p;
}

__attribute__((noinline)) static uint64_t
sweep(const volatile uint64_t *v, size_t n, int passes)
{
    uint64_t sum = 0;

    for (int k = 0; k < passes; k++)
        for (size_t i = 0; i < n; i++)
            sum += v[i];
    return sum;
}

static int
cache(void)
{
    size_t nodes = (4u << 20) / NODE, small = 8192 / sizeof(uint64_t);
    uint64_t *v, sum;
    void **p, *end;

    /* hwtop starts up at its first region, touching memory of its own:
     * before the warm-up pass, so that "small" finds its data in L1. */
    PERF_REGION_BEGIN("setup");
    v = calloc(small, sizeof *v);
    p = make_chase(nodes);
    PERF_REGION_END("setup");
    sum = sweep(v, small, 1);
    PERF_REGION_BEGIN("small");
    sum += sweep(v, small, 64);
    PERF_REGION_END("small");
    PERF_REGION_BEGIN("chase");
    end = chase(p, nodes);
    PERF_REGION_END("chase");
    printf("fixture: small_reads=%zu\nfixture: steps=%zu\n", small * 64, nodes);
    printf("fixture: check=%llu %d\n", (unsigned long long)sum, end == p);
    free(v);
    free(p);
    return 0;
}

__attribute__((noinline)) static uint64_t
spin(uint64_t n)
{
    volatile uint64_t x = 0;

    for (uint64_t i = 0; i < n; i++)
        x += i;
    return x;
}

static int
nest(void)
{
    uint64_t sum = 0;

    PERF_REGION_BEGIN("outer");
    sum += spin(5000);
    for (int i = 0; i < 3; i++) {
        PERF_REGION_BEGIN("inner a");
        sum += spin(2000);
        PERF_REGION_END("inner a");
        sum += spin(100);
    }
    PERF_REGION_BEGIN("inner b");
    sum += spin(7000);
    PERF_REGION_END("inner b");
    PERF_REGION_END("outer");
    printf("fixture: check=%llu\n", (unsigned long long)sum);
    return 0;
}

static int
many(long n)
{
    uint64_t seed = 7, sum = 0;

    PERF_REGION_BEGIN("loop");
    for (long i = 0; i < n; i++) {
        PERF_REGION_BEGIN("tiny");
        uint64_t x = testrand_next(&seed);

        for (int k = 0; k < 8; k++)
            if ((x >> (8 * k)) & 1) {
                __asm__ volatile("");
                sum += (unsigned)k;
            }
        PERF_REGION_END("tiny");
    }
    PERF_REGION_END("loop");
    printf("fixture: calls=%ld\nfixture: check=%llu\n", n,
           (unsigned long long)sum);
    return 0;
}

struct worker {
    const char *name;
    const uint8_t *v;
    uint64_t sum;
};

static void *
work(void *arg)
{
    struct worker *w = arg;

    hwtop_thread_name(w->name);
    for (int k = 0; k < 4; k++) {
        PERF_REGION("work");
        w->sum += count_high(w->v, BYTES);
    }
    return NULL;
}

static int
threads(void)
{
    uint8_t *shuffled = malloc(BYTES), *sorted = malloc(BYTES);
    struct worker w[2] = {{"sorted", NULL, 0}, {"shuffled", NULL, 0}};
    pthread_t t[2];

    make_bytes(shuffled, sorted, BYTES);
    w[0].v = sorted;
    w[1].v = shuffled;
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, work, &w[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("fixture: elements=%u\nfixture: check=%llu\n", BYTES * 4,
           (unsigned long long)(w[0].sum + w[1].sum));
    free(shuffled);
    free(sorted);
    return 0;
}

static int *volatile nowhere; /* NULL, and the compiler cannot know */

static int
crash(void)
{
    PERF_REGION_BEGIN("doomed");
    spin(10000);
    fflush(stdout);
    *nowhere = 1;
    PERF_REGION_END("doomed");
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "branch") == 0)
        return branch();
    if (argc >= 2 && strcmp(argv[1], "cache") == 0)
        return cache();
    if (argc >= 2 && strcmp(argv[1], "nest") == 0)
        return nest();
    if (argc >= 3 && strcmp(argv[1], "many") == 0)
        return many(atol(argv[2]));
    if (argc >= 2 && strcmp(argv[1], "threads") == 0)
        return threads();
    if (argc >= 2 && strcmp(argv[1], "crash") == 0)
        return crash();
    fprintf(stderr, "usage: sim_app branch|cache|nest|many N|threads|crash\n");
    return 2;
}
