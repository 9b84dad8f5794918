/* SPDX-License-Identifier: MIT */
/* lrun.c: runs the real hwtop in a fresh directory and reads its reports. */
#include "lrun.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


void
require_hwtop(const char *hwtop)
{
    if (hwtop == NULL || *hwtop == '\0' || access(hwtop, X_OK) != 0)
        SKIP("the hwtop launcher is not built (%s)", hwtop ? hwtop : "unset");
}

void
lrun_init(struct lrun *l)
{
    memset(l, 0, sizeof *l);
    temp_dir(l->r.dir, sizeof l->r.dir);
    snprintf(l->rep_dir, sizeof l->rep_dir, "%s/rep", l->r.dir);
    if (mkdir(l->rep_dir, 0700) != 0)
        FAIL("mkdir %s: %s", l->rep_dir, strerror(errno));
    snprintf(l->r.csv_path, sizeof l->r.csv_path, "%s/r.csv", l->rep_dir);
    snprintf(l->r.meta_path, sizeof l->r.meta_path, "%s.meta.json",
             l->r.csv_path);
    snprintf(l->marker, sizeof l->marker, "%s/marker", l->r.dir);
}

static char **
build_env(const char *const env[])
{
    size_t n = 0, k = 0;
    char **out;

    for (char **e = environ; *e != NULL; e++)
        n++;
    for (const char *const *e = env; e != NULL && *e != NULL; e++)
        n++;
    if ((out = calloc(n + 1, sizeof *out)) == NULL)
        FAIL("out of memory");
    for (char **e = environ; *e != NULL; e++)
        if (strncmp(*e, "HWTOP_", 6) != 0)
            out[k++] = *e;
    for (const char *const *e = env; e != NULL && *e != NULL; e++)
        out[k++] = (char *)*e;
    return out;
}

void
lrun_start(struct lrun *l, char *const argv[], const char *const env[])
{
    char out_path[320], err_path[320];
    char **envp = build_env(env);

    snprintf(out_path, sizeof out_path, "%s/stdout", l->r.dir);
    snprintf(err_path, sizeof err_path, "%s/stderr", l->r.dir);
    printf("run:");
    for (int i = 0; argv[i] != NULL; i++)
        printf(" '%s'", argv[i]);
    for (const char *const *e = env; e != NULL && *e != NULL; e++)
        printf(" [%s]", *e);
    printf("\n");
    fflush(stdout);
    l->pid = fork();
    if (l->pid < 0)
        FAIL("fork: %s", strerror(errno));
    if (l->pid == 0) {
        int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int null = open("/dev/null", O_RDONLY);

        if (o < 0 || e < 0 || null < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0 ||
            dup2(null, 0) < 0 || chdir(l->r.dir) != 0)
            _exit(125);
        /* hwtop and its program inherit 0, 1 and 2, nothing of ours. */
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
        execve(argv[0], argv, envp);
        dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
        _exit(125);
    }
    free(envp);
}

static void
load_reports(struct run *r)
{
    char err[400];
    char *text;

    if (access(r->csv_path, F_OK) == 0) {
        if (csv_read_file(r->csv_path, &r->csv, err, sizeof err) != 0)
            FAIL("the report does not parse as RFC 4180: %s", err);
        if (r->csv.nrecords < 1)
            FAIL("the report has no header line");
        for (int i = 1; i < r->csv.nrecords; i++)
            if (r->csv.records[i].nfields != r->csv.records[0].nfields)
                FAIL("report line %d has %d fields, the header %d",
                     r->csv.records[i].line, r->csv.records[i].nfields,
                     r->csv.records[0].nfields);
    }
    if ((text = harness_slurp(r->meta_path, NULL)) != NULL) {
        if ((r->meta = cJSON_Parse(text)) == NULL)
            FAIL("%s is not JSON", r->meta_path);
        free(text);
    }
}

void
lrun_wait(struct lrun *l, int timeout_s)
{
    long long end = now_ms() + timeout_s * 1000LL;
    char path[320];
    int status;
    pid_t p;

    while ((p = waitpid(l->pid, &status, WNOHANG)) == 0) {
        if (now_ms() >= end) {
            kill(l->pid, SIGKILL);
            waitpid(l->pid, &status, 0);
            FAIL("hwtop still running after %d s (killed)", timeout_s);
        }
        usleep(5000);
    }
    if (p != l->pid)
        FAIL("waitpid: %s", strerror(errno));
    l->pid = 0;
    l->r.exit_code =
        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    /* A second run in the same lrun replaces the first's output. */
    free(l->r.out);
    free(l->r.err);
    snprintf(path, sizeof path, "%s/stdout", l->r.dir);
    l->r.out = harness_slurp(path, NULL);
    snprintf(path, sizeof path, "%s/stderr", l->r.dir);
    l->r.err = harness_slurp(path, NULL);
    if (l->r.out == NULL || l->r.err == NULL)
        FAIL("cannot read hwtop's output in %s", l->r.dir);
    load_reports(&l->r);
}

void
lrun(struct lrun *l, char *const argv[], const char *const env[], int timeout_s)
{
    lrun_start(l, argv, env);
    lrun_wait(l, timeout_s);
}

void
lrun_done(struct lrun *l)
{
    if (l->pid > 0) {
        kill(l->pid, SIGKILL);
        waitpid(l->pid, NULL, 0);
    }
    run_done(&l->r);
}

void
lrun_expect_exit(const struct lrun *l, int want, const char *file, int line)
{
    if (l->r.exit_code == want)
        return;
    fprintf(stderr, "--- hwtop's stdout:\n%s--- its stderr:\n%s---\n", l->r.out,
            l->r.err);
    fprintf(stderr, "%s:%d: FAIL: hwtop exited with %d, expected %d\n", file,
            line, l->r.exit_code, want);
    exit(1);
}

void
lrun_expect_report(const struct lrun *l, const char *file, int line)
{
    if (l->r.csv.nrecords > 0 && l->r.meta != NULL)
        return;
    fprintf(stderr, "--- hwtop's stderr:\n%s---\n", l->r.err);
    fprintf(stderr, "%s:%d: FAIL: no %s%s\n", file, line,
            l->r.csv.nrecords > 0 ? "" : "CSV report",
            l->r.meta != NULL ? "" : " meta.json");
    exit(1);
}

int
wait_file(const char *path, int timeout_ms)
{
    long long end = now_ms() + timeout_ms;

    while (access(path, F_OK) != 0) {
        if (now_ms() >= end)
            return -1;
        usleep(5000);
    }
    return 0;
}

long long
read_number(const char *path)
{
    char *text = harness_slurp(path, NULL);
    long long v = -1;

    if (text != NULL && sscanf(text, "%lld", &v) != 1)
        v = -1;
    free(text);
    return v;
}

int
file_exists(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

int
count_lines(const char *text, const char *prefix)
{
    size_t plen = strlen(prefix);
    int n = 0;

    for (const char *p = text; p != NULL && *p != '\0';) {
        if (strncmp(p, prefix, plen) == 0)
            n++;
        p = strchr(p, '\n');
        if (p != NULL)
            p++;
    }
    return n;
}

int
distinct_regions(const struct run *r)
{
    int c = csv_column(&r->csv, "region"), n = 0;

    for (int i = 1; i < r->csv.nrecords; i++) {
        const struct csv_field *f = &r->csv.records[i].fields[c];
        int seen = 0;

        for (int j = 1; j < i && !seen; j++)
            seen = same_bytes(&r->csv.records[j].fields[c], f->p, f->len);
        n += !seen;
    }
    return n;
}

const struct csv_record *
thread_row(const struct run *r, const char *name, int i)
{
    int c = csv_column(&r->csv, "region");

    for (int k = 1; k < r->csv.nrecords; k++) {
        const struct csv_record *rec = &r->csv.records[k];

        if (strcmp(rec->fields[c].p, name) == 0 && !row_is_all(r, rec) &&
            i-- == 0)
            return rec;
    }
    return NULL;
}

int
thread_rows(const struct run *r, const char *name)
{
    int n = 0;

    while (thread_row(r, name, n) != NULL)
        n++;
    return n;
}
