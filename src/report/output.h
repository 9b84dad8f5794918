/* SPDX-License-Identifier: MIT */
/* output.h: writing a report file atomically (temp file, then rename). */
#ifndef HWTOP_OUTPUT_H
#define HWTOP_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Calls write(f, arg) on a temporary file beside path, syncs it and
 * renames it over path, so a reader sees the old file or the whole new
 * one, never half.  A symbolic link at path is replaced, not followed.
 * The file's mode is 0664 less the umask: never world-writable.  When
 * path is a device or a FIFO (output_is_stream), write goes straight into
 * it instead: /dev/null stays a device.  Returns 0, or -errno (the temp
 * file is removed) with a few words in *why ("cannot create", "write
 * failed", ...).
 */
int output_atomic(const char *path, int (*write)(FILE *f, const void *arg),
                  const void *arg, const char **why);

/* Does path (followed) name a character device or a FIFO?  Such an
 * output gets no sidecar file beside it. */
bool output_is_stream(const char *path);

#endif /* HWTOP_OUTPUT_H */
