/* SPDX-License-Identifier: MIT */
/* launch.c: memfd segment, fork, a gate before exec, exec errors. */
#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "events.h"
#include "sim_launch.h"

static uint64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* src cut to len - 1 bytes for an error message: it goes to a terminal,
 * so control and non-ASCII bytes become '?'. */
static void
printable(char *dst, size_t len, const char *src)
{
    size_t i = 0;

    for (; src != NULL && src[i] != '\0' && i < len - 1; i++)
        dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
    dst[i] = '\0';
}

static int
parse_inputs(const char *events, struct hwtop_event_list *want,
             enum hwtop_backend *backend, char *err, size_t errlen)
{
    const char *forced = getenv("HWTOP_BACKEND");
    char why[200], shown[65];

    if (hwtop__events_parse(events, want, why, sizeof why) != 0) {
        printable(shown, sizeof shown, events);
        snprintf(err, errlen, "events '%s': %s", shown, why);
        return -EINVAL;
    }
    if (hwtop__backend_parse(forced, backend) != 0) {
        printable(shown, 33, forced);
        snprintf(err, errlen,
                 "HWTOP_BACKEND='%s': must be auto, papi, kernel or rusage",
                 shown);
        return -EINVAL;
    }
    return 0;
}

int
segment_create(struct segment *seg, const struct hwtop_seg_limits *lim,
               const char *events, bool sim, char *err, size_t errlen)
{
    struct hwtop_event_list want;
    enum hwtop_backend backend;
    uint64_t size = hwtop__seg_size(lim);
    void *rw;
    int rc;

    memset(seg, 0, sizeof *seg);
    seg->fd = -1;
    if ((rc = parse_inputs(events, &want, &backend, err, errlen)) != 0)
        return rc;
    seg->fd = memfd_create("hwtop-segment", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    /* 0600: only this user may open it through /proc/PID/fd. */
    if (seg->fd < 0 || fchmod(seg->fd, 0600) != 0 ||
        ftruncate(seg->fd, (off_t)size) != 0)
        goto fail;
    /* The program may be hostile: it must not shrink what we read. */
    if (fcntl(seg->fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL))
        goto fail;
    rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, seg->fd, 0);
    if (rw == MAP_FAILED)
        goto fail;
    hwtop__seg_format(rw, lim, getpid(), now_ns());
    hwtop__events_resolve(&want, backend, rw);
    if (sim)
        sim_run_events(rw);
    __atomic_store_n(&((struct hwtop_seg_header *)rw)->events_ready, 1,
                     __ATOMIC_RELEASE);
    munmap(rw, size);
    seg->mem = mmap(NULL, size, PROT_READ, MAP_SHARED, seg->fd, 0);
    if (seg->mem == MAP_FAILED) {
        seg->mem = NULL;
        goto fail;
    }
    seg->len = size;
    return 0;
fail:
    rc = -errno;
    snprintf(err, errlen, "cannot create the shared segment: %s",
             strerror(errno));
    if (seg->fd >= 0)
        close(seg->fd);
    seg->fd = -1;
    return rc;
}

void
segment_close(struct segment *seg)
{
    if (seg->mem != NULL)
        munmap((void *)seg->mem, seg->len);
    if (seg->fd >= 0)
        close(seg->fd);
    seg->mem = NULL;
    seg->fd = -1;
}

/* In the child: never returns.  An exec error goes back on err_fd. */
static void
child_main(char **argv, const struct segment *seg, int gate, int err_fd,
           int out_fd, bool capture)
{
    char fdstr[16], go;
    sigset_t none;
    ssize_t n;
    int e;

    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL); /* hwtop ignores it; the program must not */
    if (capture) {
        int null = open("/dev/null", O_RDONLY);

        setpgid(0, 0);
        if (null >= 0)
            dup2(null, STDIN_FILENO);
        dup2(out_fd, STDOUT_FILENO);
        dup2(out_fd, STDERR_FILENO);
    }
    /* The segment descriptor is the one thing the program inherits. */
    fcntl(seg->fd, F_SETFD, 0);
    snprintf(fdstr, sizeof fdstr, "%d", seg->fd);
    setenv("HWTOP_SEGMENT_FD", fdstr, 1);
    while ((n = read(gate, &go, 1)) < 0 && errno == EINTR)
        ;
    if (n != 1)
        _exit(125); /* hwtop died before the gate: nobody is watching */
    execvp(argv[0], argv);
    e = errno;
    if (write(err_fd, &e, sizeof e) < 0)
        _exit(127);
    _exit(e == ENOENT ? 127 : 126);
}

int
child_spawn(struct child *c, char **argv, const struct segment *seg,
            bool capture)
{
    int gate[2] = {-1, -1}, errp[2] = {-1, -1}, out[2] = {-1, -1}, e;

    memset(c, 0, sizeof *c);
    c->out_fd = c->gate_fd = c->err_fd = -1;
    if (pipe2(gate, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0 ||
        (capture && pipe2(out, O_CLOEXEC) != 0))
        goto fail;
    fflush(NULL);
    c->pid = fork();
    if (c->pid < 0)
        goto fail;
    if (c->pid == 0) {
        /* Only hwtop may hold the gate's write end: if hwtop dies, the
         * child reads EOF instead of waiting forever. */
        close(gate[1]);
        child_main(argv, seg, gate[0], errp[1], out[1], capture);
    }
    if (capture)
        setpgid(c->pid, c->pid); /* the child does it too: no race */
    close(gate[0]);
    close(errp[1]);
    if (out[1] >= 0)
        close(out[1]);
    c->out_fd = out[0];
    /* hwtop drains it between refreshes: never block on a quiet program. */
    if (c->out_fd >= 0)
        fcntl(c->out_fd, F_SETFL, O_NONBLOCK);
    c->gate_fd = gate[1];
    c->err_fd = errp[0];
    return 0;
fail:
    e = errno;
    for (int i = 0; i < 2; i++) {
        if (gate[i] >= 0)
            close(gate[i]);
        if (errp[i] >= 0)
            close(errp[i]);
        if (out[i] >= 0)
            close(out[i]);
    }
    return -e;
}

int
child_release(struct child *c, const char *prog)
{
    int e = 0;
    ssize_t n;
    char go = 1;

    c->start_ns = now_ns();
    /* A child dead before the gate shows in its exit status. */
    if (write(c->gate_fd, &go, 1) < 0 && errno != EPIPE)
        e = 0;
    close(c->gate_fd);
    c->gate_fd = -1;
    /* EOF on a successful exec (CLOEXEC), else the errno. */
    while ((n = read(c->err_fd, &e, sizeof e)) < 0 && errno == EINTR)
        ;
    close(c->err_fd);
    c->err_fd = -1;
    if (n != (ssize_t)sizeof e)
        return 0;
    fprintf(stderr, "hwtop: %s: %s\n", prog,
            e == ENOENT ? "command not found" : strerror(e));
    return e == ENOENT ? 127 : 126;
}
