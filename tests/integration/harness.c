/* SPDX-License-Identifier: MIT */
/* harness.c: runs programs under HWTOP_CSV and reads back their reports. */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/perf_event.h>
#include <papi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

char *
harness_slurp(const char *path, size_t *lenp)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;

    if (f == NULL)
        return NULL;
    do {
        if (len + 4096 + 1 > cap) {
            cap = cap * 2 + 4096 + 1;
            buf = realloc(buf, cap);
            if (buf == NULL)
                FAIL("out of memory reading %s", path);
        }
        n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
    } while (n > 0);
    fclose(f);
    buf[len] = '\0';
    if (lenp != NULL)
        *lenp = len;
    return buf;
}

char **
harness_env(const char *extra, const char *const env[])
{
    size_t n = 0, k = 0;
    char **out;

    for (char **e = environ; *e != NULL; e++)
        n++;
    for (const char *const *e = env; e != NULL && *e != NULL; e++)
        n++;
    out = calloc(n + 2, sizeof *out);
    if (out == NULL)
        FAIL("out of memory");
    for (char **e = environ; *e != NULL; e++)
        if (strncmp(*e, "HWTOP_", 6) != 0)
            out[k++] = *e;
    if (extra != NULL)
        out[k++] = (char *)extra;
    for (const char *const *e = env; e != NULL && *e != NULL; e++)
        if (strchr(*e, '=') != NULL)
            out[k++] = (char *)*e;
    out[k] = NULL;
    return out;
}

void
harness_load_reports(struct run *r)
{
    char err[400];
    char *text;
    int rc;

    if (access(r->csv_path, F_OK) == 0) {
        rc = csv_read_file(r->csv_path, &r->csv, err, sizeof err);
        if (rc != 0)
            FAIL("the report does not parse as RFC 4180: %s", err);
        if (r->csv.nrecords < 1)
            FAIL("the report has no header line");
        for (int i = 1; i < r->csv.nrecords; i++)
            if (r->csv.records[i].nfields != r->csv.records[0].nfields)
                FAIL("report line %d has %d fields, the header %d",
                     r->csv.records[i].line, r->csv.records[i].nfields,
                     r->csv.records[0].nfields);
    }
    text = harness_slurp(r->meta_path, NULL);
    if (text != NULL) {
        r->meta = cJSON_Parse(text);
        if (r->meta == NULL)
            FAIL("%s is not JSON (near: %.40s)", r->meta_path,
                 cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "?");
        free(text);
    }
}

void
temp_dir(char *dir, size_t len)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(dir, len, "%s/hwtop-it-XXXXXX",
             tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL)
        FAIL("mkdtemp %s: %s", dir, strerror(errno));
}

void
run_program_any(struct run *r, char *const argv[], const char *const env[])
{
    char out_path[300], err_path[300], csv[400];
    char **envp;
    int status;
    pid_t pid;

    memset(r, 0, sizeof *r);
    temp_dir(r->dir, sizeof r->dir);
    snprintf(r->csv_path, sizeof r->csv_path, "%s/report.csv", r->dir);
    snprintf(r->meta_path, sizeof r->meta_path, "%s.meta.json", r->csv_path);
    snprintf(out_path, sizeof out_path, "%s/stdout", r->dir);
    snprintf(err_path, sizeof err_path, "%s/stderr", r->dir);
    snprintf(csv, sizeof csv, "HWTOP_CSV=%s", r->csv_path);
    envp = harness_env(csv, env);
    printf("run:");
    for (int i = 0; argv[i] != NULL; i++)
        printf(" %s", argv[i]);
    for (const char *const *e = env; e != NULL && *e != NULL; e++)
        printf(" [%s]", *e);
    printf(" (in %s)\n", r->dir);
    fflush(stdout);
    pid = fork();
    if (pid < 0)
        FAIL("fork: %s", strerror(errno));
    if (pid == 0) {
        int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

        if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        execve(argv[0], argv, envp);
        dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    free(envp);
    if (waitpid(pid, &status, 0) != pid)
        FAIL("waitpid: %s", strerror(errno));
    r->exit_code =
        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r->out = harness_slurp(out_path, NULL);
    r->err = harness_slurp(err_path, NULL);
    if (r->out == NULL || r->err == NULL)
        FAIL("cannot read the program's output in %s", r->dir);
    harness_load_reports(r);
}

void
run_program(struct run *r, char *const argv[], const char *const env[])
{
    run_program_any(r, argv, env);
    if (r->exit_code != 0) {
        fprintf(stderr, "--- stderr of %s:\n%s---\n", argv[0], r->err);
        FAIL("%s exited with %d", argv[0], r->exit_code);
    }
    if (r->csv.nrecords == 0) {
        fprintf(stderr, "--- stderr of %s:\n%s---\n", argv[0], r->err);
        FAIL("%s wrote no report at %s", argv[0], r->csv_path);
    }
    if (r->meta == NULL)
        FAIL("%s wrote no %s", argv[0], r->meta_path);
}

void
run_fixture(struct run *r, const char *fixture, const char *scenario,
            const char *const env[])
{
    char *argv[] = {(char *)fixture, (char *)scenario, NULL};

    run_program(r, argv, env);
}

void
run_fixture_on(struct run *r, int argc, char **argv, const char *scenario)
{
    char backend[64];
    const char *env[] = {"HWTOP_EVENTS=sw", backend, NULL};

    if (argc != 3)
        FAIL("usage: %s <fixture> papi|kernel|rusage", argv[0]);
    require_source(argv[2]);
    snprintf(backend, sizeof backend, "HWTOP_BACKEND=%s", argv[2]);
    run_fixture(r, argv[1], scenario, env);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void
remove_dir(const char *dir)
{
    nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

void
run_done(struct run *r)
{
    csv_table_fini(&r->csv);
    cJSON_Delete(r->meta);
    free(r->out);
    free(r->err);
    if (r->dir[0] != '\0')
        remove_dir(r->dir);
    memset(r, 0, sizeof *r);
}

static int
kernel_sw_open(int exclude_kernel)
{
    struct perf_event_attr a;

    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = PERF_TYPE_SOFTWARE;
    a.config = PERF_COUNT_SW_TASK_CLOCK;
    a.exclude_hv = 1;
    a.exclude_kernel = (unsigned)exclude_kernel;
    return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1,
                        PERF_FLAG_FD_CLOEXEC);
}

static int
kernel_offered(char *why, size_t len)
{
    int fd = kernel_sw_open(0);
    char paranoid[32] = "unknown";
    FILE *f;

    if (fd < 0 && (errno == EACCES || errno == EPERM))
        fd = kernel_sw_open(1);
    if (fd >= 0) {
        close(fd);
        return 1;
    }
    snprintf(why, len, "%s", strerror(errno));
    f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
    if (f != NULL) {
        if (fscanf(f, "%31s", paranoid) != 1)
            strcpy(paranoid, "unreadable");
        fclose(f);
    }
    snprintf(why + strlen(why), len - strlen(why),
             " (perf_event_paranoid is %s)", paranoid);
    return 0;
}

/* PAPI itself, all four perf:: software events in one EventSet; the
 * kernel side (k=1) too, or switches and migrations would read 0. */
static int
papi_offered(char *why, size_t len)
{
    static const char *const names[] = {"perf::TASK-CLOCK", "perf::PAGE-FAULTS",
                                        "perf::CONTEXT-SWITCHES:k=1",
                                        "perf::CPU-MIGRATIONS:k=1"};
    long long v[4];
    int set = PAPI_NULL, rc, cidx, ok = 0;
    const PAPI_component_info_t *ci;

    if (PAPI_is_initialized() == PAPI_NOT_INITED &&
        (rc = PAPI_library_init(PAPI_VER_CURRENT)) != PAPI_VER_CURRENT) {
        snprintf(why, len, "PAPI_library_init returned %d", rc);
        return 0;
    }
    cidx = PAPI_get_component_index("perf_event");
    ci = cidx >= 0 ? PAPI_get_component_info(cidx) : NULL;
    if (ci == NULL) {
        snprintf(why, len, "PAPI was built without its perf_event component");
        return 0;
    }
    if (ci->disabled) {
        snprintf(why, len, "its perf_event component is disabled (%s)",
                 ci->disabled_reason);
        return 0;
    }
    if ((rc = PAPI_create_eventset(&set)) != PAPI_OK) {
        snprintf(why, len, "PAPI_create_eventset: %s", PAPI_strerror(rc));
        return 0;
    }
    for (int i = 0; i < 4; i++)
        if ((rc = PAPI_add_named_event(set, names[i])) != PAPI_OK) {
            snprintf(why, len, "%s: %s", names[i], PAPI_strerror(rc));
            goto out;
        }
    rc = PAPI_start(set);
    if (rc == PAPI_OK)
        rc = PAPI_stop(set, v);
    if (rc != PAPI_OK)
        snprintf(why, len, "PAPI_start: %s", PAPI_strerror(rc));
    ok = rc == PAPI_OK;
out:
    PAPI_cleanup_eventset(set);
    PAPI_destroy_eventset(&set);
    return ok;
}

int
source_offered(const char *source, char *why, size_t len)
{
    why[0] = '\0';
    if (strcmp(source, "rusage") == 0)
        return 1;
    if (strcmp(source, "kernel") == 0)
        return kernel_offered(why, len);
    if (strcmp(source, "papi") == 0)
        return papi_offered(why, len);
    FAIL("unknown source '%s' (papi, kernel or rusage)", source);
}

void
require_source(const char *source)
{
    char why[300];

    if (source_offered(source, why, sizeof why))
        return;
    if (strcmp(source, "papi") == 0)
        SKIP("PAPI has no perf:: events on this machine: %s", why);
    SKIP("the kernel refuses perf_event_open(PERF_TYPE_SOFTWARE): %s", why);
}

const char *
auto_source(void)
{
    char why[300];

    if (source_offered("papi", why, sizeof why))
        return "papi";
    if (source_offered("kernel", why, sizeof why))
        return "kernel";
    return "rusage";
}

long long
harness_fact(const struct run *r, const char *key, const char *file, int line)
{
    size_t klen = strlen(key);
    const char *p = r->out;

    while ((p = strstr(p, "fixture: ")) != NULL) {
        p += strlen("fixture: ");
        if (strncmp(p, key, klen) == 0 && p[klen] == '=')
            return strtoll(p + klen + 1, NULL, 10);
    }
    fprintf(stderr, "%s:%d: FAIL: the fixture printed no %s\n", file, line,
            key);
    exit(1);
}

static int
column(const struct run *r, const char *col, const char *file, int line)
{
    int c = csv_column(&r->csv, col);

    if (c < 0) {
        fprintf(stderr, "%s:%d: FAIL: the report has no column %s\n", file,
                line, col);
        exit(1);
    }
    return c;
}

int
same_bytes(const struct csv_field *f, const char *p, size_t len)
{
    return f->len == len && memcmp(f->p, p, len) == 0;
}

int
row_is_all(const struct run *r, const struct csv_record *rec)
{
    int c = column(r, "thread", __FILE__, __LINE__);

    return strcmp(rec->fields[c].p, "all") == 0;
}

const struct csv_record *
harness_row(const struct run *r, const char *name, size_t len,
            const char *thread, const char *file, int line)
{
    int cr = column(r, "region", file, line);
    int ct = column(r, "thread", file, line);
    const struct csv_record *found = NULL;
    int n = 0;

    for (int i = 1; i < r->csv.nrecords; i++) {
        const struct csv_record *rec = &r->csv.records[i];
        const char *label = rec->fields[ct].p;

        if (!same_bytes(&rec->fields[cr], name, len))
            continue;
        if (thread == NULL ? strcmp(label, "all") == 0
                           : strcmp(label, thread) != 0)
            continue;
        found = rec;
        n++;
    }
    if (n != 1) {
        fprintf(stderr,
                "%s:%d: FAIL: %d rows for region \"%.60s\" (%zu bytes), "
                "thread %s; expected 1\n",
                file, line, n, name, len, thread ? thread : "(not all)");
        exit(1);
    }
    return found;
}

const struct csv_field *
harness_str(const struct run *r, const struct csv_record *rec, const char *col,
            const char *file, int line)
{
    return &rec->fields[column(r, col, file, line)];
}

const char *
harness_problems(const struct run *r, const struct csv_record *rec,
                 const char *file, int line)
{
    static char out[256];
    const char *f = harness_str(r, rec, "flags", file, line)->p;
    size_t o = 0;

    out[0] = '\0';
    while (*f != '\0') {
        size_t n = strcspn(f, "|");

        if (!(n == 9 && strncmp(f, "too_short", 9) == 0) &&
            o + n + 2 < sizeof out) {
            if (o > 0)
                out[o++] = '|';
            memcpy(out + o, f, n);
            o += n;
            out[o] = '\0';
        }
        f += n + (f[n] == '|');
    }
    return out;
}

long long
harness_num(const struct run *r, const struct csv_record *rec, const char *col,
            const char *file, int line)
{
    const struct csv_field *f = harness_str(r, rec, col, file, line);
    char *end;
    long long v;

    errno = 0;
    v = strtoll(f->p, &end, 10);
    if (f->len == 0 || *end != '\0' || errno != 0) {
        fprintf(stderr,
                "%s:%d: FAIL: column %s of region \"%.60s\" is \"%s\", not "
                "an integer\n",
                file, line, col, rec->fields[0].p, f->p);
        exit(1);
    }
    return v;
}

int
row_count(const struct run *r, const char *name, size_t len)
{
    int cr = column(r, "region", __FILE__, __LINE__), n = 0;

    for (int i = 1; i < r->csv.nrecords; i++)
        n += same_bytes(&r->csv.records[i].fields[cr], name, len);
    return n;
}

int
row_has_flag(const struct run *r, const struct csv_record *rec,
             const char *word)
{
    const char *flags = harness_str(r, rec, "flags", __FILE__, __LINE__)->p;
    size_t wlen = strlen(word);

    for (const char *p = flags; *p != '\0';) {
        size_t n = strcspn(p, "|");

        if (n == wlen && strncmp(p, word, n) == 0)
            return 1;
        p += n;
        if (*p == '|')
            p++;
    }
    return 0;
}

int
event_columns(const struct run *r, const char *names[], int max)
{
    const struct csv_record *h = &r->csv.records[0];
    int start = column(r, "excl_wall_ns", __FILE__, __LINE__) + 1, n = 0;

    for (int i = start; i < h->nfields && n < max; i++) {
        if (strncmp(h->fields[i].p, "excl_", 5) == 0)
            break;
        names[n++] = h->fields[i].p;
    }
    return n;
}

const cJSON *
meta_event(const struct run *r, const char *name)
{
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(r->meta, "events");
    const cJSON *e;

    cJSON_ArrayForEach(e, ev)
    {
        const char *n = meta_str(e, "name");

        if (n != NULL && strcmp(n, name) == 0)
            return e;
    }
    return NULL;
}

const char *
meta_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

double
meta_num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}
