/* SPDX-License-Identifier: MIT */
/* init.c: lazy, thread-safe set-up of libhwtop on the first region. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "sim.h"
#include "state.h"

struct hwtop_process hwtop__proc = {.lock = PTHREAD_MUTEX_INITIALIZER};
static pthread_once_t init_once = PTHREAD_ONCE_INIT;


/* A short notice on stderr; the library never writes to stdout. */
__attribute__((format(printf, 1, 2))) void
hwtop__notice(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    if (hwtop__proc.quiet)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fprintf(stderr, "hwtop: %s\n", buf);
}

/* The launcher's segment, from the descriptor it names. */
static int
attach_launcher(const char *fdstr)
{
    char *end;
    long fd = strtol(fdstr, &end, 10);
    struct stat st;
    void *mem;
    const char *why;

    if (*fdstr == '\0' || *end != '\0' || fd < 0 || fd > 1 << 20 ||
        fstat((int)fd, &st) != 0 || st.st_size < (off_t)4096)
        return -EBADF;
    mem = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED,
               (int)fd, 0);
    if (mem == MAP_FAILED)
        return -errno;
    if (hwtop__seg_check(mem, (uint64_t)st.st_size, &why) != 0 ||
        !__atomic_load_n(&((struct hwtop_seg_header *)mem)->events_ready,
                         __ATOMIC_ACQUIRE)) {
        munmap(mem, (size_t)st.st_size);
        return -EINVAL;
    }
    hwtop__proc.seg = mem;
    hwtop__proc.seg_bytes = (uint64_t)st.st_size;
    hwtop__proc.launcher = 1;
    return 0;
}

static int
create_private(void)
{
    struct hwtop_seg_limits lim;
    uint64_t size;
    void *mem;

    hwtop__seg_default_limits(&lim);
    size = hwtop__seg_size(&lim);
    /* Shared, so forked children's regions land in the same report. */
    mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
               -1, 0);
    if (mem == MAP_FAILED)
        return -errno;
    hwtop__seg_format(mem, &lim, getpid(), hwtop__now_ns());
    hwtop__proc.seg = mem;
    hwtop__proc.seg_bytes = size;
    return 0;
}

static void
event_notices(const struct hwtop_seg_header *h, const char *spec)
{
    if (h->fallback && h->ndropped > 0) {
        hwtop__notice("none of '%s' can be counted (%s: %s); counting "
                      "software events instead",
                      spec, h->dropped[0].name, h->dropped[0].reason);
        return;
    }
    for (uint32_t i = 0; i < h->ndropped; i++)
        hwtop__notice("%s not counted: %s", h->dropped[i].name,
                      h->dropped[i].reason);
}

static void
resolve_events(void)
{
    struct hwtop_seg_header *h = hwtop__proc.seg;
    struct hwtop_event_list want;
    enum hwtop_backend backend;
    const char *spec = getenv("HWTOP_EVENTS");
    char err[200];

    if (spec == NULL || *spec == '\0')
        spec = "default";
    if (hwtop__events_parse(spec, &want, err, sizeof err) != 0) {
        hwtop__notice("HWTOP_EVENTS: %s; counting software events instead",
                      err);
        spec = "sw";
        hwtop__events_parse(spec, &want, err, sizeof err);
    }
    if (hwtop__backend_parse(getenv("HWTOP_BACKEND"), &backend) != 0) {
        hwtop__notice("HWTOP_BACKEND must be auto, papi, kernel or rusage; "
                      "using auto");
        backend = HWTOP_BACKEND_AUTO;
    }
    hwtop__events_resolve(&want, backend, h);
    event_notices(h, spec);
    __atomic_store_n(&h->events_ready, 1, __ATOMIC_RELEASE);
}

static void
thread_destructor(void *p)
{
    struct hwtop_thread *t = p;

    hwtop__thread_finish(t, 0);
    hwtop__tls = NULL;
    free(t->slots);
    free(t);
}

static void
atfork_child(void)
{
    pthread_mutex_init(&hwtop__proc.lock, NULL);
    hwtop__thread_forget_after_fork();
}

/* Everything but publishing the state; 0, or -1 (hwtop stays off). */
static int
init_state(void)
{
    const char *fd = getenv("HWTOP_SEGMENT_FD");
    const char *quiet = getenv("HWTOP_QUIET");
    const char *csv = getenv("HWTOP_CSV");

    hwtop__proc.quiet = quiet != NULL && *quiet != '\0' && *quiet != '0';
    hwtop__proc.pid = getpid();
    hwtop__clock_init();
    if (fd != NULL && attach_launcher(fd) != 0)
        hwtop__notice("HWTOP_SEGMENT_FD=%.32s is not a usable hwtop segment; "
                      "counting on my own",
                      fd);
    if (hwtop__proc.seg == NULL) {
        if (create_private() != 0)
            return -1;
        resolve_events();
        if (csv != NULL && *csv != '\0')
            hwtop__proc.csv_path = strdup(csv);
    } else {
        /* Under the launcher it explains events; stay quiet. */
        hwtop__proc.quiet = 1;
    }
    if (!hcreate_r((size_t)hwtop__proc.seg->max_regions * 4,
                   &hwtop__proc.names) ||
        pthread_key_create(&hwtop__proc.key, thread_destructor) != 0)
        return -1;
    pthread_atfork(NULL, NULL, atfork_child);
    atexit(hwtop__at_exit);
    return 0;
}

static void
do_init(void)
{
    /* Under --sim callgrind does not simulate the set-up (clock
     * calibration loops run as long as the machine makes them). */
    hwtop__sim_init_begin();
    if (init_state() != 0) {
        hwtop__sim_init(0);
        hwtop__proc.state = -1;
        return;
    }
    hwtop__sim_init(1);
    __atomic_store_n(&hwtop__proc.state, 1, __ATOMIC_RELEASE);
}

int
hwtop__init(void)
{
    if (__builtin_expect(
            __atomic_load_n(&hwtop__proc.state, __ATOMIC_ACQUIRE) == 1, 1))
        return 0;
    pthread_once(&init_once, do_init);
    return __atomic_load_n(&hwtop__proc.state, __ATOMIC_ACQUIRE) == 1 ? 0
                                                                      : -1;
}
