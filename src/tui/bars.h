/* SPDX-License-Identifier: MIT */
/* bars.h: sparklines and horizontal bars as characters, UTF-8 or ASCII. */
#ifndef HWTOP_TUI_BARS_H
#define HWTOP_TUI_BARS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/*
 * Each fills out (room for outn wide characters, NUL included) with a
 * string ready for pen_wide: block elements when utf8, else ASCII.
 */

/* One character per value, eight heights scaled to the largest; NaN is
 * a space (unknown), 0 the lowest mark.  Returns the characters written. */
int bars_spark(wchar_t *out, size_t outn, const double *v, int n, bool utf8);
/* A bar of frac (0..1) of width columns, to an eighth of a column in
 * UTF-8; a value above 0 shows at least a sliver.  Returns its columns. */
int bars_hbar(wchar_t *out, size_t outn, double frac, int width, bool utf8);

#endif /* HWTOP_TUI_BARS_H */
