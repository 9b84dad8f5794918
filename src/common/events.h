/* SPDX-License-Identifier: MIT */
/* events.h: event groups, event-list parsing, and resolving what counts. */
#ifndef HWTOP_EVENTS_H
#define HWTOP_EVENTS_H

#include <stddef.h>

#include "segment.h"

/* The software counters: same column names whatever their source. */
enum hwtop_sw {
    HWTOP_SW_NONE = -1,
    HWTOP_SW_TASK_CLOCK = 0,
    HWTOP_SW_PAGE_FAULTS,
    HWTOP_SW_CONTEXT_SWITCHES,
    HWTOP_SW_CPU_MIGRATIONS,
    HWTOP_SW_COUNT
};

#define HWTOP_EVENT_MAX_CAND 3

/* One event asked for: a software counter or PAPI names, best first. */
struct hwtop_event_want {
    int sw;       /* enum hwtop_sw, or HWTOP_SW_NONE for PAPI events */
    int optional; /* from the default group: dropped quietly on conflict */
    int ncand;
    char cand[HWTOP_EVENT_MAX_CAND][HWTOP_SEG_EVENT_NAME];
};

struct hwtop_event_list {
    int n;
    struct hwtop_event_want ev[HWTOP_SEG_MAX_EVENTS];
};

/* Column name of a software counter ("page_faults"). */
const char *hwtop__sw_name(int sw);
/* Name of a source ("kernel"). */
const char *hwtop__source_name(int source);

/*
 * Parses "ipc,sw,perf::PAGE-FAULTS" (groups and event names, comma
 * separated; NULL or "" means "default").  Returns 0, or -EINVAL with a
 * one-line reason in err.
 */
int hwtop__events_parse(const char *spec, struct hwtop_event_list *out,
                        char *err, size_t errlen);

/* HWTOP_BACKEND values: which source the software counters must use. */
enum hwtop_backend {
    HWTOP_BACKEND_AUTO = 0,
    HWTOP_BACKEND_PAPI,
    HWTOP_BACKEND_KERNEL,
    HWTOP_BACKEND_RUSAGE,
};

/* Parses HWTOP_BACKEND; returns -EINVAL for an unknown word. */
int hwtop__backend_parse(const char *s, enum hwtop_backend *out);

/*
 * Decides, on this machine, which of the wanted events can be counted and
 * from which source, and writes the result into the header's events[] and
 * dropped[] (with the reason for each event that cannot be counted).
 * Initialises PAPI (thread support included) when it is not yet.
 * Never prints.  Returns 0; fails only when nothing at all can be set up.
 */
int hwtop__events_resolve(const struct hwtop_event_list *want,
                          enum hwtop_backend backend,
                          struct hwtop_seg_header *h);

/* Opens the kernel's software group for the calling thread; the events
 * are the HWTOP_SW_* in want[0..n).  Returns the leader fd or -errno.
 * fds[] gets every fd (leader first). */
int hwtop__kernel_sw_open(const int *want, int n, int *fds);

#endif /* HWTOP_EVENTS_H */
