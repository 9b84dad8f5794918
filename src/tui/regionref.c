/* SPDX-License-Identifier: MIT */
/* regionref.c: a region remembered by name, found again in later snapshots. */
#include "regionref.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
region_ref_fini(struct region_ref *ref)
{
    free(ref->name);
    ref->name = NULL;
    ref->len = 0;
    ref->index = -1;
}

void
region_ref_pick(struct region_ref *ref, int index)
{
    region_ref_fini(ref);
    ref->index = index;
}

bool
region_ref_set(const struct region_ref *ref)
{
    return ref->name != NULL || ref->index >= 0;
}

static int
set_name(struct region_ref *ref, const char *name, size_t len)
{
    char *copy = malloc(len + 1);

    if (copy == NULL)
        return -ENOMEM;
    memcpy(copy, name, len);
    copy[len] = '\0';
    free(ref->name);
    ref->name = copy;
    ref->len = len;
    return 0;
}

int
region_ref_copy(struct region_ref *dst, const struct region_ref *src)
{
    region_ref_fini(dst);
    dst->index = src->index;
    if (src->name != NULL && set_name(dst, src->name, src->len) != 0) {
        dst->index = -1;
        return -ENOMEM;
    }
    return 0;
}

bool
region_ref_same(const struct region_ref *a, const struct region_ref *b)
{
    if (a->name == NULL || b->name == NULL)
        return a->name == b->name && a->index == b->index && a->index >= 0;
    return a->len == b->len && memcmp(a->name, b->name, a->len) == 0;
}

static bool
named(const struct snapshot *s, int i, const char *name, size_t len)
{
    const struct snap_region *r = &s->regions[i];

    return r->name != NULL && r->len == len && memcmp(r->name, name, len) == 0;
}

int
region_ref_resolve(struct region_ref *ref, const struct snapshot *s)
{
    if (s == NULL || s->regions == NULL)
        return -1;
    if (ref->name == NULL) {
        int i = ref->index;

        if (i < 0 || i >= s->nregions || s->regions[i].name == NULL ||
            set_name(ref, s->regions[i].name, s->regions[i].len) != 0)
            return -1;
        return i;
    }
    /* Most often where it was. */
    if (ref->index >= 0 && ref->index < s->nregions &&
        named(s, ref->index, ref->name, ref->len))
        return ref->index;
    for (int i = 0; i < s->nregions; i++)
        if (named(s, i, ref->name, ref->len)) {
            ref->index = i;
            return i;
        }
    return -1;
}
