/* SPDX-License-Identifier: MIT */
/* units.h: numbers as people read them (1.23 M, 4.5 ms), for every view. */
#ifndef HWTOP_UNITS_H
#define HWTOP_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* "850 ns", "12.0 us", "4.50 ms", "1.23 s", "2m03s". */
const char *units_time(char *buf, size_t len, double ns);
/* "999", "1.23 k", "4.50 M", "7.00 G"; NaN gives "". */
const char *units_count(char *buf, size_t len, double v);
/* Copies name for a terminal: valid UTF-8 passes, control characters
 * (C0, DEL, C1) and invalid bytes become '?'; cut to width characters
 * with a trailing '~' when cut. */
const char *units_safe_name(char *buf, size_t len, const char *name,
                            size_t width);

/* Copies name as valid UTF-8 (for JSON): invalid bytes become U+FFFD.
 * Returns buf. */
const char *units_utf8_clean(char *buf, size_t len, const char *name);

#endif /* HWTOP_UNITS_H */
