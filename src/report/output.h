/* SPDX-License-Identifier: MIT */
/* output.h: writing a report file atomically (temp file, then rename). */
#ifndef HWTOP_OUTPUT_H
#define HWTOP_OUTPUT_H

#include <stdio.h>

/*
 * Calls write(f, arg) on a temporary file beside path, syncs it and
 * renames it over path, so a reader sees the old file or the whole new
 * one, never half.  Returns 0, or -errno (the temp file is removed) with
 * a few words in *why ("cannot create", "write failed", ...).
 */
int output_atomic(const char *path, int (*write)(FILE *f, const void *arg),
                  const void *arg, const char **why);

#endif /* HWTOP_OUTPUT_H */
