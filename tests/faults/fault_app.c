/* SPDX-License-Identifier: MIT */
/* fault_app.c: a badly behaved program for hwtop, one fault per argv[1]. */

/*
 * Instrumented with <hwtop.h> only, except "scribble", which reads the
 * segment's layout (src/common/segment.h) to aim its garbage.  Facts go
 * to stdout as "fixture: key=value" lines (hwtop's stdout under -b).
 */
#include <hwtop.h>

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "segment.h"
#include "testapp.h"
#include "testclock.h"

static void
calls(const char *name, int n)
{
    for (int i = 0; i < n; i++) {
        hwtop_region_begin(name);
        hwtop_region_end(name);
    }
}

/* ---- threads N: N threads alive at once, one call of "t" each. */

static int
scenario_threads(int argc, char **argv)
{
    return app_threads(argc > 2 ? atoi(argv[2]) : 1000);
}

/* ---- longnames N LEN: N distinct names of LEN bytes each, one call. */

static int
scenario_longnames(int argc, char **argv)
{
    int n = argc > 2 ? atoi(argv[2]) : 200;
    size_t len = argc > 3 ? (size_t)atol(argv[3]) : 8000;
    char *name = malloc(len + 1);

    if (name == NULL || len < 8)
        return 2;
    memset(name, 'n', len);
    name[len] = '\0';
    for (int i = 0; i < n; i++) {
        char tag[16];

        snprintf(tag, sizeof tag, "%06d_", i % 1000000);
        memcpy(name, tag, 7);
        calls(name, 1);
    }
    fact("names", n);
    free(name);
    return 0;
}

/* ---- closefds: regions, every descriptor closed, regions again. */

static int
scenario_closefds(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    calls("before_close", 3);
    PERF_REGION_BEGIN("across_close");
    for (int fd = 0; fd < 65536; fd++)
        close(fd);
    PERF_REGION_END("across_close");
    calls("before_close", 2);
    calls("after_close", 5);
    return 0; /* nothing left to print on */
}

/* ---- scribble AREA MS SEED: regions in two threads, then garbage
 * written over AREA of the segment for MS milliseconds, then _exit(7)
 * (the library's exit handler would trip over its own garbage). */

static uint64_t rng;

static uint64_t
next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void
noise(char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        p[i] = (char)next();
}

/* Random bytes at random places of [p, p + len), about a tenth of it. */
static void
sprinkle(char *p, size_t len)
{
    for (size_t i = 0; i < len / 10 + 1; i++)
        p[next() % len] = (char)next();
}

static void *
worker(void *arg)
{
    char name[32];

    for (int i = 0; i < 50; i++) {
        snprintf(name, sizeof name, "w%ld_%d", (long)(intptr_t)arg, i % 7);
        PERF_REGION_BEGIN("work");
        calls(name, 3);
        PERF_REGION_END("work");
    }
    return NULL;
}

/* Counts that make a reader walk far: huge, or just past the limits. */
static void
lie_counts(struct hwtop_seg_header *h)
{
    uint32_t *u32[] = {&h->nregions, &h->nthreads, &h->nslots, &h->nmisuse,
                       &h->nevents, &h->ndropped, &h->max_regions};
    uint32_t v[] = {0xffffffffu, h->max_threads + 1, h->max_slots, 1u << 31,
                    17, 1000, 0, 3};

    for (size_t i = 0; i < sizeof u32 / sizeof u32[0]; i++)
        *u32[i] = v[next() % (sizeof v / sizeof v[0])];
}

static void
scribble_once(struct hwtop_seg_header *h, const struct hwtop_seg_header *lay,
              const char *area)
{
    char *base = (char *)h;
    const size_t cap = 256 * 1024; /* the used part of the big areas */
    struct {
        const char *name;
        uint64_t off, len;
    } areas[] = {
        {"header", 0, sizeof *h},
        {"regions", lay->regions_off, lay->arena_off - lay->regions_off},
        {"arena", lay->arena_off, lay->threads_off - lay->arena_off},
        {"threads", lay->threads_off, lay->slots_off - lay->threads_off},
        {"slots", lay->slots_off, lay->hists_off - lay->slots_off},
        {"hists", lay->hists_off, lay->total_bytes - lay->hists_off},
    };
    size_t n = sizeof areas / sizeof areas[0];

    if (strcmp(area, "counts") == 0) {
        lie_counts(h);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = areas[i].len < cap ? areas[i].len : cap;

        if (strcmp(area, "all") == 0 && next() % 3 == 0)
            sprinkle(base + areas[i].off, len);
        else if (strcmp(area, areas[i].name) == 0)
            noise(base + areas[i].off, len);
    }
    if (strcmp(area, "all") == 0 && next() % 4 == 0)
        lie_counts(h);
}

static int
scenario_scribble(int argc, char **argv)
{
    const char *env = getenv("HWTOP_SEGMENT_FD");
    struct hwtop_seg_header lay;
    pthread_t t[2];
    struct stat st;
    uint64_t end;
    long ms;
    void *mem;
    int fd;

    if (argc < 5 || env == NULL)
        return 2;
    ms = atol(argv[3]);
    rng = (uint64_t)atoll(argv[4]) * 0x9e3779b97f4a7c15ull | 1;
    for (long i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    PERF_REGION_BEGIN("open_while_scribbling");
    fact("work_calls", 2 * 50);
    sleep_ms(300); /* hwtop takes good snapshots of the regions first */
    fd = atoi(env);
    if (fstat(fd, &st) != 0)
        return 3;
    mem = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED,
               fd, 0);
    if (mem == MAP_FAILED)
        return 3;
    memcpy(&lay, mem, sizeof lay); /* where the areas are, before garbage */
    fact("scribbling", 1);
    end = now_ns() + (uint64_t)ms * 1000000u;
    do {
        scribble_once(mem, &lay, argv[2]);
        sleep_ms(5);
    } while (now_ns() < end);
    _exit(7);
}

/* ---- fork_crash: a forked child segfaults inside a region; the
 * parent goes on and exits 0. */

static int
scenario_fork_crash(int argc, char **argv)
{
    int status;
    pid_t c;

    (void)argc;
    (void)argv;
    calls("parent_before", 2);
    fflush(stdout);
    if ((c = fork()) < 0)
        return 1;
    if (c == 0) {
        calls("child_done", 2);
        fact("child_pid", getpid());
        PERF_REGION_BEGIN("child_crashing");
        segfault();
        _exit(1);
    }
    if (waitpid(c, &status, 0) != c || !WIFSIGNALED(status) ||
        WTERMSIG(status) != SIGSEGV)
        return 1;
    calls("parent_after", 1);
    fact("parent_pid", getpid());
    return 0;
}

/* ---- orphan MARKER: leaves a child running regions, and exits 0. */

static int
scenario_orphan(int argc, char **argv)
{
    pid_t c;

    if (argc < 3)
        return 2;
    calls("parent", 2);
    fflush(stdout);
    if ((c = fork()) < 0)
        return 1;
    if (c == 0) {
        setsid();
        write_marker(argv[2], getpid());
        for (;;) {
            calls("orphan_tick", 1);
            sleep_ms(5);
        }
    }
    fact("parent_pid", getpid());
    return 0;
}

/* ---- exec_open LEAF: execs another instrumented program while a
 * region is open. */

static int
scenario_exec_open(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    calls("pre_exec", 2);
    fact("pid", getpid());
    PERF_REGION_BEGIN("open_across_exec");
    execl(argv[2], argv[2], "leaf_self", (char *)NULL);
    return 127;
}

static const struct app_scenario scenarios[] = {
    {"threads", scenario_threads},     {"longnames", scenario_longnames},
    {"closefds", scenario_closefds},   {"scribble", scenario_scribble},
    {"fork_crash", scenario_fork_crash}, {"orphan", scenario_orphan},
    {"exec_open", scenario_exec_open},
};

int
main(int argc, char **argv)
{
    return APP_RUN(scenarios, argc, argv, "fault_app SCENARIO [ARGS]");
}
