/* SPDX-License-Identifier: MIT */
/* session.h: one run of a program under hwtop, start to report. */
#ifndef HWTOP_SESSION_H
#define HWTOP_SESSION_H

#include "options.h"

/* Runs o->argv under hwtop (TUI or batch) and writes -o at the end.
 * Returns hwtop's exit status: the program's, or 126/127/2/1. */
int session_run(const struct options *o);

#endif /* HWTOP_SESSION_H */
