/* SPDX-License-Identifier: MIT */
/* sim_cache.c: this machine's caches, as valgrind can simulate them. */
#include "sim_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topo.h"

/* A real cache: size, line, ways (0 unknown, -1 fully associative). */
struct real_cache {
    uint64_t size_bytes;
    unsigned line_bytes;
    int ways;
};

/* L1i, L1d and the last level from hwloc; 0 when all three are known. */
static int
from_hwloc(struct real_cache rc[3])
{
    const struct topology *t = topo_this_machine();
    int ll_level = 0;

    if (t == NULL)
        return -1;
    for (int i = 0; i < t->ncaches; i++) {
        const struct topo_cache *c = &t->caches[i];
        struct real_cache r = {c->size_bytes, (unsigned)c->line_bytes, c->ways};

        if (c->level == 1 && c->cache_type == TOPO_INSTRUCTION)
            rc[0] = r;
        else if (c->level == 1 && c->cache_type == TOPO_DATA)
            rc[1] = r;
        if (c->cache_type != TOPO_INSTRUCTION && c->level > ll_level) {
            ll_level = c->level;
            rc[2] = r;
        }
    }
    return rc[0].size_bytes && rc[1].size_bytes && ll_level > 1 ? 0 : -1;
}

static uint64_t
sys_number(const char *dir, const char *file)
{
    char path[300], buf[64], *end;
    FILE *f;
    uint64_t v = 0;

    snprintf(path, sizeof path, "%s/%s", dir, file);
    if ((f = fopen(path, "re")) == NULL)
        return 0;
    if (fgets(buf, sizeof buf, f) != NULL) {
        v = strtoull(buf, &end, 10);
        if (*end == 'K')
            v <<= 10;
        else if (*end == 'M')
            v <<= 20;
    }
    fclose(f);
    return v;
}

/* The same from sysfs, where hwloc saw nothing. */
static int
from_sysfs(struct real_cache rc[3])
{
    uint64_t ll_level = 0;

    for (int i = 0; i < 16; i++) {
        char dir[64], path[96], type[32] = "";
        FILE *f;
        struct real_cache r;
        uint64_t level;

        snprintf(dir, sizeof dir, "/sys/devices/system/cpu/cpu0/cache/index%d",
                 i);
        snprintf(path, sizeof path, "%s/type", dir);
        if ((f = fopen(path, "re")) == NULL)
            break;
        if (fgets(type, sizeof type, f) == NULL)
            type[0] = '\0';
        fclose(f);
        level = sys_number(dir, "level");
        r.size_bytes = sys_number(dir, "size");
        r.line_bytes = (unsigned)sys_number(dir, "coherency_line_size");
        r.ways = (int)sys_number(dir, "ways_of_associativity");
        if (level == 1 && strncmp(type, "Instruction", 11) == 0)
            rc[0] = r;
        else if (level == 1 && strncmp(type, "Data", 4) == 0)
            rc[1] = r;
        if (strncmp(type, "Instruction", 11) != 0 && level > ll_level) {
            ll_level = level;
            rc[2] = r;
        }
    }
    return rc[0].size_bytes && rc[1].size_bytes && ll_level > 1 ? 0 : -1;
}

static void
fit(const char *name, const struct real_cache *r, struct sim_cache *c,
    unsigned default_ways, char *note, size_t nlen)
{
    char buf[64];
    size_t used = strlen(note);

    c->size_bytes = r->size_bytes;
    c->line_bytes = r->line_bytes;
    if (!sim_cache_legalize(c, r->ways, default_ways) || used + 1 >= nlen)
        return;
    snprintf(
        note + used, nlen - used, "%s%s %llu bytes, %d-way%s simulated as %s",
        used ? "; " : "--sim-cache=hwloc: ", name,
        (unsigned long long)r->size_bytes, r->ways,
        r->ways == 0 ? " (unknown)" : "", sim_cache_text(buf, sizeof buf, c));
}

void
sim_cache_choose(const char *spec, struct sim_geometry *g, char *what,
                 size_t wlen, char *note, size_t nlen)
{
    struct real_cache rc[3] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    char a[64], b[64], c[64];

    memset(g, 0, sizeof *g);
    note[0] = '\0';
    if (spec == NULL || strcmp(spec, "default") == 0) {
        snprintf(what, wlen, "default (valgrind's, from CPUID)");
        return;
    }
    if (strcmp(spec, "hwloc") != 0) {
        char err[200];

        sim_geometry_parse(spec, g, err, sizeof err);
        snprintf(what, wlen, "%s", spec);
        return;
    }
    if (from_hwloc(rc) != 0 && from_sysfs(rc) != 0) {
        snprintf(note, nlen,
                 "--sim-cache=hwloc: neither hwloc nor /sys "
                 "knows this machine's caches; valgrind's "
                 "default instead");
        snprintf(what, wlen, "default (hwloc knew no caches)");
        return;
    }
    /* Real caches: set counts that are not powers of two are fitted. */
    fit("L1i", &rc[0], &g->i1, 8, note, nlen);
    fit("L1d", &rc[1], &g->d1, 8, note, nlen);
    fit("LL", &rc[2], &g->ll, 16, note, nlen);
    snprintf(what, wlen, "hwloc: I1=%s,D1=%s,LL=%s",
             sim_cache_text(a, sizeof a, &g->i1),
             sim_cache_text(b, sizeof b, &g->d1),
             sim_cache_text(c, sizeof c, &g->ll));
}
