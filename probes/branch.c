/* SPDX-License-Identifier: MIT */
/* branch.c: the same loop over sorted and shuffled bytes: the predictor's gap.
 */
#include <hwtop.h>
#include <stdio.h>
#include <stdlib.h>

#include "branchy.h"
#include "probe.h"

/*
 * branch_count() takes a branch on every byte (branchy.h): taken when
 * the byte is 128 or more.  Over sorted bytes the branch goes one way,
 * then the other, and the predictor is right almost always; over the
 * same bytes shuffled it is right half the time, and each wrong guess
 * throws away the work in flight.  Same instructions, same data, same
 * result.
 *
 * The compiler must keep the branch: a conditional move or a vectorised
 * loop would take the same time on both.  An empty volatile asm on the
 * taken side cannot be executed speculatively, so GCC cannot if-convert
 * it; CMake adds -fno-if-conversion -fno-if-conversion2
 * -fno-tree-vectorize to this file when the compiler knows them; and
 * tests/probes/branch_asm.sh disassembles branch_count to check for a
 * conditional jump and no cmov.
 */

#define BRANCH_BYTES (1u << 20)

uint64_t branch_count(const uint8_t *v, size_t n);

/* Not static (no clones, a stable symbol for the disassembly test). */
__attribute__((noinline)) uint64_t
branch_count(const uint8_t *v, size_t n)
{
    return branchy_sum(v, n);
}

static uint64_t
timed(const uint8_t *v, uint64_t *best, uint64_t *check)
{
    uint64_t t0 = probe_now_ns(), dt;

    *check += branch_count(v, BRANCH_BYTES);
    dt = probe_now_ns() - t0;
    if (*best == 0 || dt < *best)
        *best = dt;
    return dt;
}

/* a, b: ns per element sorted and shuffled. */
static void
report(double a, double b, int reps, uint64_t check)
{
    printf("branch: one loop, 'if (v[i] >= 128) sum += v[i]', over %u bytes "
           "sorted and shuffled, best of %d\n",
           BRANCH_BYTES, reps);
    printf("%-10s %12s %9s\n", "case", "ns/element", "vs sorted");
    printf("%-10s %12.3f %8.1fx\n", "sorted", a, 1.0);
    printf("%-10s %12.3f %8.1fx\n", "shuffled", b, a > 0 ? b / a : 0);
    /* Half the shuffled branches are mispredicted. */
    printf("branch: about %.1f ns lost per mispredicted branch (checksum "
           "%llu)\n",
           (b - a) * 2, (unsigned long long)check);
}

int
probe_branch(const struct probe_opts *o)
{
    uint8_t *shuffled = malloc(BRANCH_BYTES), *sorted = malloc(BRANCH_BYTES);
    uint64_t seed = 0x9E3779B97F4A7C15ull, best_sorted = 0, best_shuffled = 0;
    uint64_t check = 0;
    int reps = probe_reps(o, 8, 30);

    if (shuffled == NULL || sorted == NULL) {
        fprintf(stderr, "branch: out of memory\n");
        return -1;
    }
    for (size_t i = 0; i < BRANCH_BYTES; i++)
        shuffled[i] = (uint8_t)(probe_random(&seed) >> 56);
    branchy_sort(shuffled, sorted, BRANCH_BYTES);
    branch_count(sorted, BRANCH_BYTES); /* warm the caches */
    /* Interleaved, so that a slow moment of the machine hits both. */
    for (int r = 0; r < reps && !probe_stop; r++) {
        PERF_REGION_BEGIN("branch sorted");
        timed(sorted, &best_sorted, &check);
        PERF_REGION_END("branch sorted");
        PERF_REGION_BEGIN("branch shuffled");
        timed(shuffled, &best_shuffled, &check);
        PERF_REGION_END("branch shuffled");
    }
    if (!o->silent)
        report((double)best_sorted / BRANCH_BYTES,
               (double)best_shuffled / BRANCH_BYTES, reps, check);
    free(sorted);
    free(shuffled);
    return 0;
}
