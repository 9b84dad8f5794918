/* SPDX-License-Identifier: MIT */
/* topology.h: the machine as plain data: packages, NUMA nodes, caches, cores.
 */
#ifndef HWTOP_TOPOLOGY_H
#define HWTOP_TOPOLOGY_H

#include <stddef.h>
#include <stdint.h>

/*
 * Filled by src/topo from hwloc (this machine, or a saved XML), read by
 * `hwtop topo`, the TUI's topology view and the report's metadata.  The
 * objects are the hwloc tree in depth-first order (a parent before its
 * children, NUMA nodes before the other children of their parent), so
 * the tree is drawn by walking the array.  I/O and misc objects are left
 * out.
 */

enum topo_type {
    TOPO_MACHINE,
    TOPO_PACKAGE,
    TOPO_DIE,
    TOPO_GROUP,
    TOPO_NUMA,
    TOPO_CACHE,
    TOPO_CORE,
    TOPO_PU,
    TOPO_TYPE_COUNT
};

enum topo_cache_type {
    TOPO_UNIFIED,
    TOPO_DATA,
    TOPO_INSTRUCTION,
};

#define TOPO_TEXT 128
#define TOPO_MAX_CACHES 16 /* distinct kinds of cache in the summary */

struct topo_obj {
    int type;       /* enum topo_type */
    int parent;     /* index into objs, -1 for the machine */
    int depth;      /* 0 for the machine */
    int logical;    /* hwloc's logical index within its type */
    int os_index;   /* the OS's number (CPU number of a PU), -1 when none */
    int level;      /* caches: 1, 2, 3...; 0 otherwise */
    int cache_type; /* enum topo_cache_type, caches only */
    uint64_t size_bytes; /* cache size, or a NUMA node's local memory */
    int line_bytes;      /* caches; 0 when unknown */
    int ways;            /* caches; 0 unknown, -1 fully associative */
    int ncores, npus;    /* below it (a PU counts itself; a NUMA node,
                            which has no children, those it serves) */
    char *cpuset;        /* owned: the PUs below, "0-3,8-11" */
};

/* One kind of cache: every instance with the same level, type, size,
 * line, ways and sharing, e.g. "L2, 1 MiB, 64 B, 8 ways, x8, each for 1
 * core".  Machines with two kinds of cores have two rows per level. */
struct topo_cache {
    int level;
    int cache_type;
    uint64_t size_bytes;
    int line_bytes;
    int ways;
    int count;                /* instances */
    int cores_each, pus_each; /* below one instance */
};

struct topology {
    char cpu_model[TOPO_TEXT];  /* "" when unknown */
    char cpu_vendor[TOPO_TEXT]; /* "" when unknown */
    char hwloc_version[32];     /* of the library that loaded it */
    char source[512];           /* "this machine", "FILE.xml" */
    char backend[64];           /* hwloc's discovery: "Linux", "x86" */
    int npackages, nnuma, ncores, npus;
    uint64_t memory_bytes; /* all NUMA nodes */
    int nobjs;
    struct topo_obj *objs; /* owned */
    int ncaches;
    struct topo_cache caches[TOPO_MAX_CACHES]; /* by level, then type */
};

/* Appends an object (cpuset is copied); returns its index or -ENOMEM. */
int topology_add(struct topology *t, const struct topo_obj *o);
/* Counts cores and PUs below each object, the machine's totals and the
 * cache summary.  Call once the objects are all added. */
void topology_finish(struct topology *t);
/* Frees what t owns and zeroes it; NULL is a no-op. */
void topology_fini(struct topology *t);

/* "package", "numa", "cache", "core"... (CSV and JSON type names). */
const char *topology_type_name(int type);
/* "unified", "data", "instruction". */
const char *topology_cache_type_name(int cache_type);
/* A cache's short name: "L1d", "L1i", "L2", "L3" (unified ones bare). */
const char *topology_cache_name(char *buf, size_t len, int level,
                                int cache_type);
/* Bytes in binary units, exact when they can be: "48 KiB", "1 MiB",
 * "5.71 GiB". */
const char *topology_size(char *buf, size_t len, uint64_t bytes);
/* Associativity in words: "12-way", "full", "?" when unknown. */
const char *topology_ways(char *buf, size_t len, int ways);

/* Index of the PU whose OS number is cpu, or -1. */
int topology_pu(const struct topology *t, int cpu);
/* The nearest ancestor of object i (i itself excluded) of the given type,
 * or -1. */
int topology_ancestor(const struct topology *t, int i, int type);
/* The data (or unified) cache of the given level above PU index pu, or
 * -1: what the PU reads through. */
int topology_data_cache(const struct topology *t, int pu, int level);
/* The size of the data or unified cache of each level, smallest level
 * first, as seen from the first PU: up to max entries into sizes (and
 * levels, when not NULL).  Returns how many. */
int topology_data_levels(const struct topology *t, uint64_t *sizes, int *levels,
                         int max);

#endif /* HWTOP_TOPOLOGY_H */
