/* SPDX-License-Identifier: MIT */
/* lrun.c: runs the real hwtop in a fresh directory and reads its reports. */
#include "lrun.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testclock.h"

#define SEGMENT_LINK "/memfd:hwtop-segment"

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

void
lrun_start(struct lrun *l, char *const argv[], const char *const env[])
{
    char out_path[320], err_path[320];
    char **envp = harness_env(NULL, env);

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

int
lrun_wait_pid(pid_t pid, int timeout_s)
{
    uint64_t end = now_ns() + (uint64_t)timeout_s * 1000000000u;
    int status;
    pid_t p;

    while ((p = waitpid(pid, &status, WNOHANG)) == 0) {
        if (now_ns() >= end) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            FAIL("hwtop still running after %d s (killed)", timeout_s);
        }
        usleep(5000);
    }
    if (p != pid)
        FAIL("waitpid: %s", strerror(errno));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void
lrun_wait(struct lrun *l, int timeout_s)
{
    char path[320];

    l->r.exit_code = lrun_wait_pid(l->pid, timeout_s);
    l->pid = 0;
    /* A second run in the same lrun replaces the first's output. */
    free(l->r.out);
    free(l->r.err);
    snprintf(path, sizeof path, "%s/stdout", l->r.dir);
    l->r.out = harness_slurp(path, NULL);
    snprintf(path, sizeof path, "%s/stderr", l->r.dir);
    l->r.err = harness_slurp(path, NULL);
    if (l->r.out == NULL || l->r.err == NULL)
        FAIL("cannot read hwtop's output in %s", l->r.dir);
    harness_load_reports(&l->r);
}

void
lrun(struct lrun *l, char *const argv[], const char *const env[], int timeout_s)
{
    lrun_start(l, argv, env);
    lrun_wait(l, timeout_s);
}

long long
lrun_loop(struct lrun *l, const char *hwtop, const char *app, const char *how,
          int timeout_s)
{
    long long pid;

    lrun_start(l,
               ARGV((char *)hwtop, "-b", "-e", "sw", "-o", l->r.csv_path,
                    (char *)app, "loop", l->marker, (char *)how),
               NULL);
    if (wait_file(l->marker, timeout_s * 1000) != 0)
        FAIL("the program did not reach 20 calls in %d s", timeout_s);
    pid = read_number(l->marker);
    CHECK_INT(pid, >, 0);
    return pid;
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
    uint64_t end = now_ns() + (uint64_t)timeout_ms * 1000000u;

    while (access(path, F_OK) != 0) {
        if (now_ns() >= end)
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

const cJSON *
meta_object(const struct lrun *l, const char *key)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(l->r.meta, key);

    if (o == NULL)
        FAIL("meta.json has no \"%s\" object", key);
    return o;
}

const cJSON *
meta_misuse(const struct lrun *l, const char *what)
{
    const cJSON *m;

    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(l->r.meta, "misuse"))
    {
        const char *w = meta_str(m, "what");

        if (w != NULL && strstr(w, what) != NULL)
            return m;
    }
    return NULL;
}

int
segment_maps(long long pid, char perms[][5], int max)
{
    char path[64], line[1024];
    FILE *f;
    int n = 0;

    snprintf(path, sizeof path, "/proc/%lld/maps", pid);
    if ((f = fopen(path, "r")) == NULL)
        FAIL("cannot read %s", path);
    while (fgets(line, sizeof line, f) != NULL) {
        if (strstr(line, "/dev/shm/") != NULL)
            FAIL("process %lld maps %s", pid, line);
        if (strstr(line, SEGMENT_LINK) == NULL)
            continue;
        if (n < max && sscanf(line, "%*s %4s", perms[n]) != 1)
            FAIL("no permissions in %s line \"%s\"", path, line);
        n++;
    }
    fclose(f);
    return n;
}

int
segment_fds(long long pid, int *fd, bool verbose)
{
    char path[300], link[300];
    struct dirent *e;
    DIR *d;
    int n = 0;
    ssize_t len;

    snprintf(path, sizeof path, "/proc/%lld/fd", pid);
    if ((d = opendir(path)) == NULL)
        FAIL("cannot read %s", path);
    while ((e = readdir(d)) != NULL) {
        snprintf(path, sizeof path, "/proc/%lld/fd/%s", pid, e->d_name);
        if ((len = readlink(path, link, sizeof link - 1)) <= 0)
            continue;
        link[len] = '\0';
        if (verbose)
            printf("  fd %s -> %s\n", e->d_name, link);
        if (strncmp(link, "/dev/shm/", 9) == 0)
            FAIL("process %lld has %s open", pid, link);
        if (strncmp(link, SEGMENT_LINK, strlen(SEGMENT_LINK)) == 0 &&
            n++ == 0 && fd != NULL)
            *fd = atoi(e->d_name);
    }
    closedir(d);
    return n;
}
