/* SPDX-License-Identifier: MIT */
/* testrand.h: the tests' pseudo-random numbers, the same on every run. */
#ifndef HWTOP_TEST_RAND_H
#define HWTOP_TEST_RAND_H

#include <stdint.h>

/* xorshift64*: the next number from *state (never 0: it would stay 0). */
static inline uint64_t
testrand_next(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545f4914f6cdd1dULL;
}

#endif /* HWTOP_TEST_RAND_H */
