/* SPDX-License-Identifier: MIT */
/* format.h: percentages, ratios and clocks, short enough for a cell.
 * Counts and times come from units.h, shared with the batch table. */
#ifndef HWTOP_TUI_FORMAT_H
#define HWTOP_TUI_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Each writes a NUL-terminated string into buf (len >= 16 is enough) and
 * returns buf.  NaN and infinities give "" (shown empty, never 0). */

/* Percent with one decimal, no sign: 12.3 */
const char *format_pct(char *buf, size_t len, double v);
/* Plain ratio, two decimals (one above 100): 1.23 */
const char *format_ratio(char *buf, size_t len, double v);
/* Elapsed time as a clock: 0:12, 12:34, 1:02:03. */
const char *format_clock(char *buf, size_t len, uint64_t ns);
/* A delay in seconds: "1 s", "0.5 s", "2.25 s". */
const char *format_delay(char *buf, size_t len, double s);

#endif /* HWTOP_TUI_FORMAT_H */
