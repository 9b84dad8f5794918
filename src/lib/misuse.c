/* SPDX-License-Identifier: MIT */
/* misuse.c: counts region misuse by kind and call site, in the segment. */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "state.h"

/* The part of a path that fits the record: its end, the file name. */
static const char *
path_tail(const char *file)
{
    size_t flen = strlen(file), room = sizeof(((struct hwtop_seg_misuse *)0)->file) - 1;

    return flen > room ? file + (flen - room) : file;
}

static int
same_site(const struct hwtop_seg_misuse *m, int kind, const char *file,
          int line, const char *name)
{
    return m->kind == (uint32_t)kind && m->line == line &&
           strncmp(m->file, file, sizeof m->file - 1) == 0 &&
           strncmp(m->name, name, sizeof m->name - 1) == 0;
}

void
hwtop__misuse(int kind, const char *file, int line, const char *name)
{
    struct hwtop_seg_header *h = hwtop__proc.seg;
    uint32_t n, idx;

    if (h == NULL)
        return;
    if (file == NULL)
        file = "?";
    file = path_tail(file);
    if (name == NULL)
        name = "(null)";
    __atomic_fetch_add(&h->misuse_total, 1, __ATOMIC_RELAXED);
    pthread_mutex_lock(&hwtop__proc.lock);
    n = __atomic_load_n(&h->nmisuse, __ATOMIC_ACQUIRE);
    if (n > HWTOP_SEG_MAX_MISUSE)
        n = HWTOP_SEG_MAX_MISUSE;
    for (uint32_t i = 0; i < n; i++) {
        struct hwtop_seg_misuse *m = &h->misuse[i];

        if (__atomic_load_n(&m->ready, __ATOMIC_ACQUIRE) &&
            same_site(m, kind, file, line, name)) {
            __atomic_fetch_add(&m->count, 1, __ATOMIC_RELAXED);
            pthread_mutex_unlock(&hwtop__proc.lock);
            return;
        }
    }
    idx = __atomic_fetch_add(&h->nmisuse, 1, __ATOMIC_RELAXED);
    if (idx < HWTOP_SEG_MAX_MISUSE) {
        struct hwtop_seg_misuse *m = &h->misuse[idx];

        m->kind = (uint32_t)kind;
        m->line = line;
        m->tid = (int32_t)syscall(SYS_gettid);
        strncpy(m->file, file, sizeof m->file - 1);
        strncpy(m->name, name, sizeof m->name - 1);
        __atomic_store_n(&m->count, 1, __ATOMIC_RELAXED);
        __atomic_store_n(&m->ready, 1, __ATOMIC_RELEASE);
    } else {
        __atomic_fetch_add(&h->misuse_dropped, 1, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&hwtop__proc.lock);
}
