/* SPDX-License-Identifier: MIT */
/* sim_cache.h: the cache geometry --sim asks callgrind to simulate. */
#ifndef HWTOP_SIM_CACHE_H
#define HWTOP_SIM_CACHE_H

#include <stddef.h>

#include "geometry.h"

/*
 * Fills g from a --sim-cache value: NULL or "default" leaves it empty
 * (valgrind picks, from CPUID); "hwloc" takes this machine's L1i, L1d and
 * last-level cache from hwloc (else /sys/devices/system/cpu/cpu0/cache),
 * fitted to what valgrind accepts; anything else is parsed as
 * I1=...,D1=...,LL=... (checked by the option parser already).  what gets
 * a description for the report; note a sentence when a cache had to be
 * changed or could not be found ("" otherwise).
 */
void sim_cache_choose(const char *spec, struct sim_geometry *g, char *what,
                      size_t wlen, char *note, size_t nlen);

#endif /* HWTOP_SIM_CACHE_H */
