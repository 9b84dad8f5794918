/* SPDX-License-Identifier: MIT */
/* whole.c: the whole-program row, from perf_event_open with inherit. */
#include "whole.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct mapping {
    const char *column;
    uint32_t type;
    uint64_t config;
};

#define L1D_READ_MISS                                                          \
    (PERF_COUNT_HW_CACHE_L1D | (PERF_COUNT_HW_CACHE_OP_READ << 8) |            \
     (PERF_COUNT_HW_CACHE_RESULT_MISS << 16))

/* PAPI presets have no kernel name; these generic events match them. */
static const struct mapping mappings[] = {
    {"task_clock_ns", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK},
    {"page_faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS},
    {"context_switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES},
    {"cpu_migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS},
    {"PAPI_TOT_INS", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS},
    {"PAPI_TOT_CYC", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    {"PAPI_REF_CYC", PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES},
    {"PAPI_BR_INS", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS},
    {"PAPI_BR_MSP", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES},
    {"PAPI_L3_TCM", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES},
    {"PAPI_L1_DCM", PERF_TYPE_HW_CACHE, L1D_READ_MISS},
};

static int
open_one(pid_t pid, uint32_t type, uint64_t config)
{
    struct perf_event_attr a;
    int fd;

    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = type;
    a.config = config;
    a.disabled = 1;
    a.enable_on_exec = 1;
    a.inherit = 1;
    a.exclude_hv = 1;
    a.read_format =
        PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
    fd = (int)syscall(SYS_perf_event_open, &a, pid, -1, -1,
                      PERF_FLAG_FD_CLOEXEC);
    if (fd < 0 && (errno == EACCES || errno == EPERM)) {
        a.exclude_kernel = 1;
        fd = (int)syscall(SYS_perf_event_open, &a, pid, -1, -1,
                          PERF_FLAG_FD_CLOEXEC);
    }
    return fd;
}

void
whole_open(struct whole *w, pid_t pid, const struct snap_event *ev, int nev)
{
    memset(w, 0, sizeof *w);
    w->pid = pid;
    w->nev = nev;
    for (int i = 0; i < SNAP_MAX_EVENTS; i++)
        w->fd[i] = -1;
    w->clock_fd = open_one(pid, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK);
    if (w->clock_fd < 0) {
        w->source = "/proc and wait4";
        return;
    }
    w->source = "kernel, inherited";
    for (int i = 0; i < nev; i++)
        for (size_t m = 0; m < sizeof mappings / sizeof mappings[0]; m++)
            if (ev[i].state != SNAP_EV_UNAVAILABLE &&
                strcmp(ev[i].name, mappings[m].column) == 0)
                w->fd[i] = open_one(pid, mappings[m].type, mappings[m].config);
}

/* Count scaled for multiplexing, or -1. */
static int64_t
read_fd(int fd)
{
    uint64_t v[3];

    if (fd < 0 || read(fd, v, sizeof v) != (ssize_t)sizeof v)
        return -1;
    if (v[2] > 0 && v[2] < v[1])
        return (int64_t)((double)v[0] * (double)v[1] / (double)v[2]);
    return (int64_t)v[0];
}

/* /proc/PID/stat: CPU time and page faults of the live process. */
static int
proc_stat(pid_t pid, uint64_t *cpu_ns, int64_t *faults)
{
    char path[64], buf[2048], *p;
    unsigned long minflt, majflt, utime, stime;
    uint64_t tick = 1000000000u / (uint64_t)sysconf(_SC_CLK_TCK);
    FILE *f;
    size_t n;

    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    if ((f = fopen(path, "re")) == NULL)
        return -1;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    if ((p = strrchr(buf, ')')) == NULL ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %lu %*u %lu %*u %lu %lu",
               &minflt, &majflt, &utime, &stime) != 4)
        return -1;
    *cpu_ns = (uint64_t)(utime + stime) * tick;
    *faults = (int64_t)(minflt + majflt);
    return 0;
}

static void
fill_fallback(struct whole *w, struct snapshot *s)
{
    uint64_t cpu = 0;
    int64_t faults = -1, csw = -1;
    const struct rusage *ru = &w->ru;

    if (w->exited) {
        cpu = (uint64_t)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) *
                  1000000000u +
              (uint64_t)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) * 1000u;
        faults = ru->ru_minflt + ru->ru_majflt;
        csw = ru->ru_nvcsw + ru->ru_nivcsw;
    } else if (proc_stat(w->pid, &cpu, &faults) != 0) {
        return;
    }
    s->program_cpu_ns = cpu;
    for (int i = 0; i < s->nevents; i++) {
        if (strcmp(s->events[i].name, "task_clock_ns") == 0)
            s->program.ev[i] = (int64_t)cpu;
        else if (strcmp(s->events[i].name, "page_faults") == 0 && faults >= 0)
            s->program.ev[i] = faults;
        else if (strcmp(s->events[i].name, "context_switches") == 0 &&
                 csw >= 0)
            s->program.ev[i] = csw;
    }
}

void
whole_fill(struct whole *w, struct snapshot *s, uint64_t wall_ns)
{
    int64_t clk;

    memset(&s->program, 0, sizeof s->program);
    s->program.region = s->program.thread = s->program.parent = -1;
    s->program.wall_ns = wall_ns;
    s->program_wall_ns = wall_ns;
    s->has_program = 1;
    snprintf(s->program_source, sizeof s->program_source, "%s", w->source);
    if (w->clock_fd < 0) {
        fill_fallback(w, s);
        return;
    }
    clk = read_fd(w->clock_fd);
    s->program_cpu_ns = clk > 0 ? (uint64_t)clk : 0;
    for (int i = 0; i < s->nevents && i < w->nev; i++) {
        int64_t v = read_fd(w->fd[i]);

        s->program.ev[i] = v < 0 ? 0 : v;
    }
}

void
whole_exited(struct whole *w, const struct rusage *ru)
{
    w->exited = true;
    w->ru = *ru;
}

void
whole_close(struct whole *w)
{
    if (w->source == NULL) /* never opened */
        return;
    for (int i = 0; i < SNAP_MAX_EVENTS; i++)
        if (w->fd[i] >= 0)
            close(w->fd[i]);
    if (w->clock_fd >= 0)
        close(w->clock_fd);
    w->clock_fd = -1;
}
