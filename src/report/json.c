/* SPDX-License-Identifier: MIT */
/* json.c: snapshot to the JSON report: metadata, then a tree of regions. */
#include "json.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>

#include "csv.h"
#include "meta.h"
#include "metrics.h"
#include "repeat.h"
#include "topology.h"
#include "units.h"

/*
 * The tree is made of the all-threads rows: a region hangs under the
 * parent its all row names (the first thread's, docs/csv.md).  Built as
 * index lists over the snapshot's rows, so nothing is copied.
 */
struct tree {
    int *all;          /* region -> its all row, -1 when none */
    int *parent;       /* region -> parent region in the tree, -1: top */
    int *first, *next; /* children of a region, in region order */
    int *last;
    int *thr_first, *thr_next, *thr_last; /* thread rows of a region */
    int *depth;
    int nroots, root_first, root_last;
};

/* Integers as written by printf: exact, where a double would round
 * counts above 2^53. */
static void
add_u64(cJSON *o, const char *key, uint64_t v)
{
    char buf[24];

    snprintf(buf, sizeof buf, "%" PRIu64, v);
    cJSON_AddRawToObject(o, key, buf);
}

static void
add_i64(cJSON *o, const char *key, int64_t v)
{
    char buf[24];

    snprintf(buf, sizeof buf, "%" PRId64, v);
    cJSON_AddRawToObject(o, key, buf);
}

/* A derived value as the CSV has it (6 significant digits); NaN (not
 * measured) is null. */
static void
add_dbl(cJSON *o, const char *key, double v)
{
    char buf[32];

    if (isnan(v) || isinf(v)) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    snprintf(buf, sizeof buf, "%.6g", v);
    cJSON_AddRawToObject(o, key, buf);
}

/* name as a JSON string of valid UTF-8: invalid bytes become U+FFFD
 * (three bytes for one, at most).  NULL on no memory. */
static cJSON *
name_json(const char *name)
{
    size_t len = strlen(name) * 3 + 1;
    char *clean = malloc(len);
    cJSON *o;

    if (clean == NULL)
        return NULL;
    o = cJSON_CreateString(units_utf8_clean(clean, len, name));
    free(clean);
    return o;
}

static void
add_name(cJSON *o, const char *key, const char *name)
{
    cJSON_AddItemToObject(o, key, name_json(name));
}

static cJSON *
events_json(const struct snapshot *s, const int64_t *ev, const int64_t *sub)
{
    cJSON *o = cJSON_CreateObject();
    char key[3 * SNAP_NAME + 1];

    for (int i = 0; i < s->nevents; i++) {
        units_utf8_clean(key, sizeof key, s->events[i].name);
        if (s->events[i].state == SNAP_EV_UNAVAILABLE)
            cJSON_AddNullToObject(o, key);
        else if (sub == NULL)
            add_i64(o, key, ev[i]);
        else /* wraps, as the CSV's excl_ columns do */
            add_i64(o, key, (int64_t)((uint64_t)ev[i] - (uint64_t)sub[i]));
    }
    return o;
}

static cJSON *
flags_json(unsigned flags)
{
    cJSON *a = cJSON_CreateArray();
    char buf[256], *save = NULL;

    csv_flags(flags, buf, sizeof buf);
    for (char *w = strtok_r(buf, "|", &save); w != NULL;
         w = strtok_r(NULL, "|", &save))
        cJSON_AddItemToArray(a, cJSON_CreateString(w));
    return a;
}

/* The slowest calls beside all calls (the CSV's slow_* columns). */
static void
add_slow(cJSON *o, const struct snapshot *s, const struct snap_row *r)
{
    struct slow_view v;
    cJSON *sl, *ev;
    char key[3 * SNAP_NAME + 1];

    slow_view(s, r, &v);
    if (v.calls == 0) {
        cJSON_AddNullToObject(o, "slow");
        return;
    }
    sl = cJSON_AddObjectToObject(o, "slow");
    add_u64(sl, "calls", v.calls);
    add_dbl(sl, "time_per_call_ns", v.time);
    add_dbl(sl, "time_ratio", v.time_ratio);
    ev = cJSON_AddObjectToObject(sl, "events");
    for (int i = 0; i < s->nevents; i++) {
        cJSON *e = cJSON_CreateObject();

        add_dbl(e, "per_call", v.ev[i]);
        add_dbl(e, "ratio", v.ev_ratio[i]);
        units_utf8_clean(key, sizeof key, s->events[i].name);
        cJSON_AddItemToObject(ev, key, e);
    }
}

static cJSON *
stat_json(const struct repeat_stat *st)
{
    cJSON *o = cJSON_CreateObject();

    add_dbl(o, "mean", st->mean);
    add_dbl(o, "min", st->min);
    add_dbl(o, "median", st->median);
    add_dbl(o, "max", st->max);
    add_dbl(o, "cv", st->cv);
    return o;
}

/* -r N: the spread of the region over the runs. */
static void
add_repeat(cJSON *o, const struct snapshot *s, const struct snap_row *r)
{
    const struct snap_repeat *rp = &s->rep[r - s->rows];
    cJSON *sp, *ev;
    char key[3 * SNAP_NAME + 1];

    add_i64(o, "runs", rp->runs);
    cJSON_AddBoolToObject(o, "noisy", rp->noisy);
    sp = cJSON_AddObjectToObject(o, "spread");
    cJSON_AddItemToObject(sp, "time_per_call_ns",
                          stat_json(&rp->time_per_call));
    cJSON_AddItemToObject(sp, "wall_ns", stat_json(&rp->wall));
    ev = cJSON_AddObjectToObject(sp, "events");
    for (int i = 0; i < s->nevents; i++) {
        units_utf8_clean(key, sizeof key, s->events[i].name);
        cJSON_AddItemToObject(ev, key, stat_json(&rp->ev[i]));
    }
}

/* What a row says, the same for a region and for one of its threads:
 * the CSV's columns, grouped. */
static void
add_row(cJSON *o, const struct snapshot *s, const struct snap_row *r)
{
    static const char *const pct[] = {"p50_ns", "p90_ns", "p99_ns", "p999_ns",
                                      "max_ns"};
    const uint64_t pv[] = {r->p50_ns, r->p90_ns, r->p99_ns, r->p999_ns,
                           r->max_ns};
    double m[METRIC_COUNT];
    cJSON *mo;

    if (r->parent >= 0 && r->parent < s->nregions)
        add_name(o, "parent", s->regions[r->parent].name);
    else
        cJSON_AddNullToObject(o, "parent");
    add_u64(o, "calls", r->calls);
    add_u64(o, "wall_ns", r->wall_ns);
    add_u64(o, "excl_wall_ns", r->wall_ns - r->child_wall_ns);
    cJSON_AddItemToObject(o, "events", events_json(s, r->ev, NULL));
    cJSON_AddItemToObject(o, "excl_events", events_json(s, r->ev, r->child_ev));
    metrics_compute(s, r, m);
    mo = cJSON_AddObjectToObject(o, "metrics");
    for (int i = 0; i < METRIC_COUNT; i++)
        add_dbl(mo, metric_defs[i].column, m[i]);
    for (size_t i = 0; i < sizeof pct / sizeof pct[0]; i++)
        if (s->simulated) /* not kept under --sim (docs/sim.md) */
            cJSON_AddNullToObject(o, pct[i]);
        else
            add_u64(o, pct[i], pv[i]);
    cJSON_AddItemToObject(o, "flags", flags_json(r->flags));
    add_slow(o, s, r);
}

static cJSON *
thread_json(const struct snapshot *s, const struct snap_row *r)
{
    const struct snap_thread *t = &s->threads[r->thread];
    cJSON *o = cJSON_CreateObject();
    char buf[32];

    add_name(o, "thread", snapshot_thread_label(s, r->thread, buf, sizeof buf));
    if (t->name[0] != '\0')
        add_name(o, "name", t->name);
    else
        cJSON_AddNullToObject(o, "name");
    add_i64(o, "pid", t->pid);
    add_i64(o, "tid", t->tid);
    if (t->cpu >= 0)
        add_i64(o, "cpu", t->cpu);
    else
        cJSON_AddNullToObject(o, "cpu");
    add_row(o, s, r);
    return o;
}

static cJSON *
node_json(const struct snapshot *s, const struct tree *t, int region)
{
    const struct snap_row *r = &s->rows[t->all[region]];
    cJSON *o = cJSON_CreateObject(), *th, *ch;

    add_name(o, "name", s->regions[region].name);
    add_i64(o, "depth", t->depth[region]);
    if (r->pid != 0)
        add_i64(o, "pid", r->pid);
    else
        cJSON_AddNullToObject(o, "pid");
    add_row(o, s, r);
    if (s->nruns > 1 && s->rep != NULL)
        add_repeat(o, s, r);
    th = cJSON_AddArrayToObject(o, "threads");
    for (int i = t->thr_first[region]; i >= 0; i = t->thr_next[i])
        cJSON_AddItemToArray(th, thread_json(s, &s->rows[i]));
    ch = cJSON_AddArrayToObject(o, "children");
    for (int c = t->first[region]; c >= 0; c = t->next[c])
        cJSON_AddItemToArray(ch, node_json(s, t, c));
    return o;
}

static void
tree_fini(struct tree *t)
{
    free(t->all);
}

/*
 * Depth of region r (and of its ancestors), cutting a parent link where
 * the chain loops (a hostile segment can say so) or runs deeper than
 * JSON_MAX_DEPTH: the region there becomes a root.  state: 0 not seen,
 * 1 on this walk, 2 done.
 */
static void
tree_depth(struct tree *t, int *state, int r)
{
    int path[JSON_MAX_DEPTH + 1], n, p;

    for (;;) {
        for (n = 0, p = r; p >= 0 && state[p] == 0 && n <= JSON_MAX_DEPTH;
             p = t->parent[p]) {
            state[p] = 1;
            path[n++] = p;
        }
        if (p < 0 || state[p] != 1)
            break;
        t->parent[p] = -1; /* p is on this walk: a loop, cut at p */
        for (int i = 0; i < n; i++)
            state[path[i]] = 0;
    }
    if (n > JSON_MAX_DEPTH) /* the chain goes on: cut it here */
        t->parent[path[n - 1]] = -1;
    while (n-- > 0) {
        int q = path[n], up = t->parent[q];

        t->depth[q] = up < 0 ? 0 : t->depth[up] + 1;
        if (t->depth[q] >= JSON_MAX_DEPTH) {
            t->parent[q] = -1;
            t->depth[q] = 0;
        }
        state[q] = 2;
    }
}

static void
append(int *first, int *last, int *next, int head, int item)
{
    next[item] = -1;
    if (first[head] < 0)
        first[head] = item;
    else
        next[last[head]] = item;
    last[head] = item;
}

static int
tree_build(const struct snapshot *s, struct tree *t)
{
    size_t nr = (size_t)s->nregions + 1, nw = (size_t)s->nrows + 1;
    int *mem = malloc((8 * nr + nw) * sizeof *mem), *state;

    if (mem == NULL)
        return -ENOMEM;
    t->all = mem;
    t->parent = mem + nr;
    t->first = mem + 2 * nr;
    t->last = mem + 3 * nr;
    t->next = mem + 4 * nr; /* the roots' list lives at index nregions */
    t->thr_first = mem + 5 * nr;
    t->thr_last = mem + 6 * nr;
    t->depth = mem + 7 * nr;
    t->thr_next = mem + 8 * nr;
    for (size_t i = 0; i < 8 * nr; i++)
        mem[i] = -1;
    for (int i = 0; i < s->nrows; i++) {
        const struct snap_row *r = &s->rows[i];

        if (r->region < 0 || r->region >= s->nregions)
            continue;
        if (r->thread < 0)
            t->all[r->region] = i;
        else if (r->thread < s->nthreads)
            append(t->thr_first, t->thr_last, t->thr_next, r->region, i);
    }
    for (int g = 0; g < s->nregions; g++) {
        int p = t->all[g] < 0 ? -1 : s->rows[t->all[g]].parent;

        t->parent[g] =
            p >= 0 && p < s->nregions && p != g && t->all[p] >= 0 ? p : -1;
    }
    state = calloc(nr, sizeof *state);
    if (state == NULL) {
        free(mem);
        return -ENOMEM;
    }
    for (int g = 0; g < s->nregions; g++)
        if (t->all[g] >= 0)
            tree_depth(t, state, g);
    free(state);
    for (int g = 0; g < s->nregions; g++)
        if (t->all[g] >= 0)
            append(t->first, t->last, t->next,
                   t->parent[g] < 0 ? s->nregions : t->parent[g], g);
    return 0;
}

/* "2025-01-31T12:34:56.789Z", or null when unknown. */
static void
add_time(cJSON *o, const char *key, const struct timespec *ts)
{
    struct tm tm;
    char buf[40];
    size_t n;

    if (ts->tv_sec == 0 || gmtime_r(&ts->tv_sec, &tm) == NULL) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, sizeof buf - n, ".%03ldZ", ts->tv_nsec / 1000000);
    cJSON_AddStringToObject(o, key, buf);
}

/* When, where and what ran: what the CSV's sidecar does not say. */
static void
add_run(cJSON *meta, const struct json_report *r)
{
    const struct snapshot *s = r->snap;
    struct timespec now;
    struct utsname u;
    cJSON *cmd, *docs;

    clock_gettime(CLOCK_REALTIME, &now);
    add_time(meta, "started", &r->started);
    add_time(meta, "created", &now);
    if (uname(&u) == 0) {
        add_name(meta, "host", u.nodename);
        add_name(meta, "kernel", u.release);
        add_name(meta, "arch", u.machine);
    }
    if (r->argv != NULL) {
        cmd = cJSON_AddArrayToObject(meta, "command");
        for (int i = 0; r->argv[i] != NULL; i++)
            cJSON_AddItemToArray(cmd, name_json(r->argv[i]));
    } else {
        cJSON_AddNullToObject(meta, "command");
    }
    if (s->machine != NULL && s->machine->cpu_model[0] != '\0')
        add_name(meta, "cpu_model", s->machine->cpu_model);
    else
        cJSON_AddNullToObject(meta, "cpu_model");
    cJSON_AddStringToObject(meta, "counters",
                            s->simulated ? "simulated" : "measured");
    add_i64(meta, "runs", s->nruns > 1 ? s->nruns : 1);
    docs = cJSON_AddObjectToObject(meta, "metric_formulas");
    for (int i = 0; i < METRIC_COUNT; i++)
        cJSON_AddStringToObject(docs, metric_defs[i].column,
                                metric_defs[i].doc);
}

int
json_write(FILE *f, const struct json_report *r)
{
    const struct snapshot *s = r->snap;
    cJSON *root = cJSON_CreateObject(), *meta = meta_json(s), *regions;
    struct tree t;
    char *text = NULL;
    int rc = -ENOMEM;

    if (root == NULL || meta == NULL || tree_build(s, &t) != 0) {
        cJSON_Delete(root);
        cJSON_Delete(meta);
        return -ENOMEM;
    }
    cJSON_AddStringToObject(root, "format", "hwtop-report");
    add_i64(root, "format_version", JSON_FORMAT_VERSION);
    add_run(meta, r);
    if (r->add_meta != NULL)
        r->add_meta(meta, r->add_meta_arg);
    cJSON_AddItemToObject(root, "meta", meta);
    regions = cJSON_AddArrayToObject(root, "regions");
    for (int g = t.first[s->nregions]; g >= 0; g = t.next[g])
        cJSON_AddItemToArray(regions, node_json(s, &t, g));
    tree_fini(&t);
    text = cJSON_Print(root);
    if (text != NULL) {
        rc = 0;
        if (fputs(text, f) == EOF || fputc('\n', f) == EOF || fflush(f) != 0 ||
            ferror(f))
            rc = errno ? -errno : -EIO;
    }
    free(text);
    cJSON_Delete(root);
    return rc;
}

bool
json_path(const char *path)
{
    size_t n = strlen(path);

    return n > 5 && strcasecmp(path + n - 5, ".json") == 0;
}
