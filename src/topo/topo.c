/* SPDX-License-Identifier: MIT */
/* topo.c: walks hwloc's tree into the plain structs of topology.h. */
#include "topo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hwloc.h>

static int
type_of(hwloc_obj_type_t type)
{
    if (hwloc_obj_type_is_cache(type))
        return TOPO_CACHE;
    switch (type) {
    case HWLOC_OBJ_MACHINE:
        return TOPO_MACHINE;
    case HWLOC_OBJ_PACKAGE:
        return TOPO_PACKAGE;
    case HWLOC_OBJ_DIE:
        return TOPO_DIE;
    case HWLOC_OBJ_GROUP:
        return TOPO_GROUP;
    case HWLOC_OBJ_NUMANODE:
        return TOPO_NUMA;
    case HWLOC_OBJ_CORE:
        return TOPO_CORE;
    case HWLOC_OBJ_PU:
        return TOPO_PU;
    default:
        return -1; /* I/O, misc, memory-side caches: not shown */
    }
}

static void
cache_attrs(struct topo_obj *o, const struct hwloc_cache_attr_s *c)
{
    o->level = (int)c->depth;
    o->size_bytes = c->size;
    o->line_bytes = (int)c->linesize;
    o->ways = c->associativity; /* hwloc: 0 unknown, -1 fully */
    o->cache_type = c->type == HWLOC_OBJ_CACHE_DATA          ? TOPO_DATA
                    : c->type == HWLOC_OBJ_CACHE_INSTRUCTION ? TOPO_INSTRUCTION
                                                             : TOPO_UNIFIED;
}

/* Adds obj (when shown), then its NUMA nodes, then its other children. */
static int
walk(struct topology *t, hwloc_obj_t obj, int parent, int depth)
{
    struct topo_obj o = {.type = type_of(obj->type), .parent = parent};
    char *set = NULL;
    int self = parent, rc;

    if (o.type >= 0) {
        o.depth = depth;
        o.logical = (int)obj->logical_index;
        o.os_index =
            obj->os_index == HWLOC_UNKNOWN_INDEX ? -1 : (int)obj->os_index;
        if (o.type == TOPO_CACHE)
            cache_attrs(&o, &obj->attr->cache);
        if (o.type == TOPO_NUMA)
            o.size_bytes = obj->attr->numanode.local_memory;
        if (obj->cpuset != NULL &&
            hwloc_bitmap_list_asprintf(&set, obj->cpuset) < 0)
            return -ENOMEM;
        o.cpuset = set;
        self = topology_add(t, &o);
        free(set);
        if (self < 0)
            return self;
        depth++;
    }
    for (hwloc_obj_t c = obj->memory_first_child; c != NULL;
         c = c->next_sibling)
        if ((rc = walk(t, c, self, depth)) < 0)
            return rc;
    for (hwloc_obj_t c = obj->first_child; c != NULL; c = c->next_sibling)
        if ((rc = walk(t, c, self, depth)) < 0)
            return rc;
    return 0;
}

static void
copy_info(char *dst, size_t len, hwloc_obj_t obj, const char *name)
{
    const char *v = obj != NULL ? hwloc_obj_get_info_by_name(obj, name) : NULL;
    size_t n;

    if (v == NULL)
        v = "";
    while (*v == ' ')
        v++;
    n = strlen(v);
    while (n > 0 && v[n - 1] == ' ') /* cpuid pads the model name */
        n--;
    snprintf(dst, len, "%.*s", (int)n, v);
}

/* hwloc read something else than this machine, as its environment
 * asked: say which variable. */
static void
not_this_machine(char *buf, size_t len)
{
    static const char *const vars[] = {"HWLOC_XMLFILE", "HWLOC_SYNTHETIC",
                                       "HWLOC_FSROOT", "HWLOC_CPUID_PATH"};

    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i]) != NULL) {
            snprintf(buf, len, "%s=%s", vars[i], getenv(vars[i]));
            return;
        }
    snprintf(buf, len, "not this machine");
}

static void
describe(struct topology *t, hwloc_topology_t topo, enum topo_input input,
         const char *arg)
{
    hwloc_obj_t root = hwloc_get_root_obj(topo);
    hwloc_obj_t pkg = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PACKAGE, 0);

    /* The library that discovered this machine names itself at the root;
     * an XML file's root names the one that saved it. */
    if (input == TOPO_THIS_MACHINE)
        copy_info(t->hwloc_version, sizeof t->hwloc_version, root,
                  "hwlocVersion");
    if (t->hwloc_version[0] == '\0')
        snprintf(t->hwloc_version, sizeof t->hwloc_version, "%s",
                 HWLOC_VERSION);
    copy_info(t->cpu_model, sizeof t->cpu_model, pkg, "CPUModel");
    copy_info(t->cpu_vendor, sizeof t->cpu_vendor, pkg, "CPUVendor");
    if (t->cpu_model[0] == '\0') /* some machines name it at the root */
        copy_info(t->cpu_model, sizeof t->cpu_model, root, "CPUModel");
    copy_info(t->backend, sizeof t->backend, root, "Backend");
    if (input == TOPO_XML)
        snprintf(t->source, sizeof t->source, "%s", arg);
    else if (input == TOPO_SYNTHETIC)
        snprintf(t->source, sizeof t->source, "synthetic \"%s\"", arg);
    else if (!hwloc_topology_is_thissystem(topo))
        not_this_machine(t->source, sizeof t->source);
    else
        snprintf(t->source, sizeof t->source, "this machine");
}

static int
setup(hwloc_topology_t topo, enum topo_input input, const char *arg, char *err,
      size_t errlen)
{
    int rc = 0;

    /* hwloc drops instruction caches by default; we show every level. */
    hwloc_topology_set_icache_types_filter(topo, HWLOC_TYPE_FILTER_KEEP_ALL);
    if (input == TOPO_XML && hwloc_topology_set_xml(topo, arg) < 0) {
        rc = errno ? -errno : -EINVAL;
        snprintf(err, errlen, "cannot read %s: %s", arg,
                 rc == -EINVAL ? "not an hwloc XML topology" : strerror(-rc));
    }
    if (input == TOPO_SYNTHETIC &&
        hwloc_topology_set_synthetic(topo, arg) < 0) {
        rc = -EINVAL;
        snprintf(err, errlen, "invalid synthetic topology \"%s\"", arg);
    }
    if (rc == 0 && hwloc_topology_load(topo) < 0) {
        rc = errno ? -errno : -EINVAL;
        snprintf(err, errlen, "hwloc cannot load the topology%s%s: %s",
                 input == TOPO_XML ? " from " : "",
                 input == TOPO_XML ? arg : "", strerror(-rc));
    }
    return rc;
}

int
topo_load(struct topology *t, enum topo_input input, const char *arg, char *err,
          size_t errlen)
{
    hwloc_topology_t topo;
    int rc;

    memset(t, 0, sizeof *t);
    err[0] = '\0';
    errno = 0;
    if (hwloc_topology_init(&topo) < 0) {
        snprintf(err, errlen, "hwloc: cannot initialise: %s", strerror(errno));
        return -ENOMEM;
    }
    rc = setup(topo, input, arg, err, errlen);
    if (rc == 0) {
        rc = walk(t, hwloc_get_root_obj(topo), -1, 0);
        if (rc < 0)
            snprintf(err, errlen, "out of memory for the topology");
    }
    if (rc == 0) {
        describe(t, topo, input, arg);
        topology_finish(t);
    } else {
        topology_fini(t);
    }
    hwloc_topology_destroy(topo);
    return rc;
}

static struct topology machine;
static int machine_state; /* 0 not tried, 1 loaded, -1 failed */

static void
free_machine(void)
{
    topology_fini(&machine);
}

const struct topology *
topo_this_machine(void)
{
    char err[256];

    if (machine_state == 0) {
        machine_state = -1;
        if (topo_load(&machine, TOPO_THIS_MACHINE, NULL, err, sizeof err) ==
            0) {
            machine_state = 1;
            atexit(free_machine);
        }
    }
    return machine_state == 1 ? &machine : NULL;
}
