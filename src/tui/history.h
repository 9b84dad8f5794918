/* SPDX-License-Identifier: MIT */
/* history.h: each region's calls over the last minute, for rate sparklines. */
#ifndef HWTOP_TUI_HISTORY_H
#define HWTOP_TUI_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

#define HISTORY_SECONDS 60
#define HISTORY_SLOTS (HISTORY_SECONDS + 1) /* a minute of rates */
#define HISTORY_MAX_REGIONS 4096            /* more are not followed */

/*
 * One sample a second of the program's clock (snapshot elapsed_ns): the
 * calls of each region's all-threads row, by region name.  Memory is
 * bounded: HISTORY_SLOTS counts per region for at most
 * HISTORY_MAX_REGIONS regions (about 2 MB).  A clock that goes back (a
 * new run) starts the history again.
 */
struct history_region {
    char *name; /* owned */
    size_t len;
    uint64_t calls[HISTORY_SLOTS]; /* HISTORY_NONE: not in that sample */
};

struct history {
    int n, cap;
    struct history_region *r;     /* sorted by name bytes, then length */
    uint64_t sec[HISTORY_SLOTS];  /* the second each slot holds, + 1 */
    uint64_t t_ns[HISTORY_SLOTS]; /* when its sample was taken */
    uint64_t last_ns;
};

#define HISTORY_NONE UINT64_MAX

/* Frees what h owns and empties it (a zeroed h is empty too). */
void history_fini(struct history *h);
/* Records s when it starts a new second of its clock; cheap otherwise.
 * Returns 0, or -ENOMEM (regions that did not fit are skipped). */
int history_record(struct history *h, const struct snapshot *s);
/*
 * Calls per second of the region named name (len bytes) in each of the
 * n seconds up to the one holding until_ns, oldest first, into out; NaN
 * where unknown.  Samples after until_ns are ignored (a paused view).
 * Returns how many values are known.
 */
int history_rates(const struct history *h, const char *name, size_t len,
                  uint64_t until_ns, double *out, int n);

#endif /* HWTOP_TUI_HISTORY_H */
