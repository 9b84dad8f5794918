/* SPDX-License-Identifier: MIT */
/* tui.h: the live ncurses screen; it draws snapshots, the cli owns the loop. */
#ifndef HWTOP_TUI_H
#define HWTOP_TUI_H

#include <stdbool.h>
#include <stdint.h>

#include "snapshot.h"

struct topology;

enum tui_prog_state {
    TUI_RUNNING = 0,
    TUI_EXITED = 1, /* code in exit_code */
    TUI_KILLED = 2, /* signal number in exit_code */
};

/* What the header shows besides the snapshot.  Borrowed for one call. */
struct tui_status {
    const char *command; /* program and its arguments, one string */
    int pid;
    int state; /* enum tui_prog_state */
    int exit_code;
    uint64_t elapsed_ns;
    double delay_s;
    const char *message; /* status line (errors, notices), or NULL */
    bool simulated;      /* numbers come from --sim */
    int run, nruns;      /* "run k/N" when nruns > 1 */
};

enum tui_action {
    TUI_ACT_NONE = 0,   /* nothing happened (timeout) */
    TUI_ACT_REDRAW = 1, /* a key changed the view: call tui_draw again */
    TUI_ACT_QUIT = 2,   /* q or F10 */
};

struct tui;

/* Starts curses on the terminal.  NULL with *why set when it cannot
 * (not a terminal, no terminfo).  Honours NO_COLOR. */
struct tui *tui_new(const char **why);
/* Restores the terminal; NULL is a no-op.  Safe to call more than once
 * through tui_restore_terminal() from an atexit or signal path. */
void tui_free(struct tui *t);
void tui_restore_terminal(void);
/* Draws the snapshot with the status; s may be NULL (nothing yet). */
void tui_draw(struct tui *t, const struct snapshot *s,
              const struct tui_status *st);
/* Waits up to timeout_ms for input and handles it (keys, resize).
 * Returns what the caller must do. */
enum tui_action tui_poll(struct tui *t, int timeout_ms);
/* While paused (P), the caller keeps the last snapshot on screen. */
bool tui_paused(const struct tui *t);
/* The machine, for the topology view (T): borrowed, it must outlive t;
 * NULL when unknown.  t NULL is a no-op. */
void tui_set_topology(struct tui *t, const struct topology *topo);

#endif /* HWTOP_TUI_H */
