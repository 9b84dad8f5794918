/* SPDX-License-Identifier: MIT */
/* fuzz_events.c: the -e / HWTOP_EVENTS list parser, and HWTOP_BACKEND. */

/*
 * The input is the list, NUL-terminated.  hwtop__events_parse must
 * return 0 with 1..HWTOP_SEG_MAX_EVENTS well-formed events (or none for
 * "none"), or -EINVAL with a one-line reason.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "fuzz.h"

static void
check_list(const struct hwtop_event_list *l)
{
    if (l->n < 0 || l->n > HWTOP_SEG_MAX_EVENTS)
        abort();
    for (int i = 0; i < l->n; i++) {
        const struct hwtop_event_want *w = &l->ev[i];

        if (w->sw < HWTOP_SW_NONE || w->sw >= HWTOP_SW_COUNT ||
            w->ncand < 0 || w->ncand > HWTOP_EVENT_MAX_CAND)
            abort();
        if (w->sw == HWTOP_SW_NONE && w->ncand == 0)
            abort();
        for (int c = 0; c < w->ncand; c++)
            if (memchr(w->cand[c], '\0', HWTOP_SEG_EVENT_NAME) == NULL ||
                w->cand[c][0] == '\0')
                abort();
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hwtop_event_list l;
    enum hwtop_backend b;
    char *spec = malloc(size + 1), err[200];
    int rc;

    if (spec == NULL)
        return 0;
    memcpy(spec, data, size);
    spec[size] = '\0';
    rc = hwtop__events_parse(spec, &l, err, sizeof err);
    if (rc == 0)
        check_list(&l);
    else if (rc != -EINVAL || err[0] == '\0' || strchr(err, '\n') != NULL)
        abort(); /* one line that says why */
    if (hwtop__backend_parse(spec, &b) == 0 &&
        (b < HWTOP_BACKEND_AUTO || b > HWTOP_BACKEND_RUSAGE))
        abort();
    free(spec);
    return 0;
}
