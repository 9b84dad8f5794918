/* SPDX-License-Identifier: MIT */
/* topo_cmd.h: `hwtop topo`: the machine as a tree, CSV or JSON. */
#ifndef HWTOP_TOPO_CMD_H
#define HWTOP_TOPO_CMD_H

/* argv[0] is "topo".  Returns the exit status: 0, 1 when hwloc cannot
 * load the topology, 2 for usage errors. */
int topo_main(int argc, char **argv);

#endif /* HWTOP_TOPO_CMD_H */
