/* SPDX-License-Identifier: MIT */
/* cpus.h: the CPU each live thread of the program last ran on. */
#ifndef HWTOP_CPUS_H
#define HWTOP_CPUS_H

#include "snapshot.h"

/*
 * Sets threads[i].cpu for each live thread from /proc/PID/task/TID/stat
 * (field 39, "processor"); -1 when the thread is gone or unreadable.
 * Exited threads keep -1.  Costs one small read per live thread.
 */
void cpus_fill(struct snapshot *s);
/* The CPU thread tid of process pid last ran on, or -1. */
int cpus_last(int pid, int tid);

#endif /* HWTOP_CPUS_H */
