/* SPDX-License-Identifier: MIT */
/* meta.h: a report's metadata (events, sources, misuse, machine) as JSON. */
#ifndef HWTOP_META_H
#define HWTOP_META_H

#include <stdio.h>

#include "snapshot.h"

struct cJSON;
struct topology;

/* Writes the sidecar JSON for s (with a "machine" object when s->machine
 * is set).  0 or -errno. */
int meta_write(FILE *f, const struct snapshot *s);
/* Prints root (indented, then a newline) to f and deletes it, also on
 * error; NULL root: -ENOMEM.  0 or -errno. */
int meta_print(FILE *f, struct cJSON *root);
/* The same metadata as a new JSON object (the JSON report embeds it);
 * the caller owns it.  NULL on no memory. */
struct cJSON *meta_json(const struct snapshot *s);
/* The machine as a new JSON object (CPU model, counts, memory, one entry
 * per kind of cache, sizes in bytes, where it comes from); the caller
 * owns it.  NULL on no memory. */
struct cJSON *meta_machine(const struct topology *t);
/* How the simulated columns were made (hwtop --sim: dumps, bytes, the
 * caches callgrind simulated) as a new JSON object (metasim.c). */
struct cJSON *meta_sim(const struct snap_sim *sim);
/* "<csv path>.meta.json", malloc'd; NULL on no memory. */
char *meta_path(const char *csv_path);

#endif /* HWTOP_META_H */
