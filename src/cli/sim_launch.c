/* SPDX-License-Identifier: MIT */
/* sim_launch.c: valgrind's command line and callgrind's directory (--sim). */
#include "sim_launch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim_cache.h"
#include "simcols.h"
#include "units.h"

/* Finds name as execvp would: as given when it has a '/', else along
 * PATH.  0 with the path in out, -ENOENT, or -EACCES (found, but not an
 * executable file). */
static int
path_find(const char *name, char *out, size_t len)
{
    const char *path = getenv("PATH"), *p;
    int rc = -ENOENT;

    if (strchr(name, '/') != NULL) {
        struct stat st;

        if (stat(name, &st) != 0)
            return -errno;
        snprintf(out, len, "%s", name);
        return S_ISREG(st.st_mode) && access(name, X_OK) == 0 ? 0 : -EACCES;
    }
    if (path == NULL)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (p = path; *name != '\0';) {
        const char *colon = strchrnul(p, ':');
        struct stat st;
        int n = (int)(colon - p);

        snprintf(out, len, "%.*s%s%s", n, p, n ? "/" : "", name);
        if (stat(out, &st) == 0) {
            if (S_ISREG(st.st_mode) && access(out, X_OK) == 0)
                return 0;
            rc = -EACCES;
        }
        if (*colon == '\0')
            break;
        p = colon + 1;
    }
    return rc;
}

/* Where the dumps go: $TMPDIR, else /tmp.  Each lives there a fraction
 * of a second; TMPDIR=/dev/shm (memory) spares the disk file system the
 * creating and deleting of thousands of files (docs/sim.md). */
static const char *
tmp_root(void)
{
    const char *tmp = getenv("TMPDIR");

    return tmp != NULL && *tmp == '/' ? tmp : "/tmp";
}

/* A directory for callgrind: the --keep-sim one (new or empty), or a
 * private one under tmp_root(). */
static int
make_dir(struct sim_run *r, const char *keep)
{
    const char *tmp = tmp_root();
    DIR *d;
    struct dirent *de;

    if (keep == NULL) {
        snprintf(r->dir, sizeof r->dir, "%s/hwtop-sim.XXXXXX", tmp);
        if (mkdtemp(r->dir) == NULL) {
            fprintf(stderr,
                    "hwtop: --sim: cannot make a directory in %s: "
                    "%s\n",
                    tmp, strerror(errno));
            return -1;
        }
        return 0;
    }
    r->keep = true;
    snprintf(r->dir, sizeof r->dir, "%s", keep);
    if (mkdir(keep, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "hwtop: --keep-sim %s: %s\n", keep, strerror(errno));
        return -1;
    }
    /* Old dumps there would be read as this run's. */
    if ((d = opendir(keep)) == NULL) {
        fprintf(stderr, "hwtop: --keep-sim %s: %s\n", keep, strerror(errno));
        return -1;
    }
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            closedir(d);
            fprintf(stderr, "hwtop: --keep-sim %s: not empty\n", keep);
            return -1;
        }
    closedir(d);
    return 0;
}

static int
add_arg(struct sim_run *r, const char *fmt, const char *a, const char *b)
{
    char buf[8192];

    snprintf(buf, sizeof buf, fmt, a, b ? b : "");
    if ((r->argv[r->argc] = strdup(buf)) == NULL)
        return -1;
    r->argc++;
    return 0;
}

static int
build_argv(struct sim_run *r, const char *valgrind, const struct options *o,
           const struct sim_geometry *g)
{
    const struct sim_cache *c[3] = {&g->i1, &g->d1, &g->ll};
    static const char *const names[3] = {"I1", "D1", "LL"};
    int n = 0, rc = 0;
    char geo[64];

    while (o->argv[n] != NULL)
        n++;
    if ((r->argv = calloc((size_t)n + 16, sizeof *r->argv)) == NULL)
        return -1;
    rc |= add_arg(r, "%s%s", valgrind, NULL);
    rc |= add_arg(r, "--tool=callgrind%s%s", "", NULL);
    rc |= add_arg(r, "--cache-sim=yes%s%s", "", NULL);
    rc |= add_arg(r, "--branch-sim=yes%s%s", "", NULL);
    rc |= add_arg(r, "--separate-threads=yes%s%s", "", NULL);
    rc |= add_arg(r, "--dump-instr=no%s%s", "", NULL);
    rc |= add_arg(r, "--dump-line=no%s%s", "", NULL);
    rc |= add_arg(r, "--callgrind-out-file=%s/cg.%%p%s", r->dir, NULL);
    /* Its own words stay out of the program's output; kept for errors. */
    rc |= add_arg(r, "--log-file=%s/valgrind.%%p.log%s", r->dir, NULL);
    for (int i = 0; i < 3; i++)
        if (c[i]->size_bytes != 0)
            rc |= add_arg(r, "--%s=%s", names[i],
                          sim_cache_text(geo, sizeof geo, c[i]));
    for (int i = 0; i < n; i++)
        rc |= add_arg(r, "%s%s", o->argv[i], NULL);
    return rc;
}

/* The program, checked here: valgrind's own "not found" reads worse. */
static int
check_program(const char *prog)
{
    char path[PATH_MAX];
    int rc = path_find(prog, path, sizeof path);

    if (rc == 0)
        return 0;
    fprintf(stderr, "hwtop: %s: %s\n", prog,
            rc == -ENOENT ? "command not found" : strerror(-rc));
    return rc == -ENOENT ? 127 : 126;
}

int
sim_run_new(struct sim_run **out, const struct options *o)
{
    char valgrind[PATH_MAX], note[600];
    struct sim_geometry g;
    struct sim_run *r;
    int rc;

    *out = NULL;
    if (path_find("valgrind", valgrind, sizeof valgrind) != 0) {
        fprintf(stderr, "hwtop: --sim needs valgrind, which is not on PATH: "
                        "install it (apt-get install valgrind)\n");
        return 127;
    }
    if ((rc = check_program(o->argv[0])) != 0)
        return rc;
    if ((r = calloc(1, sizeof *r)) == NULL)
        return 1;
    sim_cache_choose(o->sim_cache, &g, r->info.cache, sizeof r->info.cache,
                     note, sizeof note);
    if (note[0] != '\0')
        fprintf(stderr, "hwtop: %s\n", note);
    if (make_dir(r, o->sim_keep) != 0 || build_argv(r, valgrind, o, &g) != 0 ||
        (r->collect = sim_collect_new(r->dir, r->keep)) == NULL) {
        sim_run_free(r);
        return 1;
    }
    if (r->keep)
        snprintf(r->info.kept, sizeof r->info.kept, "%.*s",
                 (int)sizeof r->info.kept - 1, r->dir);
    r->info.exact_calls = o->sim_exact ? 0 : 1000;
    if (!o->sim_exact && getenv("HWTOP_SIM_EXACT_CALLS") != NULL)
        r->info.exact_calls =
            strtoull(getenv("HWTOP_SIM_EXACT_CALLS"), NULL, 10);
    /* The program inherits hwtop's environment. */
    setenv("HWTOP_SIM", "1", 1);
    if (o->sim_exact)
        setenv("HWTOP_SIM_EXACT_CALLS", "all", 1);
    *out = r;
    return 0;
}

/* Empties and removes the directory: only the names callgrind and
 * valgrind make there, nothing else. */
static void
remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[PATH_MAX];

    if (d == NULL)
        return;
    while ((de = readdir(d)) != NULL)
        if (strncmp(de->d_name, "cg.", 3) == 0 ||
            strncmp(de->d_name, "valgrind.", 9) == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            unlink(path);
        }
    closedir(d);
    rmdir(dir);
}

void
sim_run_free(struct sim_run *r)
{
    if (r == NULL)
        return;
    if (!r->keep && r->dir[0] != '\0')
        remove_dir(r->dir);
    for (int i = 0; r->argv != NULL && i < r->argc; i++)
        free(r->argv[i]);
    free(r->argv);
    sim_collect_free(r->collect);
    free(r);
}

void
sim_run_events(struct hwtop_seg_header *h)
{
    uint32_t room = HWTOP_SEG_MAX_EVENTS - SIM_NCOLS;

    for (uint32_t i = room; i < h->nevents && i < HWTOP_SEG_MAX_EVENTS; i++)
        if (h->ndropped < HWTOP_SEG_MAX_EVENTS) {
            struct hwtop_seg_event *d = &h->dropped[h->ndropped++];

            *d = h->events[i];
            d->state = HWTOP_EV_UNAVAILABLE;
            snprintf(d->reason, sizeof d->reason,
                     "--sim keeps %u columns besides its %d simulated ones",
                     room, SIM_NCOLS);
        }
    if (h->nevents > room)
        h->nevents = room;
    /* Last: the library counts the columns before them only. */
    for (int i = 0; i < SIM_NCOLS; i++) {
        struct hwtop_seg_event *e = &h->events[h->nevents++];

        memset(e, 0, sizeof *e);
        snprintf(e->name, sizeof e->name, "%s", sim_cols[i].column);
        snprintf(e->spec, sizeof e->spec, "callgrind %s",
                 sim_cols[i].callgrind);
        e->source = HWTOP_SRC_SIM;
        e->state = HWTOP_EV_COUNTING;
    }
}

void
sim_run_poll(struct sim_run *r, bool final)
{
    const struct sim_collect_stats *st;

    sim_collect_poll(r->collect, final);
    st = sim_collect_stats(r->collect);
    r->info.dumps = st->dumps;
    r->info.bytes = st->bytes;
    r->info.peak_bytes = st->peak_bytes;
    r->info.broken = st->broken;
    r->info.inconsistent =
        sim_attrib_inconsistent(sim_collect_attrib(r->collect));
    memcpy(r->info.i1, st->i1, sizeof r->info.i1);
    memcpy(r->info.d1, st->d1, sizeof r->info.d1);
    memcpy(r->info.ll, st->ll, sizeof r->info.ll);
}

const char *
sim_run_status(const struct sim_run *r, char *buf, size_t len)
{
    char n[32], b[32];

    snprintf(buf, len, "simulated by callgrind: %s dumps, %sB read",
             units_count(n, sizeof n, (double)r->info.dumps),
             units_count(b, sizeof b, (double)r->info.bytes));
    return buf;
}

void
sim_run_explain(const struct sim_run *r, int status)
{
    char path[PATH_MAX + 32], line[512], last[3][512] = {"", "", ""};
    FILE *f;
    int n = 0;

    if (status == 0 || r->info.dumps > 0 || r->pid <= 0)
        return;
    snprintf(path, sizeof path, "%s/valgrind.%d.log", r->dir, r->pid);
    if ((f = fopen(path, "re")) == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] != '\0')
            snprintf(last[n++ % 3], sizeof last[0], "%s", line);
    }
    fclose(f);
    for (int i = n > 3 ? n - 3 : 0; i < n; i++)
        fprintf(stderr, "hwtop: valgrind: %s\n", last[i % 3]);
}
