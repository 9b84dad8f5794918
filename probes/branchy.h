/* SPDX-License-Identifier: MIT */
/* branchy.h: a loop with a data-dependent branch, and its data sorted. */
#ifndef HWTOP_PROBE_BRANCHY_H
#define HWTOP_PROBE_BRANCHY_H

#include <stddef.h>
#include <stdint.h>

/*
 * branchy_sum() takes a branch on every byte: taken when the byte is 128
 * or more.  Over sorted bytes the predictor learns the pattern; over the
 * same bytes shuffled it guesses wrong about half the time.  An empty
 * volatile asm on the taken side cannot be executed speculatively, so
 * the compiler cannot turn the branch into a conditional move.
 *
 * Always inlined: each program (branch.c, example.c, tests/sim) wraps it
 * in a function of its own that is not, so that sorted and shuffled run
 * the very same code, compiled with that program's flags.
 */
static inline __attribute__((always_inline)) uint64_t
branchy_sum(const uint8_t *v, size_t n)
{
    uint64_t sum = 0;

    for (size_t i = 0; i < n; i++)
        if (v[i] >= 128) {
            __asm__ volatile("");
            sum += v[i];
        }
    return sum;
}

/* The same bytes in ascending order (a counting sort). */
static inline void
branchy_sort(const uint8_t *in, uint8_t *out, size_t n)
{
    size_t count[256] = {0}, o = 0;

    for (size_t i = 0; i < n; i++)
        count[in[i]]++;
    for (unsigned b = 0; b < 256; b++)
        for (size_t k = 0; k < count[b]; k++)
            out[o++] = (uint8_t)b;
}

#endif /* HWTOP_PROBE_BRANCHY_H */
