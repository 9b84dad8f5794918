/* SPDX-License-Identifier: MIT */
/* text.h: drawing untrusted bytes safely, clipped to a span of columns. */
#ifndef HWTOP_TUI_TEXT_H
#define HWTOP_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include <curses.h>

/*
 * Region names, thread names, the command line and event reasons may hold
 * any byte.  Everything drawn goes through here: printable characters are
 * kept (multibyte ones only in a UTF-8 locale), a C0 control byte becomes
 * caret notation (ESC is "^["), anything else (invalid UTF-8, C1
 * controls, zero-width or unprintable characters) becomes '?'.  Nothing
 * reaches the terminal that could move the cursor or start a sequence.
 */

/* Reads the locale (LC_CTYPE must be set before); true in UTF-8. */
void text_init(void);
bool text_utf8(void);

/*
 * Converts at most len bytes of p into safe characters filling at most
 * maxw columns; dst gets a NUL-terminated wide string (dstn >= 2).
 * Returns the columns used.  Stops early: a 10 KB name costs only what
 * fits.
 */
int text_sanitize(wchar_t *dst, size_t dstn, const char *p, size_t len,
                  int maxw);
/* Columns that p would use, up to maxw. */
int text_width(const char *p, size_t len, int maxw);
/* How many bytes of p fill at most maxw columns. */
size_t text_fit(const char *p, size_t len, int maxw);

/* A cursor on one line of a window that never writes past `right`. */
struct pen {
    WINDOW *win;
    int y, x;
    int right; /* first column not to write */
};

void pen_at(struct pen *p, WINDOW *win, int y, int x, int right);
/* Columns left before the right edge. */
int pen_left(const struct pen *p);
/* Draws bytes (any bytes) with attributes a; returns the columns used. */
int pen_bytes(struct pen *p, attr_t a, const char *s, size_t len);
int pen_text(struct pen *p, attr_t a, const char *s);
/* Like pen_text, at most maxw columns. */
int pen_textw(struct pen *p, attr_t a, const char *s, int maxw);
/* Draws a wide string already made safe (text_sanitize, glyphs). */
int pen_wide(struct pen *p, attr_t a, const wchar_t *w);
/* n spaces (clipped). */
void pen_spaces(struct pen *p, attr_t a, int n);
/* Spaces up to the right edge. */
void pen_fill(struct pen *p, attr_t a);

#endif /* HWTOP_TUI_TEXT_H */
