/* SPDX-License-Identifier: MIT */
/* names.c: region names to ids, interned into the segment's name table. */
#include <stdlib.h>
#include <string.h>

#include "state.h"

static pthread_rwlock_t names_lock = PTHREAD_RWLOCK_INITIALIZER;

/* Ids live in the hash as id + 1 (NULL data would mean "absent"). */
static int
lookup(const char *name, uint32_t *id)
{
    ENTRY e = {(char *)name, NULL}, *found = NULL;

    if (!hsearch_r(e, FIND, &found, &hwtop__proc.names) || found == NULL)
        return 0;
    *id = (uint32_t)((uintptr_t)found->data - 1);
    return 1;
}

/* Claims a region entry and copies the name into the arena. */
static uint32_t
claim(const char *name)
{
    struct hwtop_seg_header *h = hwtop__proc.seg;
    size_t len = strlen(name);
    uint32_t flags = 0, idx;
    uint64_t off;
    struct hwtop_seg_region *r;

    if (len > HWTOP_SEG_NAME_MAX) {
        len = HWTOP_SEG_NAME_MAX;
        flags |= HWTOP_REGION_CUT;
    }
    idx = __atomic_fetch_add(&h->nregions, 1, __ATOMIC_RELAXED);
    if (idx >= h->max_regions) {
        __atomic_fetch_add(&h->regions_dropped, 1, __ATOMIC_RELAXED);
        return HWTOP_LIB_NO_REGION;
    }
    off = __atomic_fetch_add(&h->arena_used, len + 1, __ATOMIC_RELAXED);
    r = hwtop__seg_region(h, idx);
    if (off + len + 1 > h->arena_bytes) {
        /* The entry stays unready: readers skip it. */
        __atomic_fetch_add(&h->regions_dropped, 1, __ATOMIC_RELAXED);
        return HWTOP_LIB_NO_REGION;
    }
    memcpy(hwtop__seg_arena(h) + off, name, len);
    hwtop__seg_arena(h)[off + len] = '\0';
    r->name_off = (uint32_t)off;
    r->name_len = (uint32_t)len;
    r->flags = flags;
    __atomic_store_n(&r->ready, 1, __ATOMIC_RELEASE);
    return idx;
}

uint32_t
hwtop__region_intern(const char *name)
{
    uint32_t id;
    ENTRY e, *found;
    char *key;

    pthread_rwlock_rdlock(&names_lock);
    if (lookup(name, &id)) {
        pthread_rwlock_unlock(&names_lock);
        return id;
    }
    pthread_rwlock_unlock(&names_lock);
    pthread_rwlock_wrlock(&names_lock);
    if (!lookup(name, &id)) {
        id = claim(name);
        key = strdup(name);
        e.key = key;
        e.data = (void *)((uintptr_t)id + 1);
        /* A full hash only costs a second entry for the name later. */
        if (key == NULL || !hsearch_r(e, ENTER, &found, &hwtop__proc.names))
            free(key);
    }
    pthread_rwlock_unlock(&names_lock);
    return id;
}

uint32_t
hwtop__region_find(const char *name)
{
    uint32_t id = HWTOP_LIB_NO_REGION - 1;

    pthread_rwlock_rdlock(&names_lock);
    lookup(name, &id);
    pthread_rwlock_unlock(&names_lock);
    return id;
}
