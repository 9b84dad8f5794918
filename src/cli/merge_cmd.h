/* SPDX-License-Identifier: MIT */
/* merge_cmd.h: `hwtop merge RANK.csv...`: an MPI job's reports as one,
 * with each region's imbalance over the ranks (docs/mpi.md). */
#ifndef HWTOP_MERGE_CMD_H
#define HWTOP_MERGE_CMD_H

/* argv[0] is "merge".  Exit status: 0; 2 for usage errors and for
 * reports that are malformed or do not belong together. */
int merge_main(int argc, char **argv);

#endif /* HWTOP_MERGE_CMD_H */
