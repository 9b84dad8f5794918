/* SPDX-License-Identifier: MIT */
/* signals.h: the signals hwtop catches, recorded for the main loop. */
#ifndef HWTOP_SIGNALS_H
#define HWTOP_SIGNALS_H

#include <stdbool.h>

/* Installs handlers for SIGINT, SIGTERM, SIGHUP (recorded) and ignores
 * SIGPIPE.  Call once, before forking the program. */
void signals_install(void);
/* The next pending termination signal, 0 when none; *from_tty tells a
 * keyboard signal, which the program's process group got too. */
int signals_take(bool *from_tty);

#endif /* HWTOP_SIGNALS_H */
