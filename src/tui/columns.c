/* SPDX-License-Identifier: MIT */
/* columns.c: which columns a snapshot gets, and each column's values. */
#include "columns.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "units.h"

const struct flag_letter flag_letters[] = {
    {SNAP_OPEN_AT_CRASH, 'C', "open when the program crashed"},
    {SNAP_OPEN_AT_EXIT, 'X', "still open at exit (closed by hwtop)"},
    {SNAP_MISUSE, 'M', "misused: END without BEGIN, crossed ENDs..."},
    {SNAP_OPEN_NOW, 'O', "open now (a call in progress)"},
    {SNAP_READ_ERRORS, 'R', "a counter read failed"},
    {SNAP_COUNTERS_PART, 'P', "some counters missing for some calls"},
    {SNAP_NAME_CUT, '~', "name cut at the length limit"},
    {SNAP_SIM_ESTIMATED, 'E', "simulated counts estimated (sampled calls)"},
    {SNAP_TOO_SHORT, 'S', "too short to trust: mean call < 20 pair costs"},
    {SNAP_SUBTRACTED, '-', "hwtop's pair costs subtracted from its times"},
};
const int nflag_letters = sizeof flag_letters / sizeof flag_letters[0];

/* Metrics in the order they are shown, with their cell width. */
static const struct {
    int id;
    int width;
    bool before_events;
} metric_cols[] = {
    {METRIC_SHARE_PCT, 6, true}, {METRIC_CPU_PCT, 6, true},
    {METRIC_IPC, 5, false},      {METRIC_BR_MISS_PCT, 7, false},
    {METRIC_L1_MPKI, 6, false},  {METRIC_L2_MPKI, 6, false},
    {METRIC_L3_MPKI, 6, false},  {METRIC_L1_MISS_PCT, 7, false},
    /* --sim: the simulation's summary, before its 13 event columns. */
    {METRIC_SIM_IPC_EST, 5, true},     {METRIC_SIM_BR_MISS_PCT, 8, true},
    {METRIC_SIM_L1_MPKI, 7, true},     {METRIC_SIM_LL_MPKI, 7, true},
    {METRIC_SIM_L1_MISS_PCT, 8, true}, {METRIC_SIM_LL_MISS_PCT, 8, true},
    {METRIC_SIM_CYCLES_EST, 8, true},
};
#define NMETRIC_COLS (int)(sizeof metric_cols / sizeof metric_cols[0])

static void
add(struct column_set *cs, int kind, int arg, const char *label, int width)
{
    struct column *c;
    int n = (int)strlen(label);

    if (cs->n >= COLUMNS_MAX)
        return;
    c = &cs->c[cs->n++];
    c->kind = kind;
    c->arg = arg;
    snprintf(c->label, sizeof c->label, "%s", label);
    /* Room for the label and the sort marker. */
    c->width = width > n + 1 ? width : n + 1;
}

/* Software counters have long column names; their headers are short. */
static const struct {
    const char *name;
    const char *label;
} short_labels[] = {
    {"task_clock_ns", "TASKCLK"},
    {"page_faults", "FAULTS"},
    {"context_switches", "CSW"},
    {"cpu_migrations", "MIGR"},
};

/* A short header for an event column: PAPI_L1_DCM is L1_DCM. */
static void
event_label(char *buf, size_t len, const char *name, bool per_call)
{
    size_t n = strnlen(name, SNAP_NAME);

    for (size_t i = 0; i < sizeof short_labels / sizeof short_labels[0]; i++)
        if (strncmp(name, short_labels[i].name, SNAP_NAME) == 0) {
            name = short_labels[i].label;
            n = strlen(name);
        }

    if (n > 5 && strncmp(name, "PAPI_", 5) == 0) {
        name += 5;
        n -= 5;
    } else if (n > 6 && strncmp(name, "perf::", 6) == 0) {
        name += 6;
        n -= 6;
    }
    if (n > 3 && strcmp(name + n - 3, "_ns") == 0)
        n -= 3;
    if (n > 12)
        n = 12;
    snprintf(buf, len, "%.*s%s", (int)n, name, per_call ? "/c" : "");
}

static void
add_metrics(struct column_set *cs, unsigned seen, bool before)
{
    for (int i = 0; i < NMETRIC_COLS; i++)
        if (metric_cols[i].before_events == before &&
            (seen & (1u << metric_cols[i].id)))
            add(cs, COL_METRIC, metric_cols[i].id,
                metric_defs[metric_cols[i].id].label, metric_cols[i].width);
}

void
columns_build(struct column_set *cs, const struct snapshot *s,
              unsigned metric_seen, bool per_call, int name_width)
{
    cs->n = 0;
    add(cs, COL_FLAGS, 0, "F", 2);
    add(cs, COL_NAME, 0, "REGION", name_width);
    add(cs, COL_CALLS, 0, "CALLS", 7);
    add(cs, COL_INCL, 0, "INCL", 8);
    add(cs, COL_EXCL, 0, "EXCL", 8);
    add_metrics(cs, metric_seen, true);
    for (int i = 0; s != NULL && i < s->nevents; i++) {
        char label[24];

        if (s->events[i].state == SNAP_EV_UNAVAILABLE)
            continue;
        event_label(label, sizeof label, s->events[i].name, per_call);
        add(cs, COL_EVENT, i, label, 8);
    }
    add_metrics(cs, metric_seen, false);
    add(cs, COL_P99, 0, "P99", 8);
}

int
columns_find(const struct column_set *cs, int kind, int arg)
{
    for (int i = 0; i < cs->n; i++)
        if (cs->c[i].kind == kind && cs->c[i].arg == arg)
            return i;
    return -1;
}

bool
columns_sortable(int kind)
{
    return kind != COL_FLAGS;
}

bool
columns_desc_first(int kind)
{
    return kind != COL_NAME && kind != COL_FLAGS;
}

double
columns_value(const struct snapshot *s, const struct snap_row *r,
              const double *m, int kind, int arg, bool per_call)
{
    double div;

    switch (kind) {
    case COL_CALLS:
        return r->region < 0 && r->calls == 0 ? NAN : (double)r->calls;
    case COL_INCL:
        return (double)r->wall_ns;
    case COL_EXCL:
        return r->child_wall_ns > r->wall_ns
                   ? 0
                   : (double)(r->wall_ns - r->child_wall_ns);
    case COL_METRIC:
        return arg >= 0 && arg < METRIC_COUNT ? m[arg] : NAN;
    case COL_EVENT:
        if (s == NULL || arg < 0 || arg >= s->nevents ||
            s->events[arg].state == SNAP_EV_UNAVAILABLE)
            return NAN;
        div = per_call ? (double)r->calls : 1;
        if (r->region < 0 && div == 0)
            div = 1; /* the program: one "call" */
        return div > 0 ? (double)r->ev[arg] / div : NAN;
    case COL_P99:
        return r->calls > 0 && (s == NULL || !s->simulated)
                   ? (double)r->p99_ns
                   : NAN;
    default:
        return NAN;
    }
}

static bool
event_is_time(const struct snapshot *s, int i)
{
    size_t n;

    if (s == NULL || i < 0 || i >= s->nevents)
        return false;
    n = strnlen(s->events[i].name, SNAP_NAME);
    return n > 3 && strncmp(s->events[i].name + n - 3, "_ns", 3) == 0;
}

const char *
columns_format(char *buf, size_t len, const struct snapshot *s,
               const struct column *c, double v)
{
    switch (c->kind) {
    case COL_INCL:
    case COL_EXCL:
    case COL_P99:
        return units_time(buf, len, v);
    case COL_EVENT:
        if (event_is_time(s, c->arg))
            return units_time(buf, len, v);
        return units_count(buf, len, v);
    case COL_METRIC:
        if (c->arg == METRIC_SIM_CYCLES_EST)
            return units_count(buf, len, v);
        if (c->arg == METRIC_IPC || c->arg == METRIC_L1_MPKI ||
            c->arg == METRIC_L2_MPKI || c->arg == METRIC_L3_MPKI ||
            c->arg == METRIC_SIM_IPC_EST || c->arg == METRIC_SIM_L1_MPKI ||
            c->arg == METRIC_SIM_LL_MPKI)
            return format_ratio(buf, len, v);
        return format_pct(buf, len, v);
    default:
        return units_count(buf, len, v);
    }
}

const char *
columns_flags(char *buf, size_t len, unsigned flags, bool cut, int max)
{
    size_t n = 0;

    if (cut)
        flags |= SNAP_NAME_CUT;
    for (int i = 0; i < nflag_letters && n + 1 < len && (int)n < max; i++)
        if (flags & flag_letters[i].flag)
            buf[n++] = flag_letters[i].letter;
    buf[n] = '\0';
    return buf;
}
