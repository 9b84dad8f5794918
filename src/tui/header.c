/* SPDX-License-Identifier: MIT */
/* header.c: program, state, elapsed time, events and where counts come from. */
#include "header.h"
#include "units.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "colors.h"
#include "flow.h"
#include "format.h"
#include "text.h"

static const char *
source_name(int source)
{
    static const char *const names[] = {"none", "papi", "kernel", "rusage",
                                        "simulated"};

    return source >= 0 && source <= 4 ? names[source] : "unknown";
}

static void
state_text(char *buf, size_t len, const struct tui_status *st,
           enum color_role *role)
{
    const char *sig;

    *role = CR_GOOD;
    if (st->state == TUI_EXITED) {
        snprintf(buf, len, "exited %d", st->exit_code);
        *role = st->exit_code == 0 ? CR_VALUE : CR_WARN;
    } else if (st->state == TUI_KILLED) {
        sig = sigabbrev_np(st->exit_code);
        if (sig != NULL)
            snprintf(buf, len, "killed by SIG%s", sig);
        else
            snprintf(buf, len, "killed by signal %d", st->exit_code);
        *role = CR_BAD;
    } else {
        snprintf(buf, len, "running");
    }
}

static void
tag(struct pen *p, const char *text)
{
    pen_spaces(p, colors_attr(CR_NORMAL), 1);
    pen_text(p, colors_attr(CR_TAG), text);
}

/* hwtop COMMAND  pid N  running  elapsed 0:12  delay 1 s  PAUSED ... */
static void
title_line(const struct tui *t, const struct snapshot *s,
           const struct tui_status *st, int width)
{
    char state[64], buf[64];
    enum color_role role;
    struct pen p;
    int cmdw = width / 3 > 8 ? width / 3 : 8;
    int pid = st->pid > 0 ? st->pid : s != NULL ? s->pid : 0;

    pen_at(&p, stdscr, 0, 0, width);
    pen_text(&p, colors_attr(CR_TITLE), "hwtop ");
    if (st->command != NULL)
        pen_textw(&p, colors_attr(CR_VALUE), st->command, cmdw);
    pen_text(&p, colors_attr(CR_LABEL), "  pid ");
    snprintf(buf, sizeof buf, "%d", pid);
    pen_text(&p, colors_attr(CR_VALUE), buf);
    state_text(state, sizeof state, st, &role);
    pen_text(&p, colors_attr(CR_NORMAL), "  ");
    pen_text(&p, colors_attr(role), state);
    pen_text(&p, colors_attr(CR_LABEL), "  elapsed ");
    pen_text(&p, colors_attr(CR_VALUE),
             format_clock(buf, sizeof buf, st->elapsed_ns));
    pen_text(&p, colors_attr(CR_LABEL), "  delay ");
    pen_text(&p, colors_attr(CR_VALUE),
             format_delay(buf, sizeof buf, st->delay_s));
    if (t->paused)
        tag(&p, "PAUSED");
    if (st->simulated)
        tag(&p, "SIMULATED");
    if (st->nruns > 1) {
        snprintf(buf, sizeof buf, "run %d/%d", st->run, st->nruns);
        tag(&p, buf);
    }
}

/* Events that say the same (state, source, and reason when they cannot
 * be counted) share one item: "A, B counting (kernel)". */
struct ev_group {
    int state;
    int source;
    const char *reason;
    int n;
    char names[320];
    size_t used;
};

static void
group_add(struct ev_group *g, int *ng, const struct snap_event *e, int state)
{
    struct ev_group *it = NULL;
    bool gone = state == SNAP_EV_UNAVAILABLE;

    for (int i = 0; i < *ng && it == NULL; i++)
        if (g[i].state == state &&
            (gone ? strncmp(g[i].reason, e->reason, sizeof e->reason) == 0
                  : g[i].source == e->source))
            it = &g[i];
    if (it == NULL) {
        it = &g[(*ng)++];
        memset(it, 0, sizeof *it);
        it->state = state;
        it->source = e->source;
        it->reason = e->reason;
    }
    it->n++;
    if (it->used < sizeof it->names)
        it->used += (size_t)snprintf(
            it->names + it->used, sizeof it->names - it->used, "%s%.*s",
            it->used ? ", " : "", (int)sizeof e->name, e->name);
}

/* Counted ones first, then the others; a dropped event that is also a
 * column is listed once. */
static int
group_events(const struct snapshot *s, struct ev_group *g)
{
    int ng = 0;

    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < s->nevents && i < SNAP_MAX_EVENTS; i++) {
            int st = s->events[i].state;

            if (st != SNAP_EV_COUNTING && st != SNAP_EV_MULTIPLEXED)
                st = SNAP_EV_UNAVAILABLE;
            if ((st == SNAP_EV_UNAVAILABLE) == (pass == 1))
                group_add(g, &ng, &s->events[i], st);
        }
    for (int i = 0; i < s->ndropped && i < SNAP_MAX_EVENTS; i++) {
        bool dup = false;

        for (int k = 0; k < s->nevents && k < SNAP_MAX_EVENTS && !dup; k++)
            dup = strncmp(s->events[k].name, s->dropped[i].name,
                          sizeof s->dropped[i].name) == 0;
        if (!dup)
            group_add(g, &ng, &s->dropped[i], SNAP_EV_UNAVAILABLE);
    }
    return ng;
}

/* brief: unavailable events counted, not named, to leave room for why. */
static void
group_item(struct flow *f, const struct ev_group *g, bool brief)
{
    static const char *const words[] = {" counting", " multiplexed",
                                        " unavailable"};
    static const enum color_role roles[] = {CR_GOOD, CR_WARN, CR_BAD};
    bool gone = g->state == SNAP_EV_UNAVAILABLE;
    char tail[40], count[24];
    const char *names = g->names;

    if (brief && gone && g->n > 1) {
        snprintf(count, sizeof count, "%d events", g->n);
        names = count;
    }
    if (gone)
        snprintf(tail, sizeof tail, "%s", g->reason[0] ? ": " : "");
    else
        snprintf(tail, sizeof tail, " (%s)", source_name(g->source));
    flow_item(f,
              (struct seg[]){{CR_VALUE, names, sizeof g->names},
                             {roles[g->state], words[g->state], 16},
                             {gone ? CR_BAD : CR_LABEL, tail, sizeof tail},
                             {CR_NORMAL, gone ? g->reason : "", SNAP_REASON}},
              4);
}

static void
events_flow(struct flow *f, const struct ev_group *g, int ng, bool brief)
{
    for (int i = 0; i < ng; i++)
        group_item(f, &g[i], brief);
}

static int
events_lines(const struct snapshot *s, int y, int nlines, int width)
{
    struct ev_group g[2 * SNAP_MAX_EVENTS];
    struct flow f;
    struct pen p;
    bool brief;
    int ng;

    pen_at(&p, stdscr, y, 0, width);
    pen_text(&p, colors_attr(CR_LABEL), "Events: ");
    if (s == NULL || (s->nevents <= 0 && s->ndropped <= 0)) {
        pen_text(&p, colors_attr(CR_DIM), s == NULL ? "-" : "none");
        return y + 1;
    }
    ng = group_events(s, g);
    /* Names of what cannot be counted go first when room is short. */
    flow_start(&f, y, nlines, p.x, width, true);
    events_flow(&f, g, ng, false);
    brief = f.cut;
    flow_start(&f, y, nlines, p.x, width, false);
    events_flow(&f, g, ng, brief);
    return f.y + 1;
}

static void
misuse_item(struct flow *f, const struct snapshot *s)
{
    const struct snap_misuse *m = s->nmisuse > 0 ? &s->misuse[0] : NULL;
    char count[32], line[24];
    struct seg segs[8];
    int n = 0;

    snprintf(count, sizeof count, "%" PRIu64, s->misuse_total);
    segs[n++] = (struct seg){CR_WARN, "Misuse ", 8};
    segs[n++] = (struct seg){CR_VALUE, count, sizeof count};
    if (m != NULL) {
        snprintf(line, sizeof line, ":%d", m->line);
        segs[n++] = (struct seg){CR_NORMAL, ": ", 2};
        segs[n++] = (struct seg){CR_NORMAL, m->what, sizeof m->what};
        segs[n++] = (struct seg){CR_VALUE, " ", 1};
        segs[n++] = (struct seg){CR_VALUE, m->name, sizeof m->name};
        segs[n++] = (struct seg){CR_NORMAL, " at ", 4};
        segs[n++] = (struct seg){CR_NORMAL, m->file, sizeof m->file};
        flow_item(f, segs, n);
        pen_text(&f->p, colors_attr(CR_NORMAL), line);
        return;
    }
    flow_item(f, segs, n);
}

static void
overflow_item(struct flow *f, const struct snapshot *s)
{
    const struct {
        const char *what;
        uint64_t n;
    } o[] = {{"regions", s->regions_dropped},
             {"threads", s->threads_dropped},
             {"slots", s->slots_dropped},
             {"depth", s->depth_overflow}};
    char buf[160];
    size_t used = 0;

    for (size_t i = 0; i < sizeof o / sizeof o[0]; i++)
        if (o[i].n > 0 && used < sizeof buf)
            used += (size_t)snprintf(buf + used, sizeof buf - used,
                                     " %s %" PRIu64, o[i].what, o[i].n);
    if (used == 0)
        return;
    flow_item(
        f,
        (struct seg[]){{CR_WARN, "Overflow:", 10}, {CR_VALUE, buf, sizeof buf}},
        2);
}

/* Program: kernel  Regions 12  Threads 4  Misuse 3: ...  Overflow: ... */
static void
info_line(const struct snapshot *s, int y, int width)
{
    struct flow f;
    char buf[32];

    if (s == NULL)
        return;
    flow_start(&f, y, 1, 0, width, false);
    flow_item(
        &f,
        (struct seg[]){{CR_LABEL, "Whole program: ", 16},
                       {s->has_program ? CR_VALUE : CR_DIM,
                        s->has_program ? s->program_source : "not counted",
                        sizeof s->program_source}},
        2);
    snprintf(buf, sizeof buf, "%d", s->nregions);
    flow_item(
        &f,
        (struct seg[]){{CR_LABEL, "Regions ", 8}, {CR_VALUE, buf, sizeof buf}},
        2);
    snprintf(buf, sizeof buf, "%d", s->nthreads);
    flow_item(
        &f,
        (struct seg[]){{CR_LABEL, "Threads ", 8}, {CR_VALUE, buf, sizeof buf}},
        2);
    /* Warnings before the calibration: they must not fall off the line. */
    overflow_item(&f, s);
    if (s->misuse_total > 0)
        misuse_item(&f, s);
    if (s->pair_cost_ns > 0) {
        units_time(buf, sizeof buf, (double)s->pair_cost_ns);
        flow_item(&f,
                  (struct seg[]){{CR_LABEL, "Pair ", 5},
                                 {CR_VALUE, buf, sizeof buf},
                                 {CR_DIM, s->clock_tsc ? " tsc" : " clock", 7}},
                  3);
    }
    if (s->rdpmc[0] != '\0')
        flow_item(&f,
                  (struct seg[]){{CR_LABEL, "rdpmc: ", 7},
                                 {CR_VALUE, s->rdpmc, sizeof s->rdpmc}},
                  2);
}

int
header_draw(const struct tui *t, const struct snapshot *s,
            const struct tui_status *st, int width, int height)
{
    int nlines = height >= 30 ? 4 : height >= 20 ? 2 : 1;
    int y;

    title_line(t, s, st, width);
    y = events_lines(s, 1, nlines, width);
    info_line(s, y, width);
    return y + 1;
}
