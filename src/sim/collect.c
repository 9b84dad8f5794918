/* SPDX-License-Identifier: MIT */
/* collect.c: list, order, read, attribute and delete callgrind's dumps. */
#include "collect.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DUMP_BYTES (1ull << 30)

struct entry {
    int pid;
    long part; /* SIM_PART_FINAL sorts last */
    unsigned thread;
    uint64_t bytes;
    char name[64];
};

/* With keep, what was read already (files stay): per process, the last
 * part read, and the final dumps read. */
struct seen {
    int pid;
    long last_part;
    unsigned nfinal;
    unsigned finals[64];
};

struct sim_collect {
    char *dir;
    bool keep;
    struct sim_attrib *attrib;
    struct sim_collect_stats stats;
    struct seen *seen;
    int nseen;
    char *buf;
    size_t buf_cap;
};

struct sim_collect *
sim_collect_new(const char *dir, bool keep)
{
    struct sim_collect *c = calloc(1, sizeof *c);

    if (c == NULL || (c->dir = strdup(dir)) == NULL ||
        (c->attrib = sim_attrib_new()) == NULL) {
        sim_collect_free(c);
        return NULL;
    }
    c->keep = keep;
    return c;
}

void
sim_collect_free(struct sim_collect *c)
{
    if (c == NULL)
        return;
    sim_attrib_free(c->attrib);
    free(c->dir);
    free(c->seen);
    free(c->buf);
    free(c);
}

static int
entry_order(const void *x, const void *y)
{
    const struct entry *a = x, *b = y;
    long pa = a->part == SIM_PART_FINAL ? LONG_MAX : a->part;
    long pb = b->part == SIM_PART_FINAL ? LONG_MAX : b->part;

    if (a->pid != b->pid)
        return a->pid < b->pid ? -1 : 1;
    if (pa != pb)
        return pa < pb ? -1 : 1;
    return (a->thread > b->thread) - (a->thread < b->thread);
}

static struct seen *
seen_of(struct sim_collect *c, int pid, bool add)
{
    struct seen *s;

    for (int i = 0; i < c->nseen; i++)
        if (c->seen[i].pid == pid)
            return &c->seen[i];
    if (!add ||
        (s = realloc(c->seen, (size_t)(c->nseen + 1) * sizeof *s)) == NULL)
        return NULL;
    c->seen = s;
    s = &c->seen[c->nseen++];
    memset(s, 0, sizeof *s);
    s->pid = pid;
    return s;
}

static bool
already_read(struct sim_collect *c, const struct entry *e)
{
    struct seen *s;

    if (!c->keep || (s = seen_of(c, e->pid, false)) == NULL)
        return false;
    if (e->part != SIM_PART_FINAL)
        return e->part <= s->last_part;
    for (unsigned i = 0; i < s->nfinal; i++)
        if (s->finals[i] == e->thread)
            return true;
    return false;
}

static void
mark_read(struct sim_collect *c, const struct entry *e)
{
    struct seen *s;

    if (!c->keep) {
        char path[PATH_MAX];

        snprintf(path, sizeof path, "%s/%s", c->dir, e->name);
        unlink(path);
        return;
    }
    if ((s = seen_of(c, e->pid, true)) == NULL)
        return;
    if (e->part != SIM_PART_FINAL)
        s->last_part = e->part;
    else if (s->nfinal < sizeof s->finals / sizeof s->finals[0])
        s->finals[s->nfinal++] = e->thread;
}

/* The dump files waiting in the directory, in reading order. */
static int
list(struct sim_collect *c, struct entry **out, int *n)
{
    DIR *d = opendir(c->dir);
    struct dirent *de;
    struct entry *v = NULL, e;
    int cap = 0;
    uint64_t bytes = 0;

    *n = 0;
    if (d == NULL)
        return -errno;
    while ((de = readdir(d)) != NULL) {
        struct stat st;

        if (strlen(de->d_name) >= sizeof e.name ||
            !sim_dump_name(de->d_name, &e.pid, &e.part, &e.thread) ||
            fstatat(dirfd(d), de->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode))
            continue;
        strcpy(e.name, de->d_name);
        e.bytes = (uint64_t)st.st_size;
        if (already_read(c, &e))
            continue;
        if (*n == cap) {
            struct entry *p = realloc(v, (size_t)(cap * 2 + 16) * sizeof *v);

            if (p == NULL) {
                closedir(d);
                free(v);
                return -ENOMEM;
            }
            v = p;
            cap = cap * 2 + 16;
        }
        v[(*n)++] = e;
        bytes += e.bytes;
    }
    closedir(d);
    qsort(v, (size_t)*n, sizeof *v, entry_order);
    if (bytes > c->stats.peak_bytes)
        c->stats.peak_bytes = bytes;
    if ((uint64_t)*n > c->stats.peak_files)
        c->stats.peak_files = (uint64_t)*n;
    *out = v;
    return 0;
}

/* Reads one file into c->buf; its length, or -errno. */
static ssize_t
slurp(struct sim_collect *c, const char *name)
{
    char path[PATH_MAX];
    struct stat st;
    size_t len = 0;
    ssize_t r;
    int fd;

    snprintf(path, sizeof path, "%s/%s", c->dir, name);
    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
        return -errno;
    if (fstat(fd, &st) != 0 || (uint64_t)st.st_size > MAX_DUMP_BYTES) {
        close(fd);
        return -EFBIG;
    }
    if ((size_t)st.st_size + 1 > c->buf_cap) {
        char *b = realloc(c->buf, (size_t)st.st_size + 4096);

        if (b == NULL) {
            close(fd);
            return -ENOMEM;
        }
        c->buf = b;
        c->buf_cap = (size_t)st.st_size + 4096;
    }
    while (len + 1 < c->buf_cap &&
           (r = read(fd, c->buf + len, c->buf_cap - len - 1)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            close(fd);
            return -errno;
        }
        len += (size_t)r;
    }
    close(fd);
    return (ssize_t)len;
}

static void
note_geometry(struct sim_collect *c, const struct sim_dump *d)
{
    if (c->stats.i1[0] == '\0' && d->i1[0] != '\0') {
        memcpy(c->stats.i1, d->i1, sizeof d->i1);
        memcpy(c->stats.d1, d->d1, sizeof d->d1);
        memcpy(c->stats.ll, d->ll, sizeof d->ll);
    }
}

/* Reads entry e: 1 read, 0 not complete yet, <0 an error that stops. */
static int
take(struct sim_collect *c, const struct entry *e, bool final)
{
    struct sim_dump d;
    ssize_t len = slurp(c, e->name);
    int rc = len < 0 ? (int)len : sim_dump_parse(c->buf, (size_t)len, &d);

    if (rc == -ENOMEM)
        return rc;
    if (rc == -EAGAIN && !final)
        return 0;
    if (rc == 0 && d.pid != e->pid)
        rc = -EINVAL; /* says another process: not ours to trust */
    if (rc == 0) {
        d.pid = e->pid;
        d.part = e->part;
        note_geometry(c, &d);
        if ((rc = sim_attrib_apply(c->attrib, &d)) != 0)
            return rc;
        c->stats.dumps++;
        c->stats.bytes += (uint64_t)len;
        c->stats.marked += d.has_mark;
    } else {
        c->stats.broken++;
    }
    mark_read(c, e);
    return 1;
}

int
sim_collect_poll(struct sim_collect *c, bool final)
{
    struct entry *v = NULL;
    int n, rc = list(c, &v, &n), blocked = 0;

    for (int i = 0; rc == 0 && i < n; i++) {
        int r;

        if (blocked && v[i].pid == blocked)
            continue; /* this process's order waits for the next poll */
        r = take(c, &v[i], final);
        if (r < 0)
            rc = r;
        else if (r == 0)
            blocked = v[i].pid;
    }
    free(v);
    return rc;
}

struct sim_attrib *
sim_collect_attrib(struct sim_collect *c)
{
    return c->attrib;
}

const struct sim_collect_stats *
sim_collect_stats(const struct sim_collect *c)
{
    return &c->stats;
}
