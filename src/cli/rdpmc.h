/* SPDX-License-Identifier: MIT */
/* rdpmc.h: can counters be read in user space here (rdpmc)? */
#ifndef HWTOP_RDPMC_H
#define HWTOP_RDPMC_H

#include <stddef.h>

/* Writes "yes", "no (the kernel disallows it)" or "n/a (why)" into buf,
 * from the cap_user_rdpmc bit of a hardware event's perf mmap page.  It
 * changes what one counter read costs by about 5x. */
const char *rdpmc_state(char *buf, size_t len);

#endif /* HWTOP_RDPMC_H */
