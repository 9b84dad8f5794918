/* SPDX-License-Identifier: MIT */
/* history.c: each region's calls over the last minute, for rate sparklines. */
#include "history.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_S 1000000000u

void
history_fini(struct history *h)
{
    for (int i = 0; i < h->n; i++)
        free(h->r[i].name);
    free(h->r);
    memset(h, 0, sizeof *h);
}

static int
name_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);

    if (c != 0)
        return c;
    return (alen > blen) - (alen < blen);
}

/* Index of name, or -(where it would go) - 1. */
static int
find(const struct history *h, const char *name, size_t len)
{
    int lo = 0, hi = h->n;

    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        int c = name_cmp(h->r[mid].name, h->r[mid].len, name, len);

        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -lo - 1;
}

/* The region's entry, added when new; NULL when it cannot be. */
static struct history_region *
entry(struct history *h, const char *name, size_t len)
{
    int i = find(h, name, len);
    struct history_region *e;

    if (i >= 0)
        return &h->r[i];
    i = -i - 1;
    if (h->n >= HISTORY_MAX_REGIONS)
        return NULL;
    if (h->n == h->cap) {
        int cap = h->cap ? 2 * h->cap : 64;
        struct history_region *r = realloc(h->r, sizeof *r * (size_t)cap);

        if (r == NULL)
            return NULL;
        h->r = r;
        h->cap = cap;
    }
    e = &h->r[i];
    memmove(e + 1, e, sizeof *e * (size_t)(h->n - i));
    if ((e->name = malloc(len + 1)) == NULL) {
        memmove(e, e + 1, sizeof *e * (size_t)(h->n - i));
        return NULL;
    }
    memcpy(e->name, name, len);
    e->name[len] = '\0';
    e->len = len;
    for (int k = 0; k < HISTORY_SLOTS; k++)
        e->calls[k] = HISTORY_NONE;
    h->n++;
    return e;
}

int
history_record(struct history *h, const struct snapshot *s)
{
    uint64_t sec = s->elapsed_ns / NS_PER_S;
    int k = (int)(sec % HISTORY_SLOTS), rc = 0;

    if (s->elapsed_ns < h->last_ns)
        history_fini(h);
    if (h->last_ns != 0 && sec == h->last_ns / NS_PER_S && h->sec[k] == sec + 1)
        return 0;
    h->last_ns = s->elapsed_ns ? s->elapsed_ns : 1;
    h->sec[k] = sec + 1;
    h->t_ns[k] = s->elapsed_ns;
    for (int i = 0; i < h->n; i++)
        h->r[i].calls[k] = HISTORY_NONE;
    for (int i = 0; i < s->nrows; i++) {
        const struct snap_row *row = &s->rows[i];
        const struct snap_region *g;
        struct history_region *e;

        if (row->thread != -1 || row->region < 0 || row->region >= s->nregions)
            continue;
        g = &s->regions[row->region];
        if (g->name == NULL)
            continue;
        if ((e = entry(h, g->name, g->len)) == NULL) {
            rc = -ENOMEM;
            continue;
        }
        e->calls[k] = row->calls;
    }
    return rc;
}

/* Spreads the rate between two samples over the seconds after the first
 * up to the second, those in the window [first, first + n); first is
 * below 0 early in a run. */
static void
spread(double *out, int n, int64_t first, uint64_t from, uint64_t to,
       double rate)
{
    for (int64_t sec = (int64_t)from + 1; sec <= (int64_t)to; sec++)
        if (sec >= first && sec < first + n)
            out[sec - first] = rate;
}

int
history_rates(const struct history *h, const char *name, size_t len,
              uint64_t until_ns, double *out, int n)
{
    uint64_t now = until_ns / NS_PER_S, prev_sec = 0, prev_t = 0;
    uint64_t prev_calls = HISTORY_NONE;
    int64_t first = (int64_t)now + 1 - n;
    int i = h->n > 0 ? find(h, name, len) : -1, known = 0;

    for (int j = 0; j < n; j++)
        out[j] = NAN;
    if (i < 0 || n <= 0)
        return 0;
    /* From the oldest second the ring can hold, so that the window's
     * first second gets a rate too. */
    for (uint64_t sec = now >= HISTORY_SECONDS ? now - HISTORY_SECONDS : 0;
         sec <= now; sec++) {
        int k = (int)(sec % HISTORY_SLOTS);
        uint64_t c = h->r[i].calls[k];

        if (h->sec[k] != sec + 1 || c == HISTORY_NONE || h->t_ns[k] > until_ns)
            continue;
        if (prev_calls != HISTORY_NONE && c >= prev_calls &&
            h->t_ns[k] > prev_t)
            spread(out, n, first, prev_sec, sec,
                   (double)(c - prev_calls) * 1e9 /
                       (double)(h->t_ns[k] - prev_t));
        prev_sec = sec;
        prev_t = h->t_ns[k];
        prev_calls = c;
    }
    for (int j = 0; j < n; j++)
        known += !isnan(out[j]);
    return known;
}
