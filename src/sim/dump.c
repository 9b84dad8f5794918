/* SPDX-License-Identifier: MIT */
/* dump.c: reading callgrind's out-file format: header lines and totals. */
#include "dump.h"

#include <errno.h>
#include <string.h>

#define TRIGGER "desc: Trigger: Client Request: "
#define HEADER_LINES 200 /* the header is about 20 lines */

/* A decimal number at *p (advanced), at most max; false if none. */
static bool
number(const char **p, const char *end, uint64_t max, uint64_t *out)
{
    const char *s = *p;
    uint64_t v = 0;

    while (*p < end && **p >= '0' && **p <= '9') {
        unsigned dgt = (unsigned)(**p - '0');

        if (v > (max - dgt) / 10)
            return false;
        v = v * 10 + dgt;
        (*p)++;
    }
    *out = v;
    return *p > s;
}

static bool
starts(const char *line, const char *end, const char *key)
{
    size_t n = strlen(key);

    return (size_t)(end - line) >= n && memcmp(line, key, n) == 0;
}

/* The value of "key: N" lines. */
static bool
keyed_number(const char *line, const char *end, const char *key, uint64_t max,
             uint64_t *out)
{
    const char *p = line + strlen(key);

    return starts(line, end, key) && number(&p, end, max, out) && p == end;
}

static void
copy_text(char *dst, size_t dlen, const char *p, const char *end)
{
    size_t n = (size_t)(end - p) < dlen - 1 ? (size_t)(end - p) : dlen - 1;

    for (size_t i = 0; i < n; i++)
        dst[i] = p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?';
    dst[n] = '\0';
}

/* "events: Ir Dr ..." into map[i]: the column of the i-th event, or -1. */
static int
events_line(const char *p, const char *end, int *map, int max)
{
    int n = 0;

    while (p < end && n < max) {
        const char *w;

        while (p < end && *p == ' ')
            p++;
        w = p;
        while (p < end && *p != ' ')
            p++;
        if (p > w)
            map[n++] = sim_col_of_event(w, (int)(p - w));
    }
    return p < end ? -1 : n;
}

static int
costs_line(const char *p, const char *end, const int *map, int nmap,
           int64_t *cost)
{
    for (int i = 0; p < end; i++) {
        uint64_t v;

        if (*p++ != ' ' || i >= nmap || !number(&p, end, INT64_MAX, &v))
            return -EINVAL;
        if (map[i] >= 0)
            cost[map[i]] = (int64_t)v;
    }
    return 0;
}

static void
header_line(const char *line, const char *end, struct sim_dump *d, bool *events,
            int *map, int *nmap)
{
    uint64_t v;

    if (keyed_number(line, end, "pid: ", INT32_MAX, &v))
        d->pid = (int)v;
    else if (keyed_number(line, end, "thread: ", UINT32_MAX, &v))
        d->thread = (unsigned)v;
    else if (starts(line, end, TRIGGER))
        d->has_mark =
            sim_mark_parse(line + strlen(TRIGGER),
                           (int)(end - line - strlen(TRIGGER)), &d->mark);
    else if (starts(line, end, "desc: I1 cache: "))
        copy_text(d->i1, sizeof d->i1, line + 16, end);
    else if (starts(line, end, "desc: D1 cache: "))
        copy_text(d->d1, sizeof d->d1, line + 16, end);
    else if (starts(line, end, "desc: LL cache: "))
        copy_text(d->ll, sizeof d->ll, line + 16, end);
    else if (starts(line, end, "events: "))
        *events = (*nmap = events_line(line + 8, end, map, 64)) > 0;
}

int
sim_dump_parse(const char *buf, size_t len, struct sim_dump *d)
{
    const char *p = buf, *end = buf + len, *last;
    bool events = false;
    int map[64], nmap = 0;

    memset(d, 0, sizeof *d);
    d->part = SIM_PART_FINAL;
    /* Complete: the last line is "totals: ..." and ends in a newline. */
    if (len < 2 || buf[len - 1] != '\n')
        return -EAGAIN;
    for (last = end - 1; last > buf && last[-1] != '\n'; last--)
        ;
    if (!starts(last, end, "totals: "))
        return -EAGAIN;
    for (int n = 0; p < end && n < HEADER_LINES && !events; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));

        header_line(p, nl, d, &events, map, &nmap);
        p = nl + 1;
    }
    if (!events || d->thread == 0)
        return -EINVAL;
    return costs_line(last + 7, end - 1, map, nmap, d->cost);
}

bool
sim_dump_name(const char *name, int *pid, long *part, unsigned *thread)
{
    const char *p = name, *end = name + strlen(name);
    uint64_t v;

    if (!starts(p, end, "cg."))
        return false;
    p += 3;
    if (!number(&p, end, INT32_MAX, &v) || v == 0)
        return false;
    *pid = (int)v;
    *part = SIM_PART_FINAL;
    if (p < end && *p == '.') {
        p++;
        if (!number(&p, end, INT32_MAX, &v) || v == 0)
            return false;
        *part = (long)v;
    }
    if (p >= end || *p++ != '-' || !number(&p, end, UINT32_MAX, &v) || v == 0 ||
        p != end)
        return false;
    *thread = (unsigned)v;
    return true;
}
