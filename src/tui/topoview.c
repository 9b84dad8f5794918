/* SPDX-License-Identifier: MIT */
/* topoview.c: draws the machine's caches and cores with the program's threads.
 */
#include "topoview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colors.h"
#include "footer.h"
#include "header.h"
#include "lines.h"
#include "text.h"
#include "topology.h"
#include "topotree.h"

#define MAX_LEVELS 4

/* What one draw knows: the machine, the snapshot and each thread's PU. */
struct scene {
    const struct topology *m;
    const struct snapshot *s;
    int *pu; /* by thread: index into m->objs, -1 when unknown */
};

static void
title(struct lines *w, const char *text)
{
    struct pen p;

    if (lines_next(w, &p))
        pen_text(&p, colors_attr(CR_LABEL), text);
}

static void
machine_lines(struct lines *w, const struct topology *m)
{
    char buf[512], mem[32];
    struct pen p;

    if (lines_next(w, &p)) {
        pen_text(&p, colors_attr(CR_LABEL), "Machine: ");
        pen_text(&p, colors_attr(CR_VALUE),
                 m->cpu_model[0] ? m->cpu_model : "CPU model unknown");
        snprintf(buf, sizeof buf,
                 "  %d package%s, %d core%s, %d PU%s, %s memory", m->npackages,
                 m->npackages == 1 ? "" : "s", m->ncores,
                 m->ncores == 1 ? "" : "s", m->npus, m->npus == 1 ? "" : "s",
                 topology_size(mem, sizeof mem, m->memory_bytes));
        pen_text(&p, colors_attr(CR_NORMAL), buf);
        snprintf(buf, sizeof buf, "  (hwloc %s, ", m->hwloc_version);
        pen_text(&p, colors_attr(CR_DIM), buf);
        pen_text(&p, colors_attr(CR_DIM), m->source);
        pen_text(&p, colors_attr(CR_DIM), ")");
    }
    for (int i = 0; i < m->ncaches; i++) {
        const struct topo_cache *c = &m->caches[i];
        char name[16], size[32], ways[16];

        if (!lines_next(w, &p))
            continue;
        topology_cache_name(name, sizeof name, c->level, c->cache_type);
        pen_text(&p, colors_attr(CR_VALUE), "  ");
        pen_textw(&p, colors_attr(CR_VALUE), name, 5);
        pen_spaces(&p, colors_attr(CR_NORMAL), 7 - p.x);
        snprintf(buf, sizeof buf,
                 "%10s  %d B lines  %-7s  x%d, each for %d "
                 "core%s",
                 topology_size(size, sizeof size, c->size_bytes), c->line_bytes,
                 topology_ways(ways, sizeof ways, c->ways), c->count,
                 c->cores_each, c->cores_each == 1 ? "" : "s");
        pen_text(&p, colors_attr(CR_NORMAL), buf);
    }
}

/* Thread k runs on a PU of line l (its PU is on the line, or is a PU of
 * the core that ends it). */
static bool
on_line(const struct scene *sc, const struct topo_line *l, int k)
{
    int pu = sc->pu[k];

    return pu >= 0 && ((pu >= l->first && pu <= l->last) ||
                       (sc->m->objs[pu].parent == l->last &&
                        sc->m->objs[l->last].type == TOPO_CORE));
}

/* "<- main, worker (4711)": the threads that last ran on line l. */
static void
line_threads(struct pen *p, const struct scene *sc, const struct topo_line *l)
{
    char buf[32];
    bool any = false;

    for (int k = 0; k < sc->s->nthreads && pen_left(p) > 0; k++) {
        if (!on_line(sc, l, k))
            continue;
        pen_text(p, colors_attr(any ? CR_NORMAL : CR_TREE),
                 any ? ", " : "  <- ");
        pen_text(p, colors_attr(CR_THREAD),
                 snapshot_thread_label(sc->s, k, buf, sizeof buf));
        any = true;
    }
}

static void
tree_lines(struct lines *w, const struct scene *sc)
{
    struct topo_line *lines;
    char text[1024];
    int n = topotree_lines(sc->m, w->width > 100 ? 80 : w->width - 20, &lines);
    struct pen p;

    if (n < 0) {
        title(w, "out of memory for the tree");
        return;
    }
    for (int i = 0; i < n; i++) {
        if (!lines_next(w, &p))
            continue;
        pen_spaces(&p, colors_attr(CR_NORMAL), lines[i].indent);
        pen_text(&p, colors_attr(CR_NORMAL),
                 topotree_text(text, sizeof text, sc->m, &lines[i]));
        if (sc->s != NULL)
            line_threads(&p, sc, &lines[i]);
    }
    free(lines);
}

/* Is c (a core, or a data cache) above PU pu? */
static bool
under(const struct topology *m, int pu, int c)
{
    if (m->objs[c].type == TOPO_CORE)
        return topology_ancestor(m, pu, TOPO_CORE) == c;
    return topology_data_cache(m, pu, m->objs[c].level) == c;
}

/* Do two or more live threads last run under core or data cache c? */
static bool
shared(const struct scene *sc, int c)
{
    const struct topo_obj *o = &sc->m->objs[c];
    int n = 0;

    if (o->type != TOPO_CORE &&
        (o->type != TOPO_CACHE || o->cache_type == TOPO_INSTRUCTION))
        return false;
    for (int k = 0; k < sc->s->nthreads && n < 2; k++)
        n += sc->pu[k] >= 0 && under(sc->m, sc->pu[k], c);
    return n >= 2;
}

/* "  L2 1 MiB: main, worker": the threads under cache c. */
static void
sharing_line(struct lines *w, const struct scene *sc, int c)
{
    char label[256], buf[32];
    struct pen p;
    int n = 0;

    if (!lines_next(w, &p))
        return;
    pen_text(&p, colors_attr(CR_VALUE), "  ");
    pen_text(&p, colors_attr(CR_VALUE),
             topotree_label(label, sizeof label, sc->m, c));
    pen_text(&p, colors_attr(CR_NORMAL), ": ");
    for (int k = 0; k < sc->s->nthreads && pen_left(&p) > 0; k++)
        if (sc->pu[k] >= 0 && under(sc->m, sc->pu[k], c)) {
            pen_text(&p, colors_attr(CR_NORMAL), n++ ? ", " : "");
            pen_text(&p, colors_attr(CR_THREAD),
                     snapshot_thread_label(sc->s, k, buf, sizeof buf));
        }
}

/* One line per core, then per data cache, that two or more live threads
 * last ran under, closest first: the closest sharing costs the most. */
static void
sharing_lines(struct lines *w, const struct scene *sc)
{
    const struct topology *m = sc->m;
    int shown = 0;
    struct pen p;

    title(w, "Threads sharing a core or a cache (where each last ran):");
    for (int level = 0; level <= 8; level++) /* 0: cores */
        for (int c = 0; c < m->nobjs; c++)
            if (m->objs[c].level == level && shared(sc, c)) {
                sharing_line(w, sc, c);
                shown++;
            }
    if (shown == 0 && lines_next(w, &p))
        pen_text(
            &p, colors_attr(CR_DIM),
            "  none: no two live threads last ran on one core or under one "
            "cache");
}

/* The data cache levels, for the thread table's columns: levels[i] and
 * its cache type (caches[] is sorted by level). */
static int
data_levels(const struct topology *m, int *levels, int *types)
{
    int n = 0;

    for (int i = 0; m != NULL && i < m->ncaches && n < MAX_LEVELS; i++)
        if (m->caches[i].cache_type != TOPO_INSTRUCTION &&
            (n == 0 || levels[n - 1] != m->caches[i].level)) {
            types[n] = m->caches[i].cache_type;
            levels[n++] = m->caches[i].level;
        }
    return n;
}

static void
thread_header(struct lines *w, const int *levels, const int *types, int nlevels)
{
    char buf[128], name[16];
    size_t used;
    struct pen p;

    if (!lines_next(w, &p))
        return;
    used = (size_t)snprintf(buf, sizeof buf, "%-20s %8s %8s %5s %5s", "THREAD",
                            "PID", "TID", "CPU", "CORE");
    for (int i = 0; i < nlevels && used < sizeof buf; i++)
        used += (size_t)snprintf(
            buf + used, sizeof buf - used, " %5s",
            topology_cache_name(name, sizeof name, levels[i], types[i]));
    pen_text(&p, colors_attr(CR_COLHDR), buf);
    pen_fill(&p, colors_attr(CR_COLHDR));
}

/* "#3": the logical index of object i, or "-". */
static const char *
instance(char *buf, size_t len, const struct topology *m, int i)
{
    if (i < 0)
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "#%d", m->objs[i].logical);
    return buf;
}

static void
thread_row(struct lines *w, const struct scene *sc, int k, const int *levels,
           int nlevels)
{
    const struct snap_thread *th = &sc->s->threads[k];
    char buf[128], cpu[16], core[16];
    int pu = sc->pu[k];
    struct pen p;

    if (!lines_next(w, &p))
        return;
    pen_textw(&p, colors_attr(CR_THREAD),
              snapshot_thread_label(sc->s, k, buf, sizeof buf), 20);
    pen_spaces(&p, colors_attr(CR_NORMAL), 20 - p.x);
    snprintf(cpu, sizeof cpu, th->cpu >= 0 ? "%d" : "-", th->cpu);
    instance(core, sizeof core, sc->m,
             pu >= 0 ? topology_ancestor(sc->m, pu, TOPO_CORE) : -1);
    snprintf(buf, sizeof buf, " %8d %8d %5s %5s", th->pid, th->tid,
             th->state == 2 ? "exit" : cpu, core);
    pen_text(&p, colors_attr(CR_NORMAL), buf);
    for (int i = 0; i < nlevels; i++) {
        int c = pu >= 0 ? topology_data_cache(sc->m, pu, levels[i]) : -1;

        snprintf(buf, sizeof buf, " %5s",
                 instance(core, sizeof core, sc->m, c));
        pen_text(&p, colors_attr(CR_NORMAL), buf);
    }
}

static void
thread_lines(struct lines *w, const struct scene *sc)
{
    int levels[MAX_LEVELS], types[MAX_LEVELS];
    int nlevels = data_levels(sc->m, levels, types);

    if (sc->s == NULL || sc->s->nthreads == 0) {
        title(w, "No threads yet: they appear at their first region.");
        return;
    }
    if (sc->m != NULL) {
        sharing_lines(w, sc);
        lines_blank(w);
    }
    thread_header(w, levels, types, nlevels);
    /* Live threads first: where they run now is the point. */
    for (int k = 0; k < sc->s->nthreads; k++)
        if (sc->s->threads[k].state != 2)
            thread_row(w, sc, k, levels, nlevels);
    for (int k = 0; k < sc->s->nthreads; k++)
        if (sc->s->threads[k].state == 2)
            thread_row(w, sc, k, levels, nlevels);
}

static void
all_lines(struct lines *w, const void *scene)
{
    const struct scene *sc = scene;

    if (sc->m == NULL) {
        title(w, "The machine's topology is unknown (hwloc could not load "
                 "it; try 'hwtop topo').");
    } else {
        machine_lines(w, sc->m);
        lines_blank(w);
        tree_lines(w, sc);
    }
    lines_blank(w);
    thread_lines(w, sc);
}

void
topoview_draw(struct tui *t, const struct snapshot *s,
              const struct tui_status *st, int width, int height)
{
    struct scene sc = {t->machine, s, NULL};
    int n = s != NULL ? s->nthreads : 0;
    int y0 = header_draw(t, s, st, width, height);
    int bottom = height - footer_lines(t, st);

    sc.pu = calloc((size_t)n + 1, sizeof *sc.pu);
    if (sc.pu == NULL)
        sc.s = NULL;
    for (int k = 0; sc.pu != NULL && k < n; k++)
        sc.pu[k] = s->threads[k].cpu >= 0 && s->threads[k].state == 1
                       ? topology_pu(sc.m, s->threads[k].cpu)
                       : -1;
    lines_draw(all_lines, &sc, y0, bottom, width, &t->topo_top,
               &t->topo_page);
    free(sc.pu);
    footer_draw(t, st, width, height);
}
