/* SPDX-License-Identifier: MIT */
/* json.h: the JSON report (docs/json.md, docs/schema/). */
#ifndef HWTOP_JSON_H
#define HWTOP_JSON_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "snapshot.h"

struct cJSON;

/* Version of the layout, "format_version" in the file: bumped when a
 * field changes meaning or goes away, not when one is added. */
#define JSON_FORMAT_VERSION 1

/* Regions nest at most this deep in the file's tree; deeper ones (and
 * any whose parents loop) are listed at the top, "parent" still set. */
#define JSON_MAX_DEPTH 128

/* What the report says beyond the snapshot.  Borrowed for the call. */
struct json_report {
    const struct snapshot *snap;
    char *const *argv;       /* the command line, NULL-terminated; NULL:
                                unknown (written as null) */
    struct timespec started; /* CLOCK_REALTIME when it started; 0: unknown */
    /* Called with the "meta" object to add the caller's own fields (an
     * MPI rank, ...), after hwtop's; NULL: none. */
    void (*add_meta)(struct cJSON *meta, const void *arg);
    const void *add_meta_arg;
};

/*
 * Writes the report: "meta" (meta_json's object plus when, where and
 * what ran) and "regions", a tree of the all-threads rows with each
 * region's per-thread rows under "threads".  Numbers not measured are
 * null, never 0; counts are exact integers.  Names are written as UTF-8,
 * invalid bytes as U+FFFD.  Returns 0 or -errno (-ENOMEM when cJSON
 * fails).
 */
int json_write(FILE *f, const struct json_report *r);

/* Does path end in ".json" (any case)?  -o FILE.json picks JSON. */
bool json_path(const char *path);

#endif /* HWTOP_JSON_H */
