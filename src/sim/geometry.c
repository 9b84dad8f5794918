/* SPDX-License-Identifier: MIT */
/* geometry.c: parsing --sim-cache and fitting caches to valgrind's rules. */
#include "geometry.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
pow2(uint64_t v)
{
    return v != 0 && (v & (v - 1)) == 0;
}

const char *
sim_cache_check(const struct sim_cache *c)
{
    uint64_t way_bytes = (uint64_t)c->ways * c->line_bytes;

    if (c->ways == 0 || c->line_bytes == 0)
        return "ways and line size must be at least 1";
    if (!pow2(c->line_bytes) || c->line_bytes < 16)
        return "the line size must be a power of two, 16 bytes or more";
    if (c->size_bytes <= c->line_bytes)
        return "the size must be more than one line";
    if (c->ways > c->size_bytes / c->line_bytes)
        return "more ways than lines";
    if (c->size_bytes % way_bytes != 0 || !pow2(c->size_bytes / way_bytes))
        return "the set count (size / (ways * line)) must be a power of two";
    return NULL;
}

/* "SIZE,WAYS,LINE" at p, up to end. */
static int
parse_cache(const char *p, const char *end, struct sim_cache *c)
{
    char buf[96], *q;
    unsigned long long v[3];

    if ((size_t)(end - p) >= sizeof buf)
        return -EINVAL;
    memcpy(buf, p, (size_t)(end - p));
    buf[end - p] = '\0';
    q = buf;
    for (int i = 0; i < 3; i++) {
        char *e;

        if (*q < '0' || *q > '9')
            return -EINVAL;
        errno = 0;
        v[i] = strtoull(q, &e, 10);
        if (errno != 0 || (i < 2 && *e != ',') || (i == 2 && *e != '\0'))
            return -EINVAL;
        q = e + 1;
    }
    if (v[1] > UINT32_MAX || v[2] > UINT32_MAX)
        return -EINVAL;
    c->size_bytes = v[0];
    c->ways = (unsigned)v[1];
    c->line_bytes = (unsigned)v[2];
    return 0;
}

/* The next "I1=", "D1=" or "LL=" at or after p (after a comma), or end. */
static const char *
next_key(const char *p, const char *end)
{
    for (; p < end; p++)
        if ((p + 3 <= end) &&
            (strncmp(p, ",I1=", 4) == 0 || strncmp(p, ",D1=", 4) == 0 ||
             strncmp(p, ",LL=", 4) == 0))
            return p;
    return end;
}

int
sim_geometry_parse(const char *spec, struct sim_geometry *g, char *err,
                   size_t errlen)
{
    const char *p = spec, *end = spec + strlen(spec);

    memset(g, 0, sizeof *g);
    while (p < end) {
        const char *stop = next_key(p, end), *why;
        struct sim_cache *c = strncmp(p, "I1=", 3) == 0   ? &g->i1
                              : strncmp(p, "D1=", 3) == 0 ? &g->d1
                              : strncmp(p, "LL=", 3) == 0 ? &g->ll
                                                          : NULL;

        if (c == NULL || c->size_bytes != 0 ||
            parse_cache(p + 3, stop, c) != 0) {
            snprintf(err, errlen,
                     "--sim-cache '%.80s': expected hwloc, default, or "
                     "I1=SIZE,WAYS,LINE, D1=... and LL=... (bytes), "
                     "comma separated",
                     spec);
            return -EINVAL;
        }
        if ((why = sim_cache_check(c)) != NULL) {
            snprintf(err, errlen, "--sim-cache %.2s: %s", p, why);
            return -EINVAL;
        }
        p = stop < end ? stop + 1 : end;
    }
    return 0;
}

static uint64_t
floor_pow2(uint64_t v)
{
    return v == 0 ? 0 : 1ull << (63 - __builtin_clzll(v));
}

bool
sim_cache_legalize(struct sim_cache *c, int ways_in, unsigned default_ways)
{
    struct sim_cache orig = *c;
    uint64_t lines;

    if (!pow2(c->line_bytes) || c->line_bytes < 16)
        c->line_bytes = 64;
    lines = c->size_bytes / c->line_bytes;
    /* Fully associative or unknown: valgrind's LRU walks every way of a
     * set, so a big fully associative cache would crawl. */
    c->ways = ways_in > 0 ? (unsigned)ways_in : default_ways;
    if (c->ways > lines)
        c->ways = (unsigned)(lines ? lines : 1);
    /* Keep the size: another associativity may give 2^k sets. */
    for (unsigned w = c->ways; w <= 2 * c->ways && sim_cache_check(c); w++) {
        struct sim_cache t = *c;

        t.ways = w;
        if (sim_cache_check(&t) == NULL)
            *c = t;
    }
    if (sim_cache_check(c) != NULL) {
        uint64_t sets = floor_pow2(lines / c->ways);

        c->size_bytes = (sets ? sets : 1) * c->ways * c->line_bytes;
    }
    return ways_in <= 0 || c->ways != (unsigned)ways_in ||
           c->size_bytes != orig.size_bytes || c->line_bytes != orig.line_bytes;
}

const char *
sim_cache_text(char *buf, size_t len, const struct sim_cache *c)
{
    snprintf(buf, len, "%" PRIu64 ",%u,%u", c->size_bytes, c->ways,
             c->line_bytes);
    return buf;
}
