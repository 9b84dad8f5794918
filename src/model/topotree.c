/* SPDX-License-Identifier: MIT */
/* topotree.c: lays the topology out as lines: chains merged, PUs on cores. */
#include "topotree.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
topotree_label(char *buf, size_t len, const struct topology *t, int i)
{
    const struct topo_obj *o = &t->objs[i];
    char name[16], size[32];

    switch (o->type) {
    case TOPO_CACHE:
        topology_cache_name(name, sizeof name, o->level, o->cache_type);
        topology_size(size, sizeof size, o->size_bytes);
        /* A core's own caches are said by the line they share with it. */
        if (o->ncores > 1)
            snprintf(buf, len, "%s %s (%d cores, PUs %s)", name, size,
                     o->ncores, o->cpuset);
        else
            snprintf(buf, len, "%s %s", name, size);
        break;
    case TOPO_NUMA:
        snprintf(buf, len, "NUMA %d: %s", o->os_index,
                 topology_size(size, sizeof size, o->size_bytes));
        break;
    case TOPO_PU:
        snprintf(buf, len, "PU %d", o->os_index);
        break;
    case TOPO_CORE:
        snprintf(buf, len, "Core %d: PU%s %s", o->logical,
                 o->npus > 1 ? "s" : "", o->cpuset);
        break;
    case TOPO_PACKAGE:
        snprintf(buf, len, "Package %d", o->logical);
        break;
    case TOPO_DIE:
        snprintf(buf, len, "Die %d", o->logical);
        break;
    case TOPO_GROUP:
        snprintf(buf, len, "Group %d", o->logical);
        break;
    default:
        snprintf(buf, len, "Machine");
    }
    return buf;
}

const char *
topotree_text(char *buf, size_t len, const struct topology *t,
              const struct topo_line *l)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int i = l->first; i <= l->last && used + 1 < len; i++) {
        char one[256];
        int n =
            snprintf(buf + used, len - used, "%s%s", i > l->first ? " + " : "",
                     topotree_label(one, sizeof one, t, i));

        if (n < 0)
            break;
        used += (size_t)n < len - used ? (size_t)n : len - used - 1;
    }
    return buf;
}

/* The only child of object i, or -1 when it has none or several. */
static int
only_child(const struct topology *t, int i)
{
    int child = -1;

    for (int k = i + 1; k < t->nobjs && t->objs[k].depth > t->objs[i].depth;
         k++) {
        if (t->objs[k].parent != i)
            continue;
        if (child >= 0)
            return -1;
        child = k;
    }
    return child;
}

/* Caches and cores chain down to the next cache or core. */
static bool
mergeable(const struct topo_obj *parent, const struct topo_obj *child)
{
    return (parent->type == TOPO_CACHE || parent->type == TOPO_CORE) &&
           (child->type == TOPO_CACHE || child->type == TOPO_CORE);
}

/* The last object of the line that starts at i, indent columns in. */
static int
chain_end(const struct topology *t, int i, int indent, int width)
{
    char buf[256];
    size_t used =
        (size_t)indent + strlen(topotree_label(buf, sizeof buf, t, i));
    int last = i, child;

    while ((child = only_child(t, last)) >= 0 &&
           mergeable(&t->objs[last], &t->objs[child])) {
        size_t more = 3 + strlen(topotree_label(buf, sizeof buf, t, child));

        if (used + more > (size_t)width)
            break;
        used += more;
        last = child;
    }
    return last;
}

int
topotree_lines(const struct topology *t, int width, struct topo_line **lines)
{
    /* indent[k]: the indent of the line object k is on; -1 not drawn. */
    int *indent = malloc(sizeof *indent * (size_t)(t->nobjs + 1));
    struct topo_line *out = malloc(sizeof *out * (size_t)(t->nobjs + 1));
    int n = 0;

    if (indent == NULL || out == NULL) {
        free(indent);
        free(out);
        return -ENOMEM;
    }
    for (int i = 0; i < t->nobjs; i++) {
        const struct topo_obj *o = &t->objs[i];
        int p = o->parent, in, last;

        indent[i] = -1;
        if (o->type == TOPO_MACHINE) {
            indent[i] = -2; /* said by a header: children at 0 */
            continue;
        }
        if (p < 0 || p >= i || indent[p] == -1 ||
            (o->type == TOPO_PU && t->objs[p].type == TOPO_CORE))
            continue; /* a PU listed on its core's line */
        in = indent[p] == -2 ? 0 : indent[p] + 2;
        last = chain_end(t, i, in, width);
        out[n++] = (struct topo_line){i, last, in};
        /* A chain is consecutive (an only child follows its parent):
         * what hangs below any of its objects goes one step in. */
        for (int k = i; k <= last; k++)
            indent[k] = in;
        i = last;
    }
    free(indent);
    *lines = out;
    return n;
}
