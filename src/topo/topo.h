/* SPDX-License-Identifier: MIT */
/* topo.h: hwloc's view of a machine, copied into a struct topology. */
#ifndef HWTOP_TOPO_H
#define HWTOP_TOPO_H

#include <stddef.h>

#include "topology.h"

/* Where the topology comes from. */
enum topo_input {
    TOPO_THIS_MACHINE, /* discovery (hwloc honours HWLOC_XMLFILE etc.) */
    TOPO_XML,          /* arg: a file written by lstopo --of xml */
    TOPO_SYNTHETIC,    /* arg: "pack:2 l3:1(size=32MiB) core:4 pu:2" */
};

/*
 * Loads a topology into t (zeroed first; free it with topology_fini).
 * Instruction caches are kept.  Returns 0, or -errno with a sentence in
 * err ("cannot read FILE.xml: ...").
 */
int topo_load(struct topology *t, enum topo_input input, const char *arg,
              char *err, size_t errlen);

/*
 * This machine's topology, loaded on the first call and kept until the
 * process exits (borrowed: never free it); NULL when hwloc cannot load
 * it (`hwtop topo` says why).  Not thread-safe: the cli calls it from
 * its one thread.
 */
const struct topology *topo_this_machine(void);

#endif /* HWTOP_TOPO_H */
