/* SPDX-License-Identifier: MIT */
/* detail.c: one region up close: times, percentiles, threads, counters,
 * durations as bars, and its call rate over the last minute. */
#include "detail.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bars.h"
#include "colors.h"
#include "columns.h"
#include "footer.h"
#include "format.h"
#include "header.h"
#include "lines.h"
#include "metrics.h"
#include "tableview.h"
#include "text.h"
#include "units.h"
#include "whatif.h"

#define THREAD_COLS 28 /* a thread's label */
#define RANGE_COLS 21  /* a histogram bin's "lo - hi" */
#define CELL_COLS 30   /* a counter and its value */

/* What one draw knows: the region and its all-threads row. */
struct scene {
    struct tui *t;
    const struct snapshot *s;
    int region;                 /* -1: not in this snapshot */
    const struct snap_row *all; /* NULL: no row (no call yet) */
    double m[METRIC_COUNT];     /* all's metrics */
    const struct snap_hist_bin *hist;
    uint32_t nhist;
};

/* "label value  "; an empty value (not counted) is a dim "-". */
static void
item(struct pen *p, const char *label, const char *value)
{
    pen_text(p, colors_attr(CR_LABEL), label);
    pen_text(p, colors_attr(value[0] ? CR_VALUE : CR_DIM),
             value[0] ? value : "-");
    pen_spaces(p, colors_attr(CR_NORMAL), 2);
}

static void
title_line(struct lines *w, const struct scene *sc)
{
    const struct region_ref *ref = &sc->t->detail_ref;
    struct pen p;

    if (!lines_next(w, &p))
        return;
    pen_text(&p, colors_attr(CR_TITLE), "Region ");
    if (ref->name != NULL)
        pen_bytes(&p, colors_attr(CR_VALUE), ref->name, ref->len);
    if (sc->region < 0)
        pen_text(&p, colors_attr(CR_WARN), "  not in this snapshot");
    else if (sc->all == NULL)
        pen_text(&p, colors_attr(CR_DIM), "  no call yet");
    pen_text(&p, colors_attr(CR_DIM),
             "   (d or Esc closes, w what-if, Up/Down scroll)");
}

static void
summary_line(struct lines *w, const struct scene *sc)
{
    const struct snap_row *r = sc->all;
    char buf[32];
    struct pen p;

    if (!lines_next(w, &p))
        return;
    item(&p, "Calls ", units_count(buf, sizeof buf, (double)r->calls));
    item(&p, "Incl ", units_time(buf, sizeof buf, (double)r->wall_ns));
    item(&p, "Excl ",
         units_time(buf, sizeof buf,
                    columns_value(sc->s, r, sc->m, COL_EXCL, 0, true)));
    snprintf(buf, sizeof buf, "%.1f%%", sc->m[METRIC_SHARE_PCT]);
    item(&p, "Share ", isnan(sc->m[METRIC_SHARE_PCT]) ? "" : buf);
    whatif_factor(buf, sizeof buf, sc->m[METRIC_AMDAHL_MAX], text_utf8());
    item(&p, "Amdahl ceiling ", isnan(sc->m[METRIC_AMDAHL_MAX]) ? "" : buf);
}

static void
percentiles_line(struct lines *w, const struct scene *sc)
{
    const struct snap_row *r = sc->all;
    const struct {
        const char *label;
        uint64_t ns;
    } q[] = {{"p50 ", r->p50_ns},
             {"p90 ", r->p90_ns},
             {"p99 ", r->p99_ns},
             {"p999 ", r->p999_ns},
             {"max ", r->max_ns}};
    char buf[32];
    struct pen p;

    if (!lines_next(w, &p))
        return;
    if (r->calls == 0) {
        pen_text(&p, colors_attr(CR_DIM), "no finished call yet");
        return;
    }
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
        item(&p, q[i].label, units_time(buf, sizeof buf, (double)q[i].ns));
}

/* The answer to the last w, when it was asked about this region. */
static void
whatif_line(struct lines *w, const struct scene *sc)
{
    const struct tui *t = sc->t;
    char buf[sizeof t->note];
    struct pen p;

    if (t->whatif_s <= 0 || !region_ref_same(&t->whatif_ref, &t->detail_ref))
        return;
    if (!lines_next(w, &p))
        return;
    whatif_text(buf, sizeof buf, "it", sc->m[METRIC_SHARE_PCT], t->whatif_s,
                text_utf8());
    pen_text(&p, colors_attr(CR_LABEL), "What-if: ");
    pen_text(&p, colors_attr(CR_NORMAL), buf);
}

static void
rate_line(struct lines *w, const struct scene *sc)
{
    const struct tui *t = sc->t;
    const struct region_ref *ref = &t->detail_ref;
    double v[HISTORY_SECONDS], last = NAN, peak = 0;
    wchar_t spark[HISTORY_SECONDS + 1];
    int n = HISTORY_SECONDS, known = 0;
    char buf[64], num[32];
    struct pen p;

    if (!lines_next(w, &p))
        return;
    pen_text(&p, colors_attr(CR_LABEL), "Calls/s, last minute ");
    if (n > pen_left(&p) - 30)
        n = pen_left(&p) - 30;
    if (ref->name != NULL && sc->s != NULL && n > 0)
        known = history_rates(&t->history, ref->name, ref->len,
                              sc->s->elapsed_ns, v, n);
    if (known == 0) {
        pen_text(&p, colors_attr(CR_DIM), "collecting (a sample a second)");
        return;
    }
    for (int i = 0; i < n; i++)
        if (isfinite(v[i])) {
            last = v[i];
            peak = v[i] > peak ? v[i] : peak;
        }
    bars_spark(spark, sizeof spark / sizeof spark[0], v, n, text_utf8());
    pen_wide(&p, colors_attr(CR_GOOD), spark);
    snprintf(buf, sizeof buf, "  now %s/s", units_count(num, sizeof num, last));
    pen_text(&p, colors_attr(CR_VALUE), buf);
    snprintf(buf, sizeof buf, "  peak %s/s",
             units_count(num, sizeof num, peak));
    pen_text(&p, colors_attr(CR_DIM), buf);
}

static void
title(struct lines *w, const char *text, const char *more)
{
    struct pen p;

    lines_blank(w);
    if (!lines_next(w, &p))
        return;
    pen_text(&p, colors_attr(CR_TITLE), text);
    if (more != NULL)
        pen_text(&p, colors_attr(CR_DIM), more);
}

/* A cell right-aligned in n columns, then a space. */
static void
cell(struct pen *p, attr_t a, const char *text, int n)
{
    int used = text_width(text, strlen(text), n);

    pen_spaces(p, a, n - used);
    pen_textw(p, a, text, n);
    pen_spaces(p, a, 1);
}

static void
thread_line(struct lines *w, const struct scene *sc, const struct snap_row *r)
{
    char label[SNAP_THREAD_NAME + 48], buf[32];
    double m[METRIC_COUNT];
    attr_t a = colors_attr(CR_THREAD);
    struct pen p;

    if (!lines_next(w, &p))
        return;
    metrics_compute(sc->s, r, m);
    pen_spaces(&p, a, 2);
    pen_textw(&p, a,
              tableview_thread_label(sc->s, r->thread, sc->t->procs, label,
                                     sizeof label),
              THREAD_COLS);
    pen_spaces(&p, a, 2 + THREAD_COLS - p.x);
    cell(&p, a, units_count(buf, sizeof buf, (double)r->calls), 8);
    cell(&p, a, units_time(buf, sizeof buf, (double)r->wall_ns), 9);
    cell(&p, a, format_pct(buf, sizeof buf, m[METRIC_SHARE_PCT]), 7);
    cell(&p, a,
         r->calls > 0 ? units_time(buf, sizeof buf, (double)r->p99_ns) : "-",
         9);
}

static void
threads_section(struct lines *w, const struct scene *sc)
{
    attr_t h = colors_attr(CR_COLHDR);
    struct pen p;

    title(w, "Threads", NULL);
    if (lines_next(w, &p)) {
        pen_spaces(&p, h, 2);
        pen_textw(&p, h, "THREAD", THREAD_COLS);
        pen_spaces(&p, h, 2 + THREAD_COLS - p.x);
        cell(&p, h, "CALLS", 8);
        cell(&p, h, "TIME", 9);
        cell(&p, h, "SHARE%", 7);
        cell(&p, h, "P99", 9);
    }
    for (int i = 0; i < sc->s->nrows; i++) {
        const struct snap_row *r = &sc->s->rows[i];

        if (r->region == sc->region && r->thread >= 0 &&
            r->thread < sc->s->nthreads)
            thread_line(w, sc, r);
    }
}

/* Counter or metric i (events first) as a column; false when it has no
 * value here. */
static bool
counter_at(const struct scene *sc, int i, struct column *c, const char **label,
           double *v)
{
    const struct snapshot *s = sc->s;

    if (i < s->nevents) {
        if (s->events[i].state == SNAP_EV_UNAVAILABLE)
            return false;
        c->kind = COL_EVENT;
        c->arg = i;
        *label = s->events[i].name;
    } else {
        c->kind = COL_METRIC;
        c->arg = i - s->nevents;
        /* Shown above. */
        if (c->arg == METRIC_SHARE_PCT || c->arg == METRIC_AMDAHL_MAX)
            return false;
        *label = metric_defs[c->arg].label;
    }
    *v = columns_value(s, sc->all, sc->m, c->kind, c->arg, true);
    return !isnan(*v);
}

/* Counters per call, then the metrics, in cells across the screen. */
static void
counters_section(struct lines *w, const struct scene *sc)
{
    int per_line = w->width / CELL_COLS > 0 ? w->width / CELL_COLS : 1;
    struct column c = {.kind = COL_EVENT};
    bool on = false;
    struct pen p;
    int k = 0;

    title(w, "Per call", "  (and metrics over all calls)");
    for (int i = 0; i < sc->s->nevents + METRIC_COUNT; i++) {
        const char *label;
        char buf[32];
        double v;

        if (!counter_at(sc, i, &c, &label, &v))
            continue;
        if (k % per_line == 0)
            on = lines_next(w, &p);
        if (on) {
            pen_spaces(&p, colors_attr(CR_NORMAL),
                       2 + (k % per_line) * CELL_COLS - p.x);
            pen_textw(&p, colors_attr(CR_LABEL), label, CELL_COLS - 13);
            pen_spaces(&p, colors_attr(CR_NORMAL),
                       2 + (k % per_line) * CELL_COLS + CELL_COLS - 13 - p.x);
            cell(&p, colors_attr(CR_VALUE),
                 columns_format(buf, sizeof buf, sc->s, &c, v), 10);
        }
        k++;
    }
    if (k == 0 && lines_next(w, &p))
        pen_text(&p, colors_attr(CR_DIM), "  no counter has a value");
}

static void
bin_line(struct lines *w, const struct snap_hist_bin *b, uint64_t most,
         uint64_t total)
{
    char range[64], lo[24], hi[24], buf[32];
    wchar_t bar[256];
    struct pen p;
    int room, x;

    if (!lines_next(w, &p))
        return;
    snprintf(range, sizeof range, "%s - %s",
             units_time(lo, sizeof lo, (double)b->lo_ns),
             units_time(hi, sizeof hi, (double)b->hi_ns));
    pen_spaces(&p, colors_attr(CR_NORMAL), 2);
    cell(&p, colors_attr(CR_LABEL), range, RANGE_COLS);
    pen_spaces(&p, colors_attr(CR_NORMAL), 1);
    /* The bar takes what the count and percentage leave. */
    room = pen_left(&p) - 17;
    if (room > (int)(sizeof bar / sizeof bar[0]) - 1)
        room = (int)(sizeof bar / sizeof bar[0]) - 1;
    x = p.x;
    bars_hbar(bar, sizeof bar / sizeof bar[0],
              most ? (double)b->count / (double)most : 0, room, text_utf8());
    pen_wide(&p, colors_attr(CR_GOOD), bar);
    pen_spaces(&p, colors_attr(CR_NORMAL), x + room - p.x);
    cell(&p, colors_attr(CR_VALUE),
         units_count(buf, sizeof buf, (double)b->count), 8);
    snprintf(buf, sizeof buf, "%.1f%%",
             100.0 * (double)b->count / (double)(total ? total : 1));
    cell(&p, colors_attr(CR_DIM), buf, 6);
}

/* The durations as bars, one per bin; bars scale to the fullest bin. */
static void
histogram_section(struct lines *w, const struct scene *sc)
{
    uint64_t most = 0, total = 0;
    char more[64];
    struct pen p;

    for (uint32_t i = 0; i < sc->nhist; i++) {
        most = sc->hist[i].count > most ? sc->hist[i].count : most;
        total += sc->hist[i].count;
    }
    snprintf(more, sizeof more, "  (%" PRIu64 " calls in %u bins)", total,
             (unsigned)sc->nhist);
    title(w, "Durations", sc->nhist > 0 ? more : NULL);
    if (sc->nhist == 0 && lines_next(w, &p))
        pen_text(&p, colors_attr(CR_DIM), "  no histogram read yet");
    for (uint32_t i = 0; i < sc->nhist; i++)
        bin_line(w, &sc->hist[i], most, total);
}

/* A per-call value: a time for the wall clock and *_ns events. */
static const char *
per_call(char *buf, size_t len, double v, bool time)
{
    if (isnan(v))
        buf[0] = '\0';
    else if (time)
        units_time(buf, len, v);
    else
        units_count(buf, len, v);
    return buf;
}

static void
slow_line(struct lines *w, const char *label, double all, double slow,
          double ratio, bool time)
{
    char buf[32];
    struct pen p;

    if (!lines_next(w, &p))
        return;
    pen_spaces(&p, colors_attr(CR_NORMAL), 2);
    pen_textw(&p, colors_attr(CR_LABEL), label, CELL_COLS - 8);
    pen_spaces(&p, colors_attr(CR_NORMAL), 2 + CELL_COLS - 8 - p.x);
    cell(&p, colors_attr(CR_VALUE), per_call(buf, sizeof buf, all, time), 11);
    cell(&p, colors_attr(CR_VALUE), per_call(buf, sizeof buf, slow, time),
         11);
    if (!isnan(ratio))
        snprintf(buf, sizeof buf, "%.1fx", ratio);
    cell(&p, colors_attr(isnan(ratio) ? CR_DIM : ratio >= 2 ? CR_WARN
                                                            : CR_VALUE),
         isnan(ratio) ? "-" : buf, 8);
}

/* What makes the slow calls slow: per call over the slowest 1% of the
 * calls beside all calls (snapshot.h, slow_*). */
static void
slow_section(struct lines *w, const struct scene *sc)
{
    struct slow_view v;
    char more[96], a[24], b[24];
    struct pen p;

    slow_view(sc->s, sc->all, &v);
    snprintf(more, sizeof more, "  (the slowest 1%%: %s of %s calls)",
             units_count(a, sizeof a, (double)v.calls),
             units_count(b, sizeof b, (double)sc->all->calls));
    title(w, "Slowest calls", v.calls > 0 ? more : NULL);
    if (v.calls == 0) {
        if (lines_next(w, &p))
            pen_text(&p, colors_attr(CR_DIM),
                     sc->s->nevents == 0
                         ? "  no counters: the slowest calls need events"
                         : "  not read yet");
        return;
    }
    if (lines_next(w, &p)) {
        pen_spaces(&p, colors_attr(CR_NORMAL), 2 + CELL_COLS - 8 - p.x);
        cell(&p, colors_attr(CR_LABEL), "all calls", 11);
        cell(&p, colors_attr(CR_LABEL), "slowest", 11);
        cell(&p, colors_attr(CR_LABEL), "ratio", 8);
    }
    slow_line(w, "time per call", v.all_time, v.time, v.time_ratio, true);
    for (int i = 0; i < sc->s->nevents; i++) {
        const char *name = sc->s->events[i].name;
        size_t len = strlen(name);

        if (isnan(v.all_ev[i]))
            continue;
        slow_line(w, name, v.all_ev[i], v.ev[i], v.ev_ratio[i],
                  len > 3 && strcmp(name + len - 3, "_ns") == 0);
    }
}

static void
all_lines(struct lines *w, const void *scene)
{
    const struct scene *sc = scene;

    title_line(w, sc);
    if (sc->all == NULL)
        return;
    summary_line(w, sc);
    percentiles_line(w, sc);
    whatif_line(w, sc);
    rate_line(w, sc);
    threads_section(w, sc);
    counters_section(w, sc);
    histogram_section(w, sc);
    slow_section(w, sc);
}

/* The region's all-threads row, and the histogram to draw: the row's,
 * else the last one seen for this region. */
static void
find_region(struct scene *sc)
{
    struct tui *t = sc->t;

    sc->region = region_ref_resolve(&t->detail_ref, sc->s);
    for (int i = 0; sc->region >= 0 && i < sc->s->nrows && !sc->all; i++)
        if (sc->s->rows[i].region == sc->region && sc->s->rows[i].thread == -1)
            sc->all = &sc->s->rows[i];
    if (sc->all == NULL)
        return;
    metrics_compute(sc->s, sc->all, sc->m);
    if (sc->all->hist != NULL && sc->all->nhist > 0) {
        t->detail_nhist =
            sc->all->nhist < SNAP_HIST_BINS ? sc->all->nhist : SNAP_HIST_BINS;
        memcpy(t->detail_hist, sc->all->hist,
               t->detail_nhist * sizeof *t->detail_hist);
    }
    sc->hist = t->detail_hist;
    sc->nhist = t->detail_nhist;
}

void
detail_draw(struct tui *t, const struct snapshot *s,
            const struct tui_status *st, int width, int height)
{
    struct scene sc = {.t = t, .s = s, .region = -1};
    int y0 = header_draw(t, s, st, width, height);
    int bottom = height - footer_lines(t, st);

    if (s != NULL)
        find_region(&sc);
    lines_draw(all_lines, &sc, y0, bottom, width, &t->detail_top,
               &t->detail_page);
    footer_draw(t, st, width, height);
}
