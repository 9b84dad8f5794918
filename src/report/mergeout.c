/* SPDX-License-Identifier: MIT */
/* mergeout.c: a merged job out: the summary table, the CSV, its sidecar. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "hwtop.h"
#include "merge.h"
#include "meta.h"
#include "units.h"

#define NAME_WIDTH 28

static const char *const keys[] = {"cost", "incl", "imbalance", "time",
                                   "calls"};

/* Index of the compared metric named key, or -1. */
static int
metric_index(const struct merge *m, const char *key)
{
    for (int k = 0; k < m->nmetrics; k++)
        if (!m->dropped[k] && strcmp(m->metric[k], key) == 0)
            return k;
    return -1;
}

bool
merge_sort_valid(const struct merge *m, const char *key)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return metric_index(m, key) >= 0;
}

static double
sort_value(const struct merge *m, const struct merge_region *r, const char *key)
{
    int k = metric_index(m, key);
    double v;

    if (strcmp(key, "cost") == 0)
        v = r->cost_ns;
    else if (strcmp(key, "incl") == 0)
        v = r->incl_cost_ns;
    else if (strcmp(key, "imbalance") == 0)
        v = r->st[MERGE_EXCL].imbalance;
    else if (strcmp(key, "time") == 0)
        v = r->st[MERGE_WALL].mean;
    else if (strcmp(key, "calls") == 0)
        v = r->st[MERGE_CALLS].median;
    else
        v = k >= 0 ? r->st[k].max - r->st[k].mean : NAN;
    return isnan(v) ? -INFINITY : v;
}

struct sort_ctx {
    const struct merge *m;
    const char *key;
};

/* Largest first; ties in the order the regions were first seen. */
static int
by_key(const void *a, const void *b, void *arg)
{
    const struct sort_ctx *c = arg;
    int x = *(const int *)a, y = *(const int *)b;
    double vx = sort_value(c->m, &c->m->regions[x], c->key);
    double vy = sort_value(c->m, &c->m->regions[y], c->key);

    if (vx != vy)
        return vx > vy ? -1 : 1;
    return (x > y) - (x < y);
}

static void
print_head(FILE *f, const struct merge *m)
{
    const struct merge_input *a = &m->inputs[0];
    const struct merge_input *z = &m->inputs[m->ninputs - 1];

    fprintf(f, "hwtop merge: %d %s, %s", m->ninputs,
            m->ninputs == 1 ? "rank" : "ranks", a->path);
    if (m->ninputs > 1)
        fprintf(f, " (rank %d) .. %s (rank %d)", a->rank, z->path, z->rank);
    if (m->ranks_from_order)
        fprintf(f, "; ranks in the inputs' order\n");
    else
        fprintf(f, "; %s job %s\n", a->id.launcher,
                a->id.job[0] ? a->id.job : "(no id)");
    fprintf(f, "Exclusive time per rank; COST = max - mean: what an average "
               "rank waits for the slowest\n");
    fprintf(f, "%-*s %7s %11s %10s %10s %10s %6s %9s %10s\n", NAME_WIDTH,
            "REGION", "RANKS", "CALLS", "MIN", "MEDIAN", "MAX", "MAX@",
            "MAX/MEAN", "COST");
}

static void
print_row(FILE *f, const struct merge *m, const struct merge_region *r)
{
    const struct merge_stat *c = &r->st[MERGE_CALLS], *t = &r->st[MERGE_EXCL];
    char name[4 * NAME_WIDTH + 8], ranks[24], calls[48], imb[24];
    char mn[32], md[32], mx[32], cost[32];

    units_safe_name(name, sizeof name, r->name, NAME_WIDTH);
    snprintf(ranks, sizeof ranks, r->ranks == m->ninputs ? "%d" : "%d/%d",
             r->ranks, m->ninputs);
    if (c->min == c->max)
        snprintf(calls, sizeof calls, "%.0f", c->max);
    else
        snprintf(calls, sizeof calls, "%.0f-%.0f", c->min, c->max);
    snprintf(imb, sizeof imb, isnan(t->imbalance) ? "-" : "%.2fx",
             t->imbalance);
    fprintf(f, "%-*s %7s %11s %10s %10s %10s %6d %9s %10s\n", NAME_WIDTH, name,
            ranks, calls, units_time(mn, sizeof mn, t->min),
            units_time(md, sizeof md, t->median),
            units_time(mx, sizeof mx, t->max), t->max_rank, imb,
            units_time(cost, sizeof cost, r->cost_ns));
}

/* The one line a user looks for: which region, which rank. */
static void
print_verdict(FILE *f, const struct merge *m)
{
    const struct merge_region *w = NULL;
    char name[4 * 60 + 8], mx[32], mean[32], cost[32], all[32];

    for (int i = 0; i < m->nregions; i++)
        if (m->regions[i].cost_ns > 0 &&
            (w == NULL || m->regions[i].cost_ns > w->cost_ns))
            w = &m->regions[i];
    if (m->ninputs < 2) {
        fprintf(f, "one rank: no imbalance to measure\n");
        return;
    }
    if (w == NULL) {
        fprintf(f, "no imbalance: each region took the same time on every "
                   "rank\n");
        return;
    }
    units_safe_name(name, sizeof name, w->name, 60);
    fprintf(f,
            "most imbalanced: %s on rank %d: %.2fx the mean time (%s "
            "against %s); an average rank waits %s for it, %s over the "
            "%d ranks\n",
            name, w->st[MERGE_EXCL].max_rank, w->st[MERGE_EXCL].imbalance,
            units_time(mx, sizeof mx, w->st[MERGE_EXCL].max),
            units_time(mean, sizeof mean, w->st[MERGE_EXCL].mean),
            units_time(cost, sizeof cost, w->cost_ns),
            units_time(all, sizeof all, w->cost_ns * m->ninputs), m->ninputs);
}

void
merge_print(FILE *f, const struct merge *m, const char *sort, int top)
{
    struct sort_ctx c = {m, sort != NULL ? sort : "cost"};
    int *order = malloc(((size_t)m->nregions + 1) * sizeof *order);
    int n = m->nregions;

    print_head(f, m);
    if (order != NULL) {
        for (int i = 0; i < n; i++)
            order[i] = i;
        qsort_r(order, (size_t)n, sizeof *order, by_key, &c);
    }
    if (top > 0 && top < n)
        n = top;
    for (int i = 0; i < n; i++)
        print_row(f, m, &m->regions[order != NULL ? order[i] : i]);
    if (top > 0 && top < m->nregions)
        fprintf(f, "(%d more region%s)\n", m->nregions - top,
                m->nregions - top == 1 ? "" : "s");
    print_verdict(f, m);
    free(order);
    fflush(f);
}

/* Whole numbers as such (they are counts and nanoseconds); NaN empty. */
static void
number(FILE *f, double v)
{
    if (isnan(v))
        fputc(',', f);
    else if (v == floor(v) && fabs(v) < 1e15)
        fprintf(f, ",%.0f", v);
    else
        fprintf(f, ",%.3f", v);
}

static void
header(FILE *f, const struct merge *m)
{
    static const char *const parts[] = {"min",      "median", "max",
                                        "max_rank", "mean",   "imbalance"};
    char col[SNAP_NAME + 16];

    fputs("region,parent,ranks,cost_ns,incl_cost_ns", f);
    for (int k = 0; k < m->nmetrics; k++)
        for (int p = 0; p < 6 && !m->dropped[k]; p++) {
            snprintf(col, sizeof col, "%s_%s", m->metric[k], parts[p]);
            fputc(',', f);
            csv_field(f, col, strlen(col));
        }
    fputs("\r\n", f);
}

int
merge_write_csv(FILE *f, const struct merge *m)
{
    header(f, m);
    for (int i = 0; i < m->nregions; i++) {
        const struct merge_region *r = &m->regions[i];

        csv_field(f, r->name, r->len);
        fputc(',', f);
        if (r->parent != NULL)
            csv_field(f, r->parent, r->parent_len);
        fprintf(f, ",%d", r->ranks);
        number(f, r->cost_ns);
        number(f, r->incl_cost_ns);
        for (int k = 0; k < m->nmetrics; k++) {
            const struct merge_stat *s = &r->st[k];

            if (m->dropped[k])
                continue;
            number(f, s->min);
            number(f, s->median);
            number(f, s->max);
            fprintf(f, ",%d", s->max_rank);
            number(f, s->mean);
            if (isnan(s->imbalance))
                fputc(',', f);
            else
                fprintf(f, ",%.4f", s->imbalance);
        }
        fputs("\r\n", f);
    }
    return fflush(f) != 0 || ferror(f) ? -EIO : 0;
}

static void
add_clean(cJSON *o, const char *name, const char *value)
{
    size_t len = 3 * strlen(value) + 1;
    char *clean = malloc(len);

    if (clean != NULL)
        cJSON_AddStringToObject(o, name, units_utf8_clean(clean, len, value));
    free(clean);
}

static cJSON *
inputs_json(const struct merge *m)
{
    cJSON *a = cJSON_CreateArray();

    for (int i = 0; a != NULL && i < m->ninputs; i++) {
        const struct merge_input *in = &m->inputs[i];
        cJSON *o = cJSON_CreateObject();

        cJSON_AddNumberToObject(o, "rank", in->rank);
        add_clean(o, "file", in->path);
        if (in->has_rank) {
            add_clean(o, "host", in->id.host);
            add_clean(o, "job", in->id.job);
            add_clean(o, "launcher", in->id.launcher);
        }
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

int
merge_write_meta(FILE *f, const struct merge *m)
{
    cJSON *root = cJSON_CreateObject(), *used, *left;
    char version[32];

    if (root == NULL)
        return -ENOMEM;
    snprintf(version, sizeof version, "%d.%d.%d", HWTOP_VERSION_MAJOR,
             HWTOP_VERSION_MINOR, HWTOP_VERSION_PATCH);
    cJSON_AddStringToObject(root, "hwtop_version", version);
    cJSON_AddStringToObject(root, "kind", "merge");
    cJSON_AddNumberToObject(root, "ranks", m->ninputs);
    cJSON_AddStringToObject(root, "ranks_from",
                            m->ranks_from_order ? "input order" : "sidecars");
    cJSON_AddItemToObject(root, "inputs", inputs_json(m));
    used = cJSON_AddArrayToObject(root, "metrics");
    left = cJSON_AddArrayToObject(root, "metrics_left_out");
    for (int k = 0; k < m->nmetrics; k++)
        cJSON_AddItemToArray(m->dropped[k] ? left : used,
                             cJSON_CreateString(m->metric[k]));
    cJSON_AddStringToObject(root, "cost_ns",
                            "max - mean over the ranks of excl_wall_ns");
    cJSON_AddStringToObject(root, "incl_cost_ns",
                            "max - mean over the ranks of wall_ns");
    return meta_print(f, root);
}
