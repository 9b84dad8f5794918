/* SPDX-License-Identifier: MIT */
/* signals.h: the signals hwtop catches, recorded for the main loop. */
#ifndef HWTOP_SIGNALS_H
#define HWTOP_SIGNALS_H

#include <stdbool.h>

/* Installs handlers for SIGINT, SIGTERM, SIGHUP (recorded) and SIGCHLD,
 * and ignores SIGPIPE.  Each caught signal also makes signals_fd()
 * readable, so the main loop can sleep in poll() until something
 * happens.  Call once, before forking the program. */
void signals_install(void);
/* Read end of the wake-up pipe; -1 before signals_install. */
int signals_fd(void);
/* Empties the wake-up pipe. */
void signals_drain(void);
/* The next pending termination signal, 0 when none; *from_tty tells a
 * keyboard signal, which the program's process group got too. */
int signals_take(bool *from_tty);

#endif /* HWTOP_SIGNALS_H */
