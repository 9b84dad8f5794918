/* SPDX-License-Identifier: MIT */
/* snapshot.c: owning and querying a snapshot. */
#include "snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
snapshot_fini(struct snapshot *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < s->nregions; i++)
        free(s->regions[i].name);
    free(s->regions);
    free(s->threads);
    free(s->rows);
    free(s->misuse);
    memset(s, 0, sizeof *s);
}

int
snapshot_event(const struct snapshot *s, const char *name)
{
    for (int i = 0; i < s->nevents; i++)
        if (strcmp(s->events[i].name, name) == 0 &&
            s->events[i].state != SNAP_EV_UNAVAILABLE)
            return i;
    return -1;
}

const char *
snapshot_thread_label(const struct snapshot *s, int thread, char *buf,
                      size_t len)
{
    if (thread < 0 || thread >= s->nthreads)
        return "all";
    if (s->threads[thread].name[0] != '\0')
        return s->threads[thread].name;
    snprintf(buf, len, "%d", s->threads[thread].tid);
    return buf;
}
