/* SPDX-License-Identifier: MIT */
/* regionref.h: a region remembered by name, found again in later snapshots. */
#ifndef HWTOP_TUI_REGIONREF_H
#define HWTOP_TUI_REGIONREF_H

#include <stdbool.h>
#include <stddef.h>

#include "snapshot.h"

/*
 * Region indices follow the snapshot's order, which a new region can
 * change; a view that stays on one region keeps its name.  A key picks
 * the region by index (it has no snapshot); the next draw names it.
 */
struct region_ref {
    int index;  /* in the last snapshot it was resolved in, -1: none */
    char *name; /* owned copy, NULL until named */
    size_t len;
};

/* Points ref at region index of the next snapshot resolved (-1: none). */
void region_ref_pick(struct region_ref *ref, int index);
/* Makes dst name the same region as src; -ENOMEM leaves dst empty. */
int region_ref_copy(struct region_ref *dst, const struct region_ref *src);
/* The region's index in s, naming it when picked by index; -1 when s
 * does not hold it (or s is NULL, or memory is short). */
int region_ref_resolve(struct region_ref *ref, const struct snapshot *s);
/* True when ref names a region (picked or named). */
bool region_ref_set(const struct region_ref *ref);
/* True when a and b name the same region. */
bool region_ref_same(const struct region_ref *a, const struct region_ref *b);
/* Frees the name; ref then names nothing. */
void region_ref_fini(struct region_ref *ref);

#endif /* HWTOP_TUI_REGIONREF_H */
