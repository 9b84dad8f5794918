/* SPDX-License-Identifier: MIT */
/* mark.c: parsing the marks of mark.h; they come from the program's memory. */
#include "mark.h"

#include <string.h>

struct cursor {
    const char *p, *end;
};

static bool
number(struct cursor *c, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    const char *start = c->p;

    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        unsigned d = (unsigned)(*c->p - '0');

        if (v > (max - d) / 10)
            return false;
        v = v * 10 + d;
        c->p++;
    }
    *out = v;
    return c->p > start;
}

static bool
space(struct cursor *c)
{
    if (c->p >= c->end || *c->p != ' ')
        return false;
    c->p++;
    return true;
}

static bool
region(struct cursor *c, uint32_t *out)
{
    uint64_t v;

    if (c->p < c->end && *c->p == '-') {
        c->p++;
        *out = SIM_NO_REGION;
        return true;
    }
    if (!number(c, SIM_NO_REGION - 1, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

/* "uR:N" or "sR:N", appended to the list its letter names. */
static bool
tally(struct cursor *c, struct sim_mark *m)
{
    char kind = *c->p++;
    struct sim_tally *t;
    uint64_t n;
    uint32_t r;
    int *count = kind == 'u' ? &m->nu : &m->ns;

    if (!region(c, &r) || r == SIM_NO_REGION || c->p >= c->end ||
        *c->p++ != ':' || !number(c, UINT64_MAX, &n) ||
        *count >= SIM_MARK_TALLY)
        return false;
    t = kind == 'u' ? &m->u[*count] : &m->s[*count];
    t->region = r;
    t->n = n;
    (*count)++;
    return true;
}

bool
sim_mark_parse(const char *p, int len, struct sim_mark *m)
{
    struct cursor c = {p, p + len};
    uint64_t tid, depth;

    memset(m, 0, sizeof *m);
    if (len < 7 || memcmp(p, "hwtop1 ", 7) != 0)
        return false;
    c.p += 7;
    if (c.p >= c.end || (*c.p != 'B' && *c.p != 'E' && *c.p != 'F'))
        return false;
    m->op = *c.p++;
    if (!space(&c) || !number(&c, INT32_MAX, &tid) || tid == 0 || !space(&c) ||
        !number(&c, SIM_MARK_MAX_DEPTH, &depth) || !space(&c) ||
        !region(&c, &m->region))
        return false;
    if (m->op == 'B' && depth == 0)
        return false;
    m->tid = (int32_t)tid;
    m->depth = (uint32_t)depth;
    while (c.p < c.end) {
        if (!space(&c) || c.p >= c.end || (*c.p != 'u' && *c.p != 's') ||
            !tally(&c, m))
            return false;
    }
    return true;
}
