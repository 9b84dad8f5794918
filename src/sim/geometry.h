/* SPDX-License-Identifier: MIT */
/* geometry.h: simulated cache geometries: --sim-cache, and what valgrind takes.
 */
#ifndef HWTOP_SIM_GEOMETRY_H
#define HWTOP_SIM_GEOMETRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim_cache {
    uint64_t size_bytes; /* 0: not given (valgrind picks) */
    unsigned ways;       /* associativity */
    unsigned line_bytes;
};

struct sim_geometry {
    struct sim_cache i1, d1, ll;
};

/*
 * Parses "I1=SIZE,WAYS,LINE,D1=...,LL=..." (valgrind's --I1/--D1/--LL
 * values; any of the three, in any order) into g (zeroed first).
 * Returns 0, or -EINVAL with a reason in err.  Each cache given must be
 * one valgrind accepts (sim_cache_check).
 */
int sim_geometry_parse(const char *spec, struct sim_geometry *g, char *err,
                       size_t errlen);

/* NULL when valgrind accepts c, else why not: its set count
 * (size / (ways * line)) must be a power of two, its line a power of two
 * of at least 16 bytes, ways at most size / line. */
const char *sim_cache_check(const struct sim_cache *c);

/*
 * Turns a real cache (size and line in c; ways_in 0 when unknown, -1
 * fully associative: both become default_ways) into the nearest one
 * valgrind accepts, keeping the size when another associativity (up to
 * twice the given one) gives a power-of-two set count, else rounding the
 * set count down.  Returns true when it is not the cache given.
 */
bool sim_cache_legalize(struct sim_cache *c, int ways_in,
                        unsigned default_ways);

/* "32768,8,64", valgrind's form. */
const char *sim_cache_text(char *buf, size_t len, const struct sim_cache *c);

#endif /* HWTOP_SIM_GEOMETRY_H */
