/* SPDX-License-Identifier: MIT */
/* meta.h: a report's metadata (events, sources, misuse) as JSON. */
#ifndef HWTOP_META_H
#define HWTOP_META_H

#include <stdio.h>

#include "snapshot.h"

/* Writes the sidecar JSON for s.  0 or -errno. */
int meta_write(FILE *f, const struct snapshot *s);
/* "<csv path>.meta.json", malloc'd; NULL on no memory. */
char *meta_path(const char *csv_path);

#endif /* HWTOP_META_H */
