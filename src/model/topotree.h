/* SPDX-License-Identifier: MIT */
/* topotree.h: the machine as a compact tree of text lines, for any width. */
#ifndef HWTOP_TOPOTREE_H
#define HWTOP_TOPOTREE_H

#include <stddef.h>

#include "topology.h"

/*
 * One line of the tree: objects first..last, a chain of only children
 * drawn as one ("L2 1 MiB + L1d 48 KiB + Core 0: PU 0"), indent columns
 * in.  The machine itself has no line (a header says it); a core's PUs
 * are on the core's line; NUMA nodes have lines of their own.
 */
struct topo_line {
    int first, last; /* indices into t->objs; consecutive */
    int indent;
};

/* The lines of t for a tree at most width columns wide (chains are
 * broken where they would not fit).  *lines is malloc'd (free it);
 * returns how many, or -ENOMEM. */
int topotree_lines(const struct topology *t, int width,
                   struct topo_line **lines);
/* The text of object i: "Core 3: PUs 6-7", "PU 5", "L2 1 MiB",
 * "NUMA 0: 8 GiB", "L3 32 MiB (4 cores, PUs 0-7)" (a cache shared by
 * several cores says which). */
const char *topotree_label(char *buf, size_t len, const struct topology *t,
                           int i);
/* The text of a line, without its indent. */
const char *topotree_text(char *buf, size_t len, const struct topology *t,
                          const struct topo_line *l);

#endif /* HWTOP_TOPOTREE_H */
