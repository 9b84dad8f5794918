/* SPDX-License-Identifier: MIT */
/* csv.h: the CSV report (docs/csv.md documents every column). */
#ifndef HWTOP_CSV_H
#define HWTOP_CSV_H

#include <stdio.h>

#include "snapshot.h"

/* Writes the header line and every row.  0, or -errno of the stream. */
int csv_write(FILE *f, const struct snapshot *s);
/* Writes one RFC 4180 field (quoted when it must be). */
void csv_field(FILE *f, const char *p, size_t len);
/* ",value" with digits significant digits (%.*g), or "," alone for NaN
 * (not known: an empty field, never 0). */
void csv_cell(FILE *f, double v, int digits);
/* Flags of a row as text ("open_at_exit|misuse"), "" when none. */
const char *csv_flags(unsigned flags, char *buf, size_t len);

#endif /* HWTOP_CSV_H */
