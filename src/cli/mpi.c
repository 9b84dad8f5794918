/* SPDX-License-Identifier: MIT */
/* mpi.c: the launcher under mpirun or srun: the rank from the launcher's
 * environment, one report name per rank, one rank that talks. */
#include "mpi.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "meta.h"
#include "options.h"
#include "output.h"

/* What one launcher exports to each process it starts. */
struct launcher {
    const char *name;
    const char *rank;
    const char *size[3];  /* first set wins */
    const char *local[2]; /* first set wins */
    const char *job[2];   /* joined with '.' */
};

/* Most specific first: Open MPI and MVAPICH2 also run on PMIx or inside
 * a Slurm allocation, and Hydra may run inside one too. */
static const struct launcher launchers[] = {
    {"Open MPI",
     "OMPI_COMM_WORLD_RANK",
     {"OMPI_COMM_WORLD_SIZE"},
     {"OMPI_COMM_WORLD_LOCAL_RANK"},
     {"PMIX_NAMESPACE"}},
    {"MVAPICH2",
     "MV2_COMM_WORLD_RANK",
     {"MV2_COMM_WORLD_SIZE"},
     {"MV2_COMM_WORLD_LOCAL_RANK"},
     {NULL}},
    {"PMIx",
     "PMIX_RANK",
     {"SLURM_STEP_NUM_TASKS", "SLURM_NTASKS"},
     {"SLURM_LOCALID"},
     {"PMIX_NAMESPACE"}},
    {"MPICH/Hydra",
     "PMI_RANK",
     {"PMI_SIZE"},
     {"MPI_LOCALRANKID", "PMI_LOCAL_RANK"},
     {NULL}},
    {"Slurm",
     "SLURM_PROCID",
     {"SLURM_STEP_NUM_TASKS", "SLURM_NTASKS", "SLURM_NPROCS"},
     {"SLURM_LOCALID"},
     {"SLURM_JOB_ID", "SLURM_STEP_ID"}},
};

#define NLAUNCHERS (sizeof launchers / sizeof launchers[0])

/* A decimal number in [lo, hi], the whole string; -1 otherwise. */
static long
number(const char *s, long lo, long hi)
{
    char *end;
    long v;

    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    return errno || *end != '\0' || v < lo || v > hi ? -1 : v;
}

/* The first of names that is set, or NULL; its name in *which. */
static const char *
first_set(const char *const *names, int n, const char **which)
{
    for (int i = 0; i < n && names[i] != NULL; i++) {
        const char *v = getenv(names[i]);

        if (v != NULL) {
            *which = names[i];
            return v;
        }
    }
    return NULL;
}

static void
job_id(const struct launcher *l, struct rank_info *id)
{
    size_t used = 0;

    for (int i = 0; i < 2 && l->job[i] != NULL; i++) {
        const char *v = getenv(l->job[i]);
        int n;

        if (v == NULL || *v == '\0' || used >= sizeof id->job)
            continue;
        n = snprintf(id->job + used, sizeof id->job - used, "%s%s",
                     used ? "." : "", v);
        used = n < 0 ? sizeof id->job : used + (size_t)n;
    }
}

static int
from_launcher(const struct launcher *l, struct mpi_job *j, char *err,
              size_t errlen)
{
    struct rank_info *id = &j->id;
    const char *v = getenv(l->rank), *which = NULL;
    long n;

    if ((n = number(v, 0, RANK_MAX - 1)) < 0) {
        snprintf(err, errlen, "%s='%.40s': not a rank (0 to %d)", l->rank, v,
                 RANK_MAX - 1);
        return -EINVAL;
    }
    id->rank = (int)n;
    snprintf(id->launcher, sizeof id->launcher, "%s", l->name);
    snprintf(id->source, sizeof id->source, "%s", l->rank);
    if ((v = first_set(l->size, 3, &which)) != NULL) {
        if ((n = number(v, 1, RANK_MAX)) < 0 || n <= id->rank) {
            snprintf(err, errlen, "%s='%.40s': not a job size above %s=%d",
                     which, v, l->rank, id->rank);
            return -EINVAL;
        }
        id->size = (int)n;
    }
    v = first_set(l->local, 2, &which);
    id->local_rank = (int)number(v, 0, RANK_MAX - 1);
    job_id(l, id);
    j->detected = true;
    j->many = id->size != 1;
    return 0;
}

int
mpi_detect(struct mpi_job *j, char *err, size_t errlen)
{
    memset(j, 0, sizeof *j);
    j->id.size = 1;
    j->id.local_rank = -1;
    if (gethostname(j->id.host, sizeof j->id.host - 1) != 0)
        snprintf(j->id.host, sizeof j->id.host, "unknown");
    for (size_t i = 0; i < NLAUNCHERS; i++) {
        if (getenv(launchers[i].rank) == NULL)
            continue;
        j->id.size = -1;
        return from_launcher(&launchers[i], j, err, errlen);
    }
    return 0;
}

int
mpi_expand(const char *pattern, const struct mpi_job *j, int pid, char *out,
           size_t len, char *err, size_t errlen)
{
    size_t used = 0;

    for (const char *p = pattern; *p != '\0'; p++) {
        char num[16];
        const char *add = num;

        if (*p != '%') {
            num[0] = *p;
            num[1] = '\0';
        } else if (p[1] == 'r') {
            snprintf(num, sizeof num, "%d", j->id.rank);
        } else if (p[1] == 'p') {
            snprintf(num, sizeof num, "%d", pid);
        } else if (p[1] == 'h') {
            add = j->id.host;
        } else if (p[1] == '%') {
            add = "%";
        } else {
            snprintf(err, errlen,
                     "'%%%.1s' is not %%r (rank), %%h (host), "
                     "%%p (pid) or %%%% (a %%)",
                     p + 1);
            return -EINVAL;
        }
        if (*p == '%')
            p++;
        if (used + strlen(add) >= len) {
            snprintf(err, errlen, "the name is too long");
            return -ENAMETOOLONG;
        }
        memcpy(out + used, add, strlen(add) + 1);
        used += strlen(add);
    }
    if (len > 0 && used == 0)
        out[0] = '\0';
    return 0;
}

bool
mpi_pattern_per_rank(const char *pattern)
{
    for (const char *p = pattern; *p != '\0'; p++) {
        if (*p != '%')
            continue;
        if (p[1] == 'r' || p[1] == 'p')
            return true;
        if (p[1] != '\0')
            p++; /* %% and the others: the next byte is not a directive */
    }
    return false;
}

int
mpi_insert_rank(const char *path, int rank, char *out, size_t len)
{
    const char *base = strrchr(path, '/'), *dot;
    int n;

    base = base != NULL ? base + 1 : path;
    dot = strrchr(base, '.');
    if (dot == NULL || dot == base) /* no extension, or ".hidden" */
        dot = path + strlen(path);
    n = snprintf(out, len, "%.*s.%d%s", (int)(dot - path), path, rank, dot);
    return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int
setup_error(const char *fmt, ...)
{
    va_list ap;

    fputs("hwtop: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'hwtop --help' for more information.\n", stderr);
    return 2;
}

/* -o: the pattern expanded; one file per rank even when the pattern
 * names one for all (ranks would overwrite each other's report). */
static int
expand_output(struct options *o)
{
    const struct mpi_job *j = &o->mpi;
    char err[200], name[sizeof o->output_buf];

    if (mpi_expand(o->output, j, (int)getpid(), name, sizeof name, err,
                   sizeof err) != 0)
        return setup_error("-o '%s': %s", o->output, err);
    if (!j->many || mpi_pattern_per_rank(o->output) || output_is_stream(name)) {
        memcpy(o->output_buf, name, sizeof name);
    } else {
        if (mpi_insert_rank(name, j->id.rank, o->output_buf,
                            sizeof o->output_buf) != 0)
            return setup_error("-o '%s': the name is too long", o->output);
        if (!j->quiet)
            fprintf(stderr,
                    "hwtop: -o '%s' would be one file for every "
                    "rank: each rank writes its own, named with its "
                    "rank (%s here); %%r in the name says where\n",
                    o->output, o->output_buf);
    }
    o->output = o->output_buf;
    return 0;
}

/* The terminal's foreground process group before --tui-rank took it. */
static pid_t fg_before = -1;

/* tcsetpgrp from a background group raises SIGTTOU: blocked meanwhile. */
static int
set_foreground(pid_t pgrp)
{
    sigset_t ttou, old;
    int rc;

    sigemptyset(&ttou);
    sigaddset(&ttou, SIGTTOU);
    sigprocmask(SIG_BLOCK, &ttou, &old);
    rc = tcsetpgrp(STDIN_FILENO, pgrp);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* At exit, after the TUI gave the terminal back (its atexit runs first):
 * the keyboard goes back to the launcher. */
static void
foreground_back(void)
{
    if (fg_before > 0)
        set_foreground(fg_before);
}

/* --tui-rank's rank: the TUI needs a terminal, and mpirun gives ranks
 * pipes; their controlling terminal is still the user's, but each rank
 * is in a process group of its own, in the background, where reading
 * keys stops it (SIGTTIN).  So: the terminal, and its foreground. */
static void
tui_terminal(struct options *o)
{
    pid_t fg;
    int fd = -1;

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0 || dup2(fd, STDIN_FILENO) < 0 ||
            dup2(fd, STDOUT_FILENO) < 0) {
            fprintf(stderr,
                    "hwtop: --tui-rank %d: no terminal for this "
                    "rank (/dev/tty: %s): batch mode\n",
                    o->tui_rank, strerror(errno));
            o->batch = true;
        }
        if (fd > STDOUT_FILENO)
            close(fd);
        if (o->batch)
            return;
    }
    /* Only from the launcher, when the user left it in the foreground: a
     * job sent to the background stays there, as any TUI would. */
    fg = tcgetpgrp(STDIN_FILENO);
    if (fg > 0 && fg != getpgrp() && fg == getpgid(getppid()) &&
        set_foreground(getpgrp()) == 0) {
        fg_before = fg;
        atexit(foreground_back);
    }
}

int
mpi_setup(struct options *o)
{
    struct mpi_job *j = &o->mpi;
    char err[300], label[320];
    int rc;

    if (mpi_detect(j, err, sizeof err) != 0) { /* the launcher's doing */
        fprintf(stderr, "hwtop: %s\n", err);
        return 2;
    }
    if (j->many && o->repeats > 1)
        return setup_error("-r %d: in an MPI job each rank's program can "
                           "start only once; repeat the whole job instead",
                           o->repeats);
    if (j->many && j->id.size > 0 && o->tui_rank >= j->id.size)
        return setup_error("--tui-rank %d: the job has %d ranks", o->tui_rank,
                           j->id.size);
    j->quiet = j->many && j->id.rank != (o->tui_rank >= 0 ? o->tui_rank : 0);
    if (o->output != NULL && (rc = expand_output(o)) != 0)
        return rc;
    if (j->many && !o->batch && j->id.rank != o->tui_rank)
        o->batch = true;
    else if (j->many && !o->batch && o->interval_ms == 0)
        tui_terminal(o);
    if (j->many && !j->quiet && o->output == NULL)
        fprintf(stderr,
                "hwtop: only %s shows its regions: -o 'run.%%r.csv' "
                "keeps every rank's report (then hwtop merge run.*.csv)\n",
                mpi_label(j, label, sizeof label));
    return 0;
}

const char *
mpi_label(const struct mpi_job *j, char *buf, size_t len)
{
    if (!j->many)
        snprintf(buf, len, "%s", "");
    else if (j->id.size > 0)
        snprintf(buf, len, "rank %d of %d on %s", j->id.rank, j->id.size,
                 j->id.host);
    else
        snprintf(buf, len, "rank %d on %s", j->id.rank, j->id.host);
    return buf;
}

void
mpi_title(const struct mpi_job *j, char *cmd, size_t len)
{
    char label[320];
    size_t n, have = strlen(cmd);

    if (!j->many || len == 0)
        return;
    mpi_label(j, label, sizeof label);
    n = strlen(label) + 3; /* "[", "] " */
    if (n >= len)
        return;
    if (have > len - 1 - n)
        have = len - 1 - n;
    memmove(cmd + n, cmd, have);
    cmd[n + have] = '\0';
    cmd[0] = '[';
    memcpy(cmd + 1, label, n - 3);
    memcpy(cmd + n - 2, "] ", 2);
}

void
mpi_json_add(struct cJSON *meta, const void *job)
{
    const struct mpi_job *j = job;
    cJSON *mpi;

    if (j->detected && (mpi = rank_json(&j->id)) != NULL)
        cJSON_AddItemToObject(meta, "mpi", mpi);
}

int
mpi_meta_write(FILE *f, const struct snapshot *s, const struct mpi_job *j)
{
    cJSON *root = meta_json(s), *mpi;

    if (root == NULL)
        return -ENOMEM;
    if (j->detected) {
        if ((mpi = rank_json(&j->id)) == NULL) {
            cJSON_Delete(root);
            return -ENOMEM;
        }
        cJSON_AddItemToObject(root, "mpi", mpi);
    }
    return meta_print(f, root);
}
