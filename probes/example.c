/* SPDX-License-Identifier: MIT */
/* example.c: a tiny instrumented program, two pairs of regions that differ
 * only in how they treat the hardware. */
#include <hwtop.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "branchy.h"

/*
 * branch_sorted / branch_shuffled: the same loop over the same bytes, once
 * sorted (the branch predictor learns the pattern), once shuffled (it
 * guesses wrong about half the time).
 *
 * sweep_rows / sweep_columns: the same sum over the same matrix, once along
 * its rows (every byte of each cache line is used), once down its columns
 * (one int per cache line, and the matrix is bigger than the caches).
 *
 * Usage: example [ROUNDS]   (default 20; a round takes about 0.1 s)
 */

#define NBYTES (1u << 22)
#define ROWS 2048u
#define COLS 4096u

/* Not inlined, so that sorted and shuffled run the very same code: a
 * branch on every byte, taken for 128 or more (branchy.h). */
static __attribute__((noinline)) uint64_t
count_big(const uint8_t *v, size_t n)
{
    return branchy_sum(v, n);
}

static __attribute__((noinline)) uint64_t
sum_rows(const uint32_t *m)
{
    uint64_t sum = 0;

    for (size_t r = 0; r < ROWS; r++)
        for (size_t c = 0; c < COLS; c++)
            sum += m[r * COLS + c];
    return sum;
}

static __attribute__((noinline)) uint64_t
sum_columns(const uint32_t *m)
{
    uint64_t sum = 0;

    for (size_t c = 0; c < COLS; c++)
        for (size_t r = 0; r < ROWS; r++)
            sum += m[r * COLS + c];
    return sum;
}

static uint32_t
xorshift(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Touches every page of a fresh matrix: the page faults land here. */
static uint32_t *
matrix_new(void)
{
    PERF_REGION("init_matrix");
    uint32_t *m = malloc((size_t)ROWS * COLS * sizeof *m);

    if (m == NULL)
        return NULL;
    for (size_t i = 0; i < (size_t)ROWS * COLS; i++)
        m[i] = (uint32_t)i;
    return m;
}

int
main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 20;
    uint8_t *shuffled = malloc(NBYTES), *sorted = malloc(NBYTES);
    uint32_t *m = matrix_new(), seed = 2463534242u;
    uint64_t check = 0;

    if (shuffled == NULL || sorted == NULL || m == NULL) {
        fprintf(stderr, "example: out of memory\n");
        return 1;
    }
    hwtop_thread_name("main");
    for (size_t i = 0; i < NBYTES; i++)
        shuffled[i] = (uint8_t)xorshift(&seed);
    branchy_sort(shuffled, sorted, NBYTES);

    for (int i = 0; i < rounds; i++) {
        PERF_REGION("round");

        PERF_REGION_BEGIN("branch_sorted");
        check += count_big(sorted, NBYTES);
        PERF_REGION_END("branch_sorted");

        PERF_REGION_BEGIN("branch_shuffled");
        check += count_big(shuffled, NBYTES);
        PERF_REGION_END("branch_shuffled");

        {
            PERF_REGION("sweep_rows");
            check += sum_rows(m);
        }
        {
            PERF_REGION("sweep_columns");
            check += sum_columns(m);
        }
    }
    /* Printed so that the compiler cannot drop the work. */
    printf("example: %d rounds, checksum %llu\n", rounds,
           (unsigned long long)check);
    free(m);
    free(sorted);
    free(shuffled);
    return 0;
}
