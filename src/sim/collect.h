/* SPDX-License-Identifier: MIT */
/* collect.h: reading callgrind's dumps from a directory as they appear. */
#ifndef HWTOP_SIM_COLLECT_H
#define HWTOP_SIM_COLLECT_H

#include <stdbool.h>
#include <stdint.h>

#include "attrib.h"
#include "dump.h"

struct sim_collect_stats {
    uint64_t dumps;      /* dump files read */
    uint64_t bytes;      /* their sizes, added up */
    uint64_t broken;     /* unreadable, or never completed */
    uint64_t peak_bytes; /* most bytes of dumps waiting at one poll */
    uint64_t peak_files; /* most dump files waiting at one poll */
    uint64_t marked;     /* dumps asked for by libhwtop */
    /* The cache geometry callgrind simulated ("" until a dump says). */
    char i1[SIM_GEOMETRY], d1[SIM_GEOMETRY], ll[SIM_GEOMETRY];
};

struct sim_collect;

/* Reads dir (which callgrind writes with --callgrind-out-file=dir/cg.%p
 * and --separate-threads=yes); keep: leave the files there.  NULL on no
 * memory. */
struct sim_collect *sim_collect_new(const char *dir, bool keep);
void sim_collect_free(struct sim_collect *c);

/*
 * Attributes every complete dump not read yet, each process's in dump
 * order, and deletes it (unless kept).  A dump still being written stops
 * its process's queue until the next poll.  final: the program has ended,
 * so what is incomplete now stays so (counted as broken).  0 or -ENOMEM,
 * -errno when the directory cannot be read.
 */
int sim_collect_poll(struct sim_collect *c, bool final);

struct sim_attrib *sim_collect_attrib(struct sim_collect *c);
const struct sim_collect_stats *sim_collect_stats(const struct sim_collect *c);

#endif /* HWTOP_SIM_COLLECT_H */
