/* SPDX-License-Identifier: MIT */
/* freeze.c: deep copy of a snapshot, so that P holds still whatever the
 * caller does with its own. */
#include "freeze.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void *
dup_array(const void *src, int n, size_t size)
{
    void *p;

    if (n <= 0 || src == NULL)
        return NULL;
    p = malloc((size_t)n * size);
    if (p != NULL)
        memcpy(p, src, (size_t)n * size);
    return p;
}

static int
copy_regions(struct snapshot *dst, const struct snapshot *src)
{
    dst->regions = calloc((size_t)src->nregions, sizeof *dst->regions);
    if (dst->regions == NULL) {
        dst->nregions = 0;
        return -ENOMEM;
    }
    for (int i = 0; i < src->nregions; i++) {
        const struct snap_region *r = &src->regions[i];
        size_t n = r->name != NULL ? strnlen(r->name, r->len) : 0;

        dst->regions[i] = *r;
        dst->regions[i].name = malloc(n + 1);
        if (dst->regions[i].name == NULL)
            return -ENOMEM;
        if (n > 0)
            memcpy(dst->regions[i].name, r->name, n);
        dst->regions[i].name[n] = '\0';
        dst->regions[i].len = n;
    }
    return 0;
}

/* Each row's histogram is the copy's own; a row whose histogram cannot
 * be copied goes without. */
static void
copy_hists(struct snapshot *dst)
{
    for (int i = 0; i < dst->nrows; i++) {
        struct snap_row *r = &dst->rows[i];

        r->hist = dup_array(r->hist, (int)r->nhist, sizeof *r->hist);
        if (r->hist == NULL)
            r->nhist = 0;
    }
}

int
freeze_copy(struct snapshot *dst, const struct snapshot *src)
{
    *dst = *src;
    dst->threads = dup_array(src->threads, src->nthreads, sizeof *src->threads);
    dst->rows = dup_array(src->rows, src->nrows, sizeof *src->rows);
    dst->misuse = dup_array(src->misuse, src->nmisuse, sizeof *src->misuse);
    dst->regions = NULL;
    /* A failed copy must still be safe for snapshot_fini. */
    if (dst->threads == NULL)
        dst->nthreads = 0;
    if (dst->rows == NULL)
        dst->nrows = 0;
    copy_hists(dst);
    if (dst->misuse == NULL)
        dst->nmisuse = 0;
    if (src->nregions <= 0 || src->regions == NULL) {
        dst->nregions = 0;
    } else if (copy_regions(dst, src) < 0) {
        snapshot_fini(dst);
        return -ENOMEM;
    }
    if (dst->nthreads != src->nthreads || dst->nrows != src->nrows ||
        dst->nmisuse != src->nmisuse) {
        snapshot_fini(dst);
        return -ENOMEM;
    }
    return 0;
}
