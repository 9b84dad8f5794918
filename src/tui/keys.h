/* SPDX-License-Identifier: MIT */
/* keys.h: the key bindings: one table from keys to actions. */
#ifndef HWTOP_TUI_KEYS_H
#define HWTOP_TUI_KEYS_H

#include <stdbool.h>
#include <wchar.h>

#include "tui.h"
#include "view.h"

/* An action changes the view and says what the caller must do. */
typedef enum tui_action (*key_action)(struct tui *t);

struct key_binding {
    int key;          /* a character, or a KEY_* code when special */
    bool special;     /* from wget_wch's KEY_CODE_YES */
    const char *name; /* "q", "F10", "Up" */
    key_action action;
    const char *help; /* what it does, for the help screen */
    const char *bar;  /* its label in the key bar, or NULL */
};

extern const struct key_binding key_bindings[];
extern const int nkey_bindings;

/* Handles one key read by wget_wch (special: it returned KEY_CODE_YES).
 * The help screen takes any key; the filter prompt takes text. */
enum tui_action keys_handle(struct tui *t, bool special, wint_t key);

#endif /* HWTOP_TUI_KEYS_H */
