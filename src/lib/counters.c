/* SPDX-License-Identifier: MIT */
/* counters.c: per-thread reads from PAPI, the kernel and getrusage. */
#include "counters.h"

#include <errno.h>
#include <papi.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "events.h"

static int
sw_of(const char *name)
{
    for (int k = 0; k < HWTOP_SW_COUNT; k++)
        if (strcmp(name, hwtop__sw_name(k)) == 0)
            return k;
    return HWTOP_SW_NONE;
}

static void
open_papi(struct hwtop_counters *c, const struct hwtop_seg_header *h)
{
    int rc;

    if (c->npapi == 0)
        return;
    if (PAPI_register_thread() != PAPI_OK ||
        PAPI_create_eventset(&c->papi_set) != PAPI_OK)
        goto fail;
    for (uint32_t i = 0; i < h->nevents; i++) {
        const struct hwtop_seg_event *e = &h->events[i];

        if (e->source != HWTOP_SRC_PAPI || e->state == HWTOP_EV_UNAVAILABLE)
            continue;
        rc = PAPI_add_named_event(c->papi_set, e->spec);
        if (rc != PAPI_OK) {
            c->last_papi_error = rc;
            goto fail;
        }
    }
    rc = PAPI_start(c->papi_set);
    if (rc == PAPI_OK)
        return;
    c->last_papi_error = rc;
fail:
    if (c->papi_set != PAPI_NULL) {
        PAPI_cleanup_eventset(c->papi_set);
        PAPI_destroy_eventset(&c->papi_set);
    }
    c->papi_set = PAPI_NULL;
    c->npapi = 0;
    c->errors++;
}

static void
open_kernel(struct hwtop_counters *c, const struct hwtop_seg_header *h)
{
    int sws[HWTOP_SEG_MAX_EVENTS];

    if (c->nkernel == 0)
        return;
    for (int i = 0; i < c->nkernel; i++)
        sws[i] = sw_of(h->events[c->kernel_col[i]].name);
    if (hwtop__kernel_sw_open(sws, c->nkernel, c->kernel_fds) < 0) {
        c->nkernel = 0;
        c->errors++;
        return;
    }
    c->kernel_fd = c->kernel_fds[0];
}

void
hwtop__counters_open(struct hwtop_counters *c,
                     const struct hwtop_seg_header *h)
{
    memset(c, 0, sizeof *c);
    c->nevents = (int)h->nevents;
    /* Simulated columns (hwtop --sim) come last: the launcher fills them
     * from callgrind, this thread neither reads nor accounts them. */
    while (c->nevents > 0 &&
           h->events[c->nevents - 1].source == HWTOP_SRC_SIM)
        c->nevents--;
    c->papi_set = PAPI_NULL;
    c->kernel_fd = -1;
    c->rusage_clock_col = c->rusage_fault_col = c->rusage_csw_col = -1;
    for (int i = 0; i < c->nevents; i++) {
        const struct hwtop_seg_event *e = &h->events[i];
        int sw = sw_of(e->name);

        if (e->state == HWTOP_EV_UNAVAILABLE)
            continue;
        if (e->source == HWTOP_SRC_PAPI)
            c->papi_col[c->npapi++] = i;
        else if (e->source == HWTOP_SRC_KERNEL)
            c->kernel_col[c->nkernel++] = i;
        else if (e->source == HWTOP_SRC_RUSAGE &&
                 sw == HWTOP_SW_TASK_CLOCK)
            c->rusage_clock_col = i;
        else if (e->source == HWTOP_SRC_RUSAGE &&
                 sw == HWTOP_SW_PAGE_FAULTS)
            c->rusage_fault_col = i;
        else if (e->source == HWTOP_SRC_RUSAGE &&
                 sw == HWTOP_SW_CONTEXT_SWITCHES)
            c->rusage_csw_col = i;
    }
    open_papi(c, h);
    open_kernel(c, h);
}

static int
read_rusage(struct hwtop_counters *c, int64_t *out)
{
    if (c->rusage_clock_col >= 0) {
        struct timespec ts;

        if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
            return -EIO;
        out[c->rusage_clock_col] =
            (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    }
    if (c->rusage_fault_col >= 0 || c->rusage_csw_col >= 0) {
        struct rusage ru;

        if (getrusage(RUSAGE_THREAD, &ru) != 0)
            return -EIO;
        if (c->rusage_fault_col >= 0)
            out[c->rusage_fault_col] = ru.ru_minflt + ru.ru_majflt;
        if (c->rusage_csw_col >= 0)
            out[c->rusage_csw_col] = ru.ru_nvcsw + ru.ru_nivcsw;
    }
    return 0;
}

int
hwtop__counters_read(struct hwtop_counters *c, int64_t *out)
{
    int rc = 0;

    if (c->npapi > 0) {
        long long v[HWTOP_SEG_MAX_EVENTS];
        int prc = PAPI_read(c->papi_set, v);

        if (prc == PAPI_OK) {
            for (int i = 0; i < c->npapi; i++)
                out[c->papi_col[i]] = v[i];
        } else {
            c->last_papi_error = prc;
            rc = -EIO;
        }
    }
    if (c->nkernel > 0) {
        uint64_t buf[1 + HWTOP_SEG_MAX_EVENTS];
        ssize_t want = (ssize_t)((1 + (size_t)c->nkernel) * sizeof buf[0]);

        if (read(c->kernel_fd, buf, sizeof buf) == want &&
            buf[0] == (uint64_t)c->nkernel) {
            for (int i = 0; i < c->nkernel; i++)
                out[c->kernel_col[i]] = (int64_t)buf[1 + i];
        } else {
            rc = -EIO;
        }
    }
    if (read_rusage(c, out) != 0)
        rc = -EIO;
    return rc;
}

void
hwtop__counters_close(struct hwtop_counters *c)
{
    if (c->papi_set != PAPI_NULL) {
        long long v[HWTOP_SEG_MAX_EVENTS];

        PAPI_stop(c->papi_set, v);
        PAPI_cleanup_eventset(c->papi_set);
        PAPI_destroy_eventset(&c->papi_set);
        PAPI_unregister_thread();
    }
    for (int i = 0; i < c->nkernel; i++)
        close(c->kernel_fds[i]);
    c->npapi = c->nkernel = 0;
    c->papi_set = PAPI_NULL;
    c->kernel_fd = -1;
}

void
hwtop__counters_forget(struct hwtop_counters *c)
{
    for (int i = 0; i < c->nkernel; i++)
        close(c->kernel_fds[i]);
    c->npapi = c->nkernel = 0;
    c->papi_set = PAPI_NULL;
    c->kernel_fd = -1;
}
