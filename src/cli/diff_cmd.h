/* SPDX-License-Identifier: MIT */
/* diff_cmd.h: `hwtop diff A.csv B.csv`: what changed, per region. */
#ifndef HWTOP_DIFF_CMD_H
#define HWTOP_DIFF_CMD_H

/* argv[0] is "diff".  Exit status: 0; 1 when --fail-if-slower PCT was
 * given and a region got slower by more than PCT; 2 for usage errors and
 * malformed or incomparable reports. */
int diff_main(int argc, char **argv);

#endif /* HWTOP_DIFF_CMD_H */
