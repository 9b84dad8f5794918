/* SPDX-License-Identifier: MIT */
/* report_cmd.h: `hwtop report FILE.csv`, a saved report as the batch table. */
#ifndef HWTOP_REPORT_CMD_H
#define HWTOP_REPORT_CMD_H

/* argv[0] is "report".  Returns the exit status: 0, or 2 for usage
 * errors and files that are not hwtop reports. */
int report_main(int argc, char **argv);

#endif /* HWTOP_REPORT_CMD_H */
