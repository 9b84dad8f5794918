/* SPDX-License-Identifier: MIT */
/* session.c: launch, watch (TUI or batch), reap, report. */
#include "session.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cpus.h"
#include "csv.h"
#include "json.h"
#include "launch.h"
#include "metrics.h"
#include "meta.h"
#include "output.h"
#include "rdpmc.h"
#include "reader.h"
#include "repeat.h"
#include "signals.h"
#include "sim_launch.h"
#include "table.h"
#include "topo.h"
#include "tui.h"
#include "whole.h"

#define OUT_RING (64 * 1024)
#define TERM_GRACE_NS 3000000000ull
#define SIM_POLL_MS 100 /* --sim: read callgrind's dumps this often */

struct session {
    const struct options *o;
    struct segment seg;
    struct child child;
    struct whole whole;
    struct sim_run *sim; /* --sim, else NULL */
    char sim_line[128];
    struct tui *tui;
    struct snapshot snap;
    bool have_snap;
    int state; /* enum tui_prog_state */
    int code;  /* exit code or signal */
    uint64_t end_ns;
    uint64_t kill_at_ns; /* SIGKILL the program then, 0: never */
    uint64_t pct_last_ns; /* when percentiles were last computed */
    uint64_t pct_cost_ns; /* and what that snapshot cost (CPU) */
    bool quitting;
    bool captured; /* program output piped to us, own process group */
    bool subtract; /* HWTOP_SUBTRACT_OVERHEAD */
    FILE *log;     /* HWTOP_LOG: hwtop's own timings, never the terminal */
    char command[512];
    char message[256];
    char *out;   /* ring of the program's captured output */
    size_t out_len, out_pos;
    int run;     /* 1..o->repeats */
    struct timespec started; /* CLOCK_REALTIME, for the JSON report */
    char rdpmc[48]; /* rdpmc_state(), asked once */
};

static uint64_t
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void
join_command(char *buf, size_t len, char **argv)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; argv[i] != NULL && used + 1 < len; i++) {
        int n = snprintf(buf + used, len - used, "%s%s", i ? " " : "",
                         argv[i]);

        if (n < 0)
            break;
        used += (size_t)n < len - used ? (size_t)n : len - used - 1;
    }
}

/* Can the report be written there?  Checked before the program runs. */
static int
check_output(const char *path)
{
    size_t len = strlen(path) + sizeof ".tmp.XXXXXX";
    char *tmp;
    struct stat st;
    int fd, rc = 0;

    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return -EISDIR;
    if (output_is_stream(path)) /* /dev/null, a FIFO: written into */
        return access(path, W_OK) == 0 ? 0 : -errno;
    /* The temp file the report goes through: access() says yes to root
     * where nothing can be created (/proc, a read-only mount). */
    if ((tmp = malloc(len)) == NULL)
        return -ENOMEM;
    snprintf(tmp, len, "%s.tmp.XXXXXX", path);
    if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
        rc = -errno;
    } else {
        close(fd);
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

static uint64_t
thread_cpu_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Percentiles read every histogram: on large runs most of a snapshot's
 * cost.  While the program runs they are recomputed at most as often as
 * keeps them under 0.5% of a core, and carried over in between; the
 * final snapshot always has them. */
static bool
percentiles_due(const struct session *s)
{
    uint64_t gap = s->pct_cost_ns * 200;
    uint64_t delay = (uint64_t)(s->o->delay_s * 1e9);

    if (s->state != TUI_RUNNING || !s->have_snap)
        return true;
    return now_ns() - s->pct_last_ns >= (gap > delay ? gap : delay) - delay / 2;
}

static void
take_snapshot(struct session *s)
{
    struct reader_opts ro = {.open_flag = SNAP_OPEN_NOW, .histograms = true};
    struct snapshot snap;
    const char *why;
    uint64_t end = s->state == TUI_RUNNING ? now_ns() : s->end_ns;
    uint64_t cpu0 = thread_cpu_ns();

    if (s->state == TUI_KILLED)
        ro.open_flag = SNAP_OPEN_AT_CRASH;
    else if (s->state == TUI_EXITED)
        ro.open_flag = SNAP_OPEN_AT_EXIT;
    ro.skip_percentiles = !percentiles_due(s);
    ro.subtract_overhead = s->subtract;
    if (reader_take(s->seg.mem, s->seg.len, &ro, &snap, &why) != 0) {
        snprintf(s->message, sizeof s->message,
                 "cannot read the program's segment: %s",
                 why ? why : "out of memory");
        if (s->tui == NULL && s->state != TUI_RUNNING) /* the last one */
            fprintf(stderr, "hwtop: %s; the report holds the last "
                            "snapshot read\n", s->message);
        return;
    }
    if (s->log != NULL)
        fprintf(s->log, "%.3f snapshot rows=%d percentiles=%d cpu_ms=%.2f\n",
                (double)(now_ns() - s->child.start_ns) / 1e9, snap.nrows,
                !ro.skip_percentiles, (double)(thread_cpu_ns() - cpu0) / 1e6);
    if (ro.skip_percentiles) {
        snapshot_carry_percentiles(&snap, &s->snap);
    } else {
        s->pct_last_ns = now_ns();
        s->pct_cost_ns = thread_cpu_ns() - cpu0;
    }
    snap.pid = s->child.pid;
    if (s->rdpmc[0] == '\0')
        rdpmc_state(s->rdpmc, sizeof s->rdpmc);
    memcpy(snap.rdpmc, s->rdpmc, sizeof snap.rdpmc);
    snap.elapsed_ns = end - s->child.start_ns;
    snap.machine = topo_this_machine();
    cpus_fill(&snap);
    if (s->whole.source != NULL) /* opened */
        whole_fill(&s->whole, &snap, snap.elapsed_ns);
    if (s->sim != NULL) {
        sim_run_poll(s->sim, s->state != TUI_RUNNING);
        sim_run_fill(s->sim, &snap, s->seg.mem, s->seg.len);
    }
    if (s->have_snap)
        snapshot_fini(&s->snap);
    s->snap = snap;
    s->have_snap = true;
}

static void
reap(struct session *s)
{
    struct rusage ru;
    int status;
    pid_t p;

    if (s->state != TUI_RUNNING)
        return;
    p = wait4(s->child.pid, &status, WNOHANG, &ru);
    if (p != s->child.pid)
        return;
    s->end_ns = now_ns();
    whole_exited(&s->whole, &ru);
    if (WIFSIGNALED(status)) {
        s->state = TUI_KILLED;
        s->code = WTERMSIG(status);
    } else {
        s->state = TUI_EXITED;
        s->code = WEXITSTATUS(status);
    }
    take_snapshot(s);
}

/* Keeps the newest OUT_RING bytes; the last line goes to the status. */
static void
drain_output(struct session *s)
{
    char buf[4096];
    ssize_t n;

    if (s->child.out_fd < 0)
        return;
    while ((n = read(s->child.out_fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            s->out[s->out_pos] = buf[i];
            s->out_pos = (s->out_pos + 1) % OUT_RING;
        }
        s->out_len = s->out_len + (size_t)n > OUT_RING ? OUT_RING
                                                       : s->out_len + (size_t)n;
    }
    if (n == 0) {
        close(s->child.out_fd);
        s->child.out_fd = -1;
    }
}

static void
print_output(struct session *s)
{
    size_t start = (s->out_pos + OUT_RING - s->out_len) % OUT_RING;

    for (size_t i = 0; i < s->out_len; i++)
        putchar(s->out[(start + i) % OUT_RING]);
    fflush(stdout);
}

static void
handle_signals(struct session *s)
{
    bool tty;
    int sig = signals_take(&tty);

    if (sig == 0)
        return;
    s->quitting = true;
    if (s->state != TUI_RUNNING)
        return;
    if (s->kill_at_ns != 0) {
        kill(s->child.pid, SIGKILL); /* a second signal: no more grace */
        return;
    }
    /* A keyboard signal already reached the program's process group. */
    if (!(tty && !s->captured))
        kill(s->child.pid, sig);
    s->kill_at_ns = now_ns() + TERM_GRACE_NS;
}

static void
fill_status(struct session *s, struct tui_status *st)
{
    memset(st, 0, sizeof *st);
    st->command = s->command;
    st->pid = s->child.pid;
    st->state = s->state;
    st->exit_code = s->code;
    st->elapsed_ns =
        (s->state == TUI_RUNNING ? now_ns() : s->end_ns) - s->child.start_ns;
    st->delay_s = s->o->delay_s;
    st->message = s->message[0] ? s->message : NULL;
    st->simulated = s->sim != NULL;
    st->run = s->run;
    st->nruns = s->o->repeats;
    if (st->message == NULL && s->sim != NULL)
        st->message = sim_run_status(s->sim, s->sim_line, sizeof s->sim_line);
}

static void
title(struct session *s, char *buf, size_t len)
{
    char state[64];
    double secs = (double)((s->state == TUI_RUNNING ? now_ns() : s->end_ns) -
                           s->child.start_ns) /
                  1e9;

    if (s->state == TUI_RUNNING)
        snprintf(state, sizeof state, "running");
    else if (s->state == TUI_KILLED)
        snprintf(state, sizeof state, "killed by %s", sigabbrev_np(s->code)
                                                          ? sigabbrev_np(s->code)
                                                          : "a signal");
    else
        snprintf(state, sizeof state, "exited with status %d", s->code);
    if (s->o->repeats > 1 && s->have_snap && s->snap.nruns > 1) {
        snprintf(buf, len, "hwtop: %.200s: %d runs, the last %s; means per "
                           "region (report: spread per region)",
                 s->command, s->snap.nruns, state);
        return;
    }
    snprintf(buf, len, "hwtop: %.200s (pid %d): %s after %.2f s; whole "
                       "program: %s",
             s->command, (int)s->child.pid, state, secs,
             s->have_snap && s->snap.has_program ? s->snap.program_source
                                                  : "not counted");
}

/* --what-if: Amdahl's law on the region's share of the program. */
static void
print_what_if(const struct session *s)
{
    for (int w = 0; w < s->o->nwhatif; w++) {
        const char *name = s->o->whatif_region[w];
        double sp = s->o->whatif_speedup[w], m[METRIC_COUNT], p;
        const struct snap_row *row = NULL;
        const char *clock;

        for (int i = 0; i < s->snap.nrows && row == NULL; i++)
            if (s->snap.rows[i].thread == -1 &&
                strcmp(s->snap.regions[s->snap.rows[i].region].name, name) ==
                    0)
                row = &s->snap.rows[i];
        if (row == NULL) {
            printf("what-if: no region named '%s'\n", name);
            continue;
        }
        metrics_compute(&s->snap, row, m);
        p = m[METRIC_SHARE_PCT] / 100;
        clock = snapshot_event(&s->snap, "task_clock_ns") >= 0 &&
                        s->snap.program_cpu_ns > 0
                    ? "CPU time"
                    : "wall time";
        if (isnan(p)) {
            printf("what-if: %s: its share of the program is unknown\n", name);
            continue;
        }
        if (isinf(sp))
            printf("what-if: if %s cost nothing, the whole program would run "
                   "%.4fx faster (share %.4f%% of %s: Amdahl's ceiling)\n",
                   name, metrics_amdahl(p, sp), 100 * p, clock);
        else
            printf("what-if: if %s were %gx faster, the whole program would "
                   "run %.4fx faster (share %.4f%% of %s, ceiling %.4fx)\n",
                   name, sp, metrics_amdahl(p, sp), 100 * p, clock,
                   metrics_amdahl(p, INFINITY));
    }
}

static void
print_table(struct session *s)
{
    char head[512];
    struct table_opts to = {.title = head};

    if (!s->have_snap || ferror(stdout)) /* nobody reads: no more tables */
        return;
    if (s->o->mpi.quiet) /* another MPI rank prints its table */
        return;
    title(s, head, sizeof head);
    table_print(stdout, &s->snap, &to);
}

/* Event notices for batch mode (the TUI shows them in its header), from
 * the snapshot taken before the program ran: the program may write
 * anything into the segment since. */
static void
event_notices(const struct snapshot *h)
{
    if (h->fallback && h->ndropped > 0) {
        fprintf(stderr, "hwtop: none of the asked events can be counted "
                        "(%s: %s); counting software events instead\n",
                h->dropped[0].name, h->dropped[0].reason);
        return;
    }
    for (int i = 0; i < h->ndropped && i < SNAP_MAX_EVENTS; i++)
        fprintf(stderr, "hwtop: %s not counted: %s\n", h->dropped[i].name,
                h->dropped[i].reason);
}

static int
write_csv(FILE *f, const void *snap)
{
    return csv_write(f, snap);
}

/* The sidecar, with the MPI rank when a launcher started hwtop. */
static int
write_meta(FILE *f, const void *session)
{
    const struct session *s = session;

    return mpi_meta_write(f, &s->snap, &s->o->mpi);
}

static int
write_json(FILE *f, const void *report)
{
    return json_write(f, report);
}

static uint64_t
self_cpu_ns(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
           (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
}

/* Returns 0, or 1 after saying why the report could not be written. */
static int
write_report(struct session *s)
{
    struct json_report jr = {.snap = &s->snap, .argv = s->o->argv,
                             .started = s->started,
                             .add_meta = mpi_json_add,
                             .add_meta_arg = &s->o->mpi};
    const char *why;
    char *meta;
    int rc;

    if (s->o->output == NULL || !s->have_snap)
        return 0;
    s->snap.observer_cpu_ns = self_cpu_ns();
    if (s->o->json) { /* the metadata is inside: no sidecar */
        rc = output_atomic(s->o->output, write_json, &jr, &why);
        if (rc != 0)
            fprintf(stderr, "hwtop: %s: %s: %s\n", s->o->output, why,
                    strerror(-rc));
        return rc != 0;
    }
    rc = output_atomic(s->o->output, write_csv, &s->snap, &why);
    if (rc != 0) {
        fprintf(stderr, "hwtop: %s: %s: %s\n", s->o->output, why,
                strerror(-rc));
        return 1;
    }
    meta = output_is_stream(s->o->output) ? NULL : meta_path(s->o->output);
    if (meta != NULL && (rc = output_atomic(meta, write_meta, s,
                                            &why)) != 0)
        fprintf(stderr, "hwtop: %s: %s: %s\n", meta, why, strerror(-rc));
    free(meta);
    return rc != 0;
}

/* Sleeps until a key, program output, a signal (the program's exit
 * among them) or ms pass; returns the TUI's action. */
static enum tui_action
wait_input(struct session *s, int ms)
{
    struct pollfd p[3] = {{s->tui ? STDIN_FILENO : -1, POLLIN, 0},
                          {s->child.out_fd, POLLIN, 0},
                          {signals_fd(), POLLIN, 0}};

    if (poll(p, 3, ms) < 0 && errno != EINTR)
        usleep(10000);
    if (p[2].revents & POLLIN)
        signals_drain();
    drain_output(s);
    return s->tui ? tui_poll(s->tui, 0) : TUI_ACT_NONE;
}

/* Milliseconds until the next thing falls due (>= 0, <= 1000). */
static int
until_due(const struct session *s, uint64_t next, uint64_t next_table,
          bool interval)
{
    uint64_t now = now_ns(), due = now + 1000000000u;

    if (s->state == TUI_RUNNING) {
        due = next < due ? next : due;
        if (interval && next_table < due)
            due = next_table;
        if (s->kill_at_ns && s->kill_at_ns < due)
            due = s->kill_at_ns;
    }
    return due <= now ? 0 : (int)((due - now + 999999) / 1000000);
}

static void
stop_program(struct session *s)
{
    uint64_t now = now_ns();

    if (s->state != TUI_RUNNING)
        return;
    if (s->kill_at_ns == 0) {
        kill(s->child.pid, SIGTERM);
        s->kill_at_ns = now + TERM_GRACE_NS;
    }
}

static void
watch(struct session *s)
{
    uint64_t delay = (uint64_t)(s->o->delay_s * 1e9);
    uint64_t interval = (uint64_t)s->o->interval_ms * 1000000u;
    uint64_t next = now_ns(), next_table = now_ns() + interval;
    bool dirty = true;

    for (;;) {
        int was = s->state;

        handle_signals(s);
        reap(s);
        if (s->kill_at_ns && s->state == TUI_RUNNING &&
            now_ns() >= s->kill_at_ns)
            kill(s->child.pid, SIGKILL);
        if (s->state != TUI_RUNNING &&
            (s->o->batch || s->o->exit_at_end || s->quitting ||
             s->run < s->o->repeats))
            break;
        if (s->state == TUI_RUNNING && now_ns() >= next &&
            !(s->tui && tui_paused(s->tui))) {
            take_snapshot(s);
            next = now_ns() + delay;
            dirty = true;
        }
        if (interval && s->state == TUI_RUNNING && now_ns() >= next_table) {
            take_snapshot(s);
            print_table(s);
            next_table += interval;
        }
        if (s->tui && (dirty || was != s->state)) {
            struct tui_status st;

            fill_status(s, &st);
            tui_draw(s->tui, s->have_snap ? &s->snap : NULL, &st);
            dirty = false;
        }
        if (s->sim != NULL) /* disk: dumps are deleted once read */
            sim_run_poll(s->sim, false);
        switch (wait_input(s, s->sim != NULL ? SIM_POLL_MS
                                             : until_due(s, next, next_table,
                                                         interval))) {
        case TUI_ACT_QUIT:
            s->quitting = true;
            stop_program(s);
            break;
        case TUI_ACT_REDRAW:
            dirty = true;
            break;
        default:
            break;
        }
        if (s->quitting && s->state != TUI_RUNNING)
            break;
    }
}

static int
start(struct session *s, const struct options *o)
{
    struct hwtop_seg_limits lim = {o->max_regions, o->max_threads,
                                   o->max_slots, HWTOP_SEG_DEFAULT_ARENA};
    char err[300], **argv;
    int rc;

    if (o->output != NULL && (rc = check_output(o->output)) != 0) {
        fprintf(stderr, "hwtop: %s: cannot write there: %s\n", o->output,
                strerror(-rc));
        return 1;
    }
    if (o->sim && (rc = sim_run_new(&s->sim, o)) != 0)
        return rc;
    rc = segment_create(&s->seg, &lim,
                        o->sim && o->events == NULL ? SIM_DEFAULT_EVENTS
                                                    : o->events,
                        o->sim, err, sizeof err);
    if (rc != 0) {
        fprintf(stderr, "hwtop: %s\n", err);
        return rc == -EINVAL ? 2 : 1;
    }
    s->captured = !o->batch;
    argv = o->sim ? s->sim->argv : o->argv;
    rc = child_spawn(&s->child, argv, &s->seg, s->captured);
    if (rc != 0) {
        fprintf(stderr, "hwtop: cannot start %s: %s\n", argv[0],
                strerror(-rc));
        return 1;
    }
    if (s->sim != NULL)
        s->sim->pid = s->child.pid;
    /* The events, for the whole-program counters (opened right after). */
    take_snapshot(s);
    whole_open(&s->whole, s->child.pid, s->snap.events, s->snap.nevents);
    return child_release(&s->child, argv[0]);
}

static int
exit_status(const struct session *s)
{
    if (s->state == TUI_KILLED)
        return 128 + s->code;
    return s->code;
}

/* Waits for a program still running after the loop left (q, signals). */
static void
finish_program(struct session *s)
{
    if (s->state != TUI_RUNNING)
        return;
    stop_program(s);
    while (s->state == TUI_RUNNING) {
        reap(s);
        if (now_ns() >= s->kill_at_ns)
            kill(s->child.pid, SIGKILL);
        usleep(10000);
    }
}

/* Releases one run's program, segment and counters (its snapshot stays). */
static void
end_run(struct session *s)
{
    whole_close(&s->whole);
    sim_run_free(s->sim);
    s->sim = NULL;
    segment_close(&s->seg);
    if (s->child.out_fd >= 0)
        close(s->child.out_fd);
    s->child.out_fd = -1;
    memset(&s->whole, 0, sizeof s->whole);
    s->whole.clock_fd = -1;
}

/* One run of the program: 0, or hwtop's exit status when it could not
 * start (usage errors, exec failures). */
static int
one_run(struct session *s, const struct options *o)
{
    const char *why = NULL;
    int rc;

    s->state = TUI_RUNNING;
    s->kill_at_ns = s->pct_last_ns = s->pct_cost_ns = 0;
    rc = start(s, o);
    if (rc != 0) {
        if (s->child.pid > 0)
            waitpid(s->child.pid, NULL, 0);
        return rc;
    }
    if (s->run == 1 && o->batch) {
        if (!o->mpi.quiet) /* under MPI, one rank speaks for all */
            event_notices(&s->snap);
    } else if (s->run == 1 && (s->tui = tui_new(&why)) == NULL)
        fprintf(stderr, "hwtop: no TUI (%s): batch mode\n", why ? why : "?");
    if (s->run == 1)
        tui_set_topology(s->tui, topo_this_machine());
    watch(s);
    finish_program(s);
    drain_output(s);
    return 0;
}

/* -r N: the runs folded into one snapshot with their spread. */
static int
fold_runs(struct session *s, struct repeat *rep)
{
    struct snapshot folded;

    if (rep->nruns < 2 || repeat_fold(rep, &folded) != 0)
        return -1;
    if (s->have_snap)
        snapshot_fini(&s->snap);
    s->snap = folded;
    s->have_snap = true;
    return 0;
}

/* HWTOP_LOG, appended to: created 0664 less the umask like the reports
 * (never world-writable), never a terminal hwtop draws on by mistake.
 * NULL when it cannot be opened: the log is a debugging aid. */
static FILE *
log_open(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
                  0664);
    FILE *f;

    if (fd < 0) {
        fprintf(stderr, "hwtop: HWTOP_LOG %s: %s (no log)\n", path,
                strerror(errno));
        return NULL;
    }
    if ((f = fdopen(fd, "a")) == NULL)
        close(fd);
    return f;
}

int
session_run(const struct options *o)
{
    struct session s = {.o = o, .seg = {.fd = -1}, .whole = {.clock_fd = -1}};
    struct repeat *rep = calloc(1, sizeof *rep);
    int rc = 0, status = 0;

    signals_install();
    clock_gettime(CLOCK_REALTIME, &s.started);
    s.subtract = getenv("HWTOP_SUBTRACT_OVERHEAD") != NULL &&
                 strcmp(getenv("HWTOP_SUBTRACT_OVERHEAD"), "") != 0 &&
                 strcmp(getenv("HWTOP_SUBTRACT_OVERHEAD"), "0") != 0;
    if (getenv("HWTOP_LOG") != NULL && *getenv("HWTOP_LOG") != '\0')
        s.log = log_open(getenv("HWTOP_LOG"));
    join_command(s.command, sizeof s.command, o->argv);
    mpi_title(&o->mpi, s.command, sizeof s.command);
    s.out = malloc(OUT_RING);
    if (s.out == NULL || rep == NULL) {
        free(rep);
        free(s.out);
        return 1;
    }
    for (s.run = 1; s.run <= o->repeats; s.run++) {
        if ((rc = one_run(&s, o)) != 0)
            break;
        status = exit_status(&s);
        if (s.sim != NULL)
            sim_run_explain(s.sim, status);
        end_run(&s);
        if (o->repeats > 1 && s.have_snap && repeat_add(rep, &s.snap) == 0)
            s.have_snap = false;
        if (s.quitting)
            break;
    }
    tui_free(s.tui);
    s.tui = NULL;
    if (s.captured)
        print_output(&s);
    if (rc == 0) {
        fold_runs(&s, rep);
        if (o->batch)
            print_table(&s);
        if (s.have_snap && !o->mpi.quiet)
            print_what_if(&s);
        rc = write_report(&s) ? 1 : status;
    }
    repeat_fini(rep);
    free(rep);
    end_run(&s);
    if (s.have_snap)
        snapshot_fini(&s.snap);
    free(s.out);
    if (s.log != NULL)
        fclose(s.log);
    return rc;
}
