/* SPDX-License-Identifier: MIT */
/* resolve.c: which asked-for events this machine can count, and why not. */
#include "events.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <papi.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* What the machine offers, looked up once per resolution. */
struct facts {
    int papi_ok;
    char papi_err[96];
    int perf_active;        /* PAPI's perf_event component enabled */
    char perf_reason[128];  /* PAPI's reason when it is not */
    int pmu_exposed;        /* the kernel has a CPU PMU */
    int hypervisor;         /* cpuinfo says virtual machine */
    int paranoid;           /* kernel.perf_event_paranoid, or -99 unknown */
};

/* Switches and migrations are counted in the kernel: PAPI's default
 * domain (user only) would make them read 0, so ask for k=1 (refused
 * where perf_event_paranoid hides the kernel: then the kernel path). */
static const char *const papi_sw_names[HWTOP_SW_COUNT] = {
    "perf::TASK-CLOCK", "perf::PAGE-FAULTS", "perf::CONTEXT-SWITCHES:k=1",
    "perf::CPU-MIGRATIONS:k=1"};

static const unsigned long long kernel_sw_config[HWTOP_SW_COUNT] = {
    PERF_COUNT_SW_TASK_CLOCK, PERF_COUNT_SW_PAGE_FAULTS,
    PERF_COUNT_SW_CONTEXT_SWITCHES, PERF_COUNT_SW_CPU_MIGRATIONS};

static unsigned long
self_thread_id(void)
{
    return (unsigned long)pthread_self();
}

static int
papi_init(char *err, size_t errlen)
{
    int rc;

    if (PAPI_is_initialized() != PAPI_NOT_INITED)
        return 0;
    rc = PAPI_library_init(PAPI_VER_CURRENT);
    if (rc != PAPI_VER_CURRENT) {
        snprintf(err, errlen, "PAPI_library_init failed: %s",
                 rc > 0 ? "version mismatch" : PAPI_strerror(rc));
        return -1;
    }
    rc = PAPI_thread_init(self_thread_id);
    if (rc != PAPI_OK) {
        snprintf(err, errlen, "PAPI_thread_init failed: %s",
                 PAPI_strerror(rc));
        return -1;
    }
    return 0;
}

static int
read_int_file(const char *path, int *out)
{
    FILE *f = fopen(path, "re");
    int ok;

    if (f == NULL)
        return -1;
    ok = fscanf(f, "%d", out) == 1;
    fclose(f);
    return ok ? 0 : -1;
}

static int
cpuinfo_hypervisor(void)
{
    char line[4096];
    FILE *f = fopen("/proc/cpuinfo", "re");
    int found = 0;

    if (f == NULL)
        return 0;
    while (!found && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "flags", 5) == 0)
            found = strstr(line, " hypervisor") != NULL ? 1 : -1;
    fclose(f);
    return found == 1;
}

static int
pmu_exposed(void)
{
    static const char *const pmus[] = {"cpu", "cpu_core", "cpu_atom",
                                       "armv8_pmuv3", "armv8_pmuv3_0"};
    char path[128];

    for (size_t i = 0; i < sizeof pmus / sizeof pmus[0]; i++) {
        snprintf(path, sizeof path, "/sys/bus/event_source/devices/%s",
                 pmus[i]);
        if (access(path, F_OK) == 0)
            return 1;
    }
    return 0;
}

static void
facts_gather(struct facts *f)
{
    memset(f, 0, sizeof *f);
    f->papi_ok = papi_init(f->papi_err, sizeof f->papi_err) == 0;
    if (f->papi_ok) {
        int cidx = PAPI_get_component_index("perf_event");
        const PAPI_component_info_t *ci =
            cidx >= 0 ? PAPI_get_component_info(cidx) : NULL;

        f->perf_active = ci != NULL && ci->disabled == 0;
        if (ci == NULL)
            snprintf(f->perf_reason, sizeof f->perf_reason,
                     "PAPI was built without its perf_event component");
        else if (ci->disabled)
            snprintf(f->perf_reason, sizeof f->perf_reason, "%.120s",
                     ci->disabled_reason);
    }
    f->pmu_exposed = pmu_exposed();
    f->hypervisor = cpuinfo_hypervisor();
    if (read_int_file("/proc/sys/kernel/perf_event_paranoid", &f->paranoid))
        f->paranoid = -99;
}

static void
pmu_reason(const struct facts *f, char *out, size_t n)
{
    if (f->hypervisor)
        snprintf(out, n,
                 "no hardware PMU exposed to this virtual machine "
                 "(/sys/bus/event_source/devices/cpu is missing, cpuinfo has "
                 "the hypervisor flag: the host must expose the PMU)");
    else
        snprintf(out, n,
                 "no hardware PMU (/sys/bus/event_source/devices/cpu is "
                 "missing: the kernel has no PMU driver for this CPU)");
}

/* Words a user can act on, for PAPI's refusal rc of event name. */
static void
hw_reason(int rc, const char *name, const struct facts *f, char *out,
          size_t n)
{
    char pmu[200];

    pmu_reason(f, pmu, sizeof pmu);
    if (!f->papi_ok) {
        snprintf(out, n, "%s", f->papi_err);
    } else if (rc == PAPI_EPERM) {
        snprintf(out, n,
                 "perf_event_paranoid is %d: run 'sysctl "
                 "kernel.perf_event_paranoid=1' or give hwtop CAP_PERFMON",
                 f->paranoid);
    } else if (rc == PAPI_ECNFLCT || rc == PAPI_ECOUNT) {
        snprintf(out, n,
                 "not enough hardware counters to count it together with "
                 "the events before it");
    } else if ((rc == PAPI_ENOEVNT || rc == PAPI_ENOSUPP) &&
               strncmp(name, "PAPI_", 5) != 0) {
        if (f->perf_active)
            snprintf(out, n, "unknown event name (papi_native_avail lists "
                             "the names this machine knows)");
        else
            snprintf(out, n, "unknown event name: PAPI knows no native "
                             "events here, its perf_event component is "
                             "disabled (%.100s)",
                     f->perf_reason);
    } else if (!f->pmu_exposed) {
        snprintf(out, n, "%s", pmu);
    } else if (!f->perf_active) {
        snprintf(out, n, "PAPI's perf_event component is disabled: %s",
                 f->perf_reason);
    } else if (rc == PAPI_ENOEVNT && strncmp(name, "PAPI_", 5) == 0) {
        snprintf(out, n, "%s has no native mapping on this CPU (papi_avail "
                         "lists the presets that do)",
                 name);
    } else if (rc == PAPI_ENOEVNT) {
        snprintf(out, n, "unknown event name (papi_native_avail lists the "
                         "names this machine knows)");
    } else {
        snprintf(out, n, "PAPI: %s", PAPI_strerror(rc));
    }
}

/* Adds name to set and checks that the set still starts; rc on refusal. */
static int
papi_try_add(int set, const char *name)
{
    long long v[HWTOP_SEG_MAX_EVENTS * 2];
    int rc = PAPI_add_named_event(set, name);

    if (rc != PAPI_OK)
        return rc;
    rc = PAPI_start(set);
    if (rc == PAPI_OK)
        rc = PAPI_stop(set, v);
    if (rc != PAPI_OK)
        PAPI_remove_named_event(set, name);
    return rc;
}

static void
set_event(struct hwtop_seg_event *e, const char *name, const char *spec,
          int source, int state, const char *reason)
{
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    snprintf(e->spec, sizeof e->spec, "%s", spec);
    e->source = (uint32_t)source;
    e->state = (uint32_t)state;
    snprintf(e->reason, sizeof e->reason, "%s", reason ? reason : "");
}

int
hwtop__kernel_sw_open(const int *want, int n, int *fds)
{
    int exclude_kernel = 0;

retry:
    for (int i = 0; i < n; i++) {
        struct perf_event_attr a;

        memset(&a, 0, sizeof a);
        a.size = sizeof a;
        a.type = PERF_TYPE_SOFTWARE;
        a.config = kernel_sw_config[want[i]];
        a.read_format = PERF_FORMAT_GROUP;
        a.exclude_hv = 1;
        a.exclude_kernel = (unsigned)exclude_kernel;
        /* The leader starts disabled and the whole group is enabled at
         * once below: siblings added to a running group on the current
         * thread (task clock with page faults: two PMUs) count nothing
         * until the thread is next scheduled in (seen on Linux 6.18). */
        a.disabled = i == 0;
        fds[i] = (int)syscall(SYS_perf_event_open, &a, 0, -1,
                              i == 0 ? -1 : fds[0], PERF_FLAG_FD_CLOEXEC);
        if (fds[i] < 0) {
            int err = errno;

            while (i-- > 0)
                close(fds[i]);
            if ((err == EACCES || err == EPERM) && !exclude_kernel) {
                exclude_kernel = 1;
                goto retry;
            }
            return -err;
        }
    }
    if (n > 0 &&
        ioctl(fds[0], PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP) != 0) {
        int err = errno;

        for (int i = 0; i < n; i++)
            close(fds[i]);
        return -err;
    }
    /* 1 tells the caller that kernel-side counts are hidden. */
    return exclude_kernel;
}

/* Tries the kernel for the software events sws[0..n): 0, 1 (kernel side
 * hidden) or -errno. */
static int
kernel_probe(const int *sws, int n)
{
    int fds[HWTOP_SW_COUNT];
    int rc = hwtop__kernel_sw_open(sws, n, fds);

    if (rc < 0)
        return rc;
    for (int i = 0; i < n; i++)
        close(fds[i]);
    return rc;
}

struct resolution {
    struct hwtop_seg_header *h;
    const struct facts *f;
    int nhw;
};

static void
drop(struct hwtop_seg_header *h, const char *name, const char *reason)
{
    if (h->ndropped < HWTOP_SEG_MAX_EVENTS)
        set_event(&h->dropped[h->ndropped++], name, name, HWTOP_SRC_NONE,
                  HWTOP_EV_UNAVAILABLE, reason);
}

static void
resolve_hw(struct resolution *r, int set, const struct hwtop_event_want *w)
{
    int rc = PAPI_ENOEVNT;
    char reason[HWTOP_SEG_REASON];
    const char *last = w->cand[0];

    for (int c = 0; c < w->ncand && r->f->papi_ok && set != PAPI_NULL; c++) {
        last = w->cand[c];
        rc = papi_try_add(set, w->cand[c]);
        if (rc == PAPI_OK) {
            set_event(&r->h->events[r->h->nevents++], w->cand[c], w->cand[c],
                      HWTOP_SRC_PAPI, HWTOP_EV_COUNTING, NULL);
            r->nhw++;
            return;
        }
    }
    hw_reason(rc, last, r->f, reason, sizeof reason);
    drop(r->h, w->cand[0], reason);
}

/* PAPI's perf:: events for the software counters, in the shared set. */
static int
sw_via_papi(struct resolution *r, int set, const int *sws, int n)
{
    int added = 0;

    if (!r->f->papi_ok || !r->f->perf_active || set == PAPI_NULL)
        return -1;
    for (int i = 0; i < n; i++) {
        if (papi_try_add(set, papi_sw_names[sws[i]]) != PAPI_OK) {
            while (added-- > 0)
                PAPI_remove_named_event(set, papi_sw_names[sws[added]]);
            return -1;
        }
        added++;
    }
    for (int i = 0; i < n; i++)
        set_event(&r->h->events[r->h->nevents++], hwtop__sw_name(sws[i]),
                  papi_sw_names[sws[i]], HWTOP_SRC_PAPI, HWTOP_EV_COUNTING,
                  NULL);
    return 0;
}

static void
sw_via_kernel_or_rusage(struct resolution *r, const int *sws, int n,
                        enum hwtop_backend backend)
{
    int krc = backend == HWTOP_BACKEND_RUSAGE ? -EPERM : kernel_probe(sws, n);
    char reason[HWTOP_SEG_REASON];

    for (int i = 0; i < n; i++) {
        const char *name = hwtop__sw_name(sws[i]);
        struct hwtop_seg_event *e = &r->h->events[r->h->nevents++];
        int kside = sws[i] == HWTOP_SW_CONTEXT_SWITCHES ||
                    sws[i] == HWTOP_SW_CPU_MIGRATIONS;

        /* With kernel side hidden, switches and migrations read 0. */
        if (krc == 0 || (krc == 1 && !kside)) {
            set_event(e, name, name, HWTOP_SRC_KERNEL, HWTOP_EV_COUNTING,
                      NULL);
        } else if (sws[i] != HWTOP_SW_CPU_MIGRATIONS) {
            set_event(e, name, name, HWTOP_SRC_RUSAGE, HWTOP_EV_COUNTING,
                      NULL);
        } else {
            if (backend == HWTOP_BACKEND_RUSAGE)
                snprintf(reason, sizeof reason,
                         "getrusage has no CPU-migration count");
            else if (krc == 1)
                snprintf(reason, sizeof reason,
                         "perf_event_paranoid is %d: the kernel hides "
                         "migrations from unprivileged users",
                         r->f->paranoid);
            else
                snprintf(reason, sizeof reason,
                         "the kernel refused perf_event_open (%s) and "
                         "getrusage has no CPU-migration count",
                         strerror(-krc));
            set_event(e, name, name, HWTOP_SRC_RUSAGE, HWTOP_EV_UNAVAILABLE,
                      reason);
        }
    }
}

static void
resolve_sw(struct resolution *r, int set, const int *sws, int n,
           enum hwtop_backend backend)
{
    char reason[HWTOP_SEG_REASON];

    if (n == 0)
        return;
    if ((backend == HWTOP_BACKEND_AUTO || backend == HWTOP_BACKEND_PAPI) &&
        sw_via_papi(r, set, sws, n) == 0)
        return;
    if (backend == HWTOP_BACKEND_PAPI) {
        if (!r->f->papi_ok)
            snprintf(reason, sizeof reason, "%s", r->f->papi_err);
        else if (!r->f->perf_active)
            snprintf(reason, sizeof reason,
                     "HWTOP_BACKEND=papi, but PAPI's perf_event component "
                     "is disabled: %s",
                     r->f->perf_reason);
        else
            snprintf(reason, sizeof reason,
                     "HWTOP_BACKEND=papi, but PAPI refused its perf:: "
                     "software events");
        for (int i = 0; i < n; i++)
            set_event(&r->h->events[r->h->nevents++], hwtop__sw_name(sws[i]),
                      papi_sw_names[sws[i]], HWTOP_SRC_PAPI,
                      HWTOP_EV_UNAVAILABLE, reason);
        return;
    }
    sw_via_kernel_or_rusage(r, sws, n, backend);
}

int
hwtop__events_resolve(const struct hwtop_event_list *want,
                      enum hwtop_backend backend, struct hwtop_seg_header *h)
{
    struct facts f;
    struct resolution r = {h, &f, 0};
    int set = PAPI_NULL, nasked_hw = 0, sws[HWTOP_SW_COUNT], nsw = 0;

    facts_gather(&f);
    h->nevents = 0;
    h->ndropped = 0;
    h->fallback = 0;
    if (f.papi_ok && PAPI_create_eventset(&set) != PAPI_OK)
        set = PAPI_NULL;
    for (int i = 0; i < want->n; i++) {
        if (want->ev[i].sw != HWTOP_SW_NONE) {
            sws[nsw++] = want->ev[i].sw;
            continue;
        }
        nasked_hw++;
        if (h->nevents < HWTOP_SEG_MAX_EVENTS - HWTOP_SW_COUNT)
            resolve_hw(&r, set, &want->ev[i]);
        else
            drop(h, want->ev[i].cand[0],
                 "more than 12 hardware events asked for: hwtop keeps 4 "
                 "columns for the software counters");
    }
    /* Nothing asked for could be counted: carry on with software. */
    if (nasked_hw > 0 && r.nhw == 0) {
        int before = nsw;

        for (int k = 0; k < HWTOP_SW_COUNT; k++) {
            int have = 0;

            for (int j = 0; j < nsw; j++)
                have |= sws[j] == k;
            if (!have)
                sws[nsw++] = k;
        }
        h->fallback = nsw > before;
    }
    resolve_sw(&r, set, sws, nsw, backend);
    if (set != PAPI_NULL) {
        PAPI_cleanup_eventset(set);
        PAPI_destroy_eventset(&set);
    }
    return 0;
}
