/* SPDX-License-Identifier: MIT */
/* topology.c: building, summarising and querying the machine's tree. */
#include "topology.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
topology_add(struct topology *t, const struct topo_obj *o)
{
    struct topo_obj *objs, *n;

    /* The capacity is 16, then doubles: full at each power of two. */
    if (t->nobjs == 0 || (t->nobjs >= 16 && (t->nobjs & (t->nobjs - 1)) == 0)) {
        size_t cap = t->nobjs ? (size_t)t->nobjs * 2 : 16;

        objs = realloc(t->objs, cap * sizeof *objs);
        if (objs == NULL)
            return -ENOMEM;
        t->objs = objs;
    }
    n = &t->objs[t->nobjs];
    *n = *o;
    n->cpuset = strdup(o->cpuset != NULL ? o->cpuset : "");
    if (n->cpuset == NULL)
        return -ENOMEM;
    return t->nobjs++;
}

static int
cache_cmp(const void *a, const void *b)
{
    const struct topo_cache *x = a, *y = b;

    if (x->level != y->level)
        return x->level - y->level;
    if (x->cache_type != y->cache_type) /* data before instruction */
        return x->cache_type - y->cache_type;
    return x->size_bytes < y->size_bytes   ? -1
           : x->size_bytes > y->size_bytes ? 1
                                           : x->cores_each - y->cores_each;
}

static void
summarise_cache(struct topology *t, const struct topo_obj *o)
{
    struct topo_cache *c;

    for (int i = 0; i < t->ncaches; i++) {
        c = &t->caches[i];
        if (c->level == o->level && c->cache_type == o->cache_type &&
            c->size_bytes == o->size_bytes && c->line_bytes == o->line_bytes &&
            c->ways == o->ways && c->cores_each == o->ncores &&
            c->pus_each == o->npus) {
            c->count++;
            return;
        }
    }
    if (t->ncaches == TOPO_MAX_CACHES)
        return;
    c = &t->caches[t->ncaches++];
    *c = (struct topo_cache){o->level,      o->cache_type, o->size_bytes,
                             o->line_bytes, o->ways,       1,
                             o->ncores,     o->npus};
}

void
topology_finish(struct topology *t)
{
    t->npackages = t->nnuma = t->ncores = t->npus = 0;
    t->memory_bytes = 0;
    t->ncaches = 0;
    for (int i = 0; i < t->nobjs; i++)
        t->objs[i].ncores = t->objs[i].npus = 0;
    /* Children come after their parents: walking backwards adds each
     * object's counts to its parent after they are complete. */
    for (int i = t->nobjs - 1; i >= 0; i--) {
        struct topo_obj *o = &t->objs[i];

        if (o->type == TOPO_PU)
            o->npus = 1;
        if (o->type == TOPO_CORE)
            o->ncores = 1;
        if (o->parent >= 0 && o->parent < i) {
            t->objs[o->parent].ncores += o->ncores;
            t->objs[o->parent].npus += o->npus;
        }
    }
    for (int i = 0; i < t->nobjs; i++) {
        struct topo_obj *o = &t->objs[i];

        /* A NUMA node has no children: it serves its parent's CPUs. */
        if (o->type == TOPO_NUMA && o->parent >= 0 && o->parent < i) {
            o->ncores = t->objs[o->parent].ncores;
            o->npus = t->objs[o->parent].npus;
        }
        t->npackages += o->type == TOPO_PACKAGE;
        t->ncores += o->type == TOPO_CORE;
        t->npus += o->type == TOPO_PU;
        if (o->type == TOPO_NUMA) {
            t->nnuma++;
            t->memory_bytes += o->size_bytes;
        }
        if (o->type == TOPO_CACHE)
            summarise_cache(t, o);
    }
    qsort(t->caches, (size_t)t->ncaches, sizeof t->caches[0], cache_cmp);
}

void
topology_fini(struct topology *t)
{
    if (t == NULL)
        return;
    for (int i = 0; i < t->nobjs; i++)
        free(t->objs[i].cpuset);
    free(t->objs);
    memset(t, 0, sizeof *t);
}

const char *
topology_type_name(int type)
{
    static const char *const names[TOPO_TYPE_COUNT] = {
        "machine", "package", "die", "group", "numa", "cache", "core", "pu"};

    return type >= 0 && type < TOPO_TYPE_COUNT ? names[type] : "unknown";
}

const char *
topology_cache_type_name(int cache_type)
{
    static const char *const names[] = {"unified", "data", "instruction"};

    return cache_type >= 0 && cache_type <= TOPO_INSTRUCTION ? names[cache_type]
                                                             : "unknown";
}

const char *
topology_cache_name(char *buf, size_t len, int level, int cache_type)
{
    snprintf(buf, len, "L%d%s", level,
             cache_type == TOPO_DATA          ? "d"
             : cache_type == TOPO_INSTRUCTION ? "i"
                                              : "");
    return buf;
}

const char *
topology_size(char *buf, size_t len, uint64_t bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = (double)bytes;
    int u = 0;

    while (u < 4 && bytes >= (1ull << (10 * (u + 1))))
        u++;
    if (bytes % (1ull << (10 * u)) == 0) {
        snprintf(buf, len, "%" PRIu64 " %s", bytes >> (10 * u), units[u]);
        return buf;
    }
    v /= (double)(1ull << (10 * u));
    snprintf(buf, len, "%.*f %s", v < 10 ? 2 : v < 100 ? 1 : 0, v, units[u]);
    return buf;
}

const char *
topology_ways(char *buf, size_t len, int ways)
{
    if (ways < 0)
        snprintf(buf, len, "full");
    else if (ways == 0)
        snprintf(buf, len, "?");
    else
        snprintf(buf, len, "%d-way", ways);
    return buf;
}

int
topology_pu(const struct topology *t, int cpu)
{
    for (int i = 0; t != NULL && i < t->nobjs; i++)
        if (t->objs[i].type == TOPO_PU && t->objs[i].os_index == cpu)
            return i;
    return -1;
}

int
topology_ancestor(const struct topology *t, int i, int type)
{
    /* A parent comes before its child: the walk always ends. */
    for (int p = t->objs[i].parent; p >= 0 && p < i;
         i = p, p = t->objs[p].parent)
        if (t->objs[p].type == type)
            return p;
    return -1;
}

int
topology_data_cache(const struct topology *t, int pu, int level)
{
    for (int i = pu; i >= 0; i = topology_ancestor(t, i, TOPO_CACHE)) {
        const struct topo_obj *o = &t->objs[i];

        if (o->type == TOPO_CACHE && o->level == level &&
            o->cache_type != TOPO_INSTRUCTION)
            return i;
    }
    return -1;
}

int
topology_data_levels(const struct topology *t, uint64_t *sizes, int *levels,
                     int max)
{
    int pu = -1, n = 0;

    for (int i = 0; i < t->nobjs && pu < 0; i++)
        if (t->objs[i].type == TOPO_PU)
            pu = i;
    if (pu < 0)
        return 0;
    for (int level = 1; level <= 8 && n < max; level++) {
        int c = topology_data_cache(t, pu, level);

        if (c < 0 || t->objs[c].size_bytes == 0)
            continue;
        sizes[n] = t->objs[c].size_bytes;
        if (levels != NULL)
            levels[n] = level;
        n++;
    }
    return n;
}
