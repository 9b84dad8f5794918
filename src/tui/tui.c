/* SPDX-License-Identifier: MIT */
/* tui.c: curses up and down, and the glue of drawing and reading keys. */
#include "tui.h"

#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "colors.h"
#include "detail.h"
#include "footer.h"
#include "freeze.h"
#include "header.h"
#include "help.h"
#include "keys.h"
#include "metrics.h"
#include "tableview.h"
#include "text.h"
#include "topoview.h"
#include "units.h"
#include "view.h"
#include "whatif.h"

#define TUI_MIN_WIDTH 40
#define TUI_MIN_HEIGHT 10

/* The one curses screen: restoring the terminal must not need a tui. */
static SCREEN *screen;
static volatile bool screen_up;

static void
setup_curses(void)
{
    const char *nc = getenv("NO_COLOR");

    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    leaveok(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    text_init();
    /* no-color.org: present and not empty means no colour. */
    colors_init(nc == NULL || nc[0] == '\0');
}

struct tui *
tui_new(const char **why)
{
    static bool registered;
    const char *term = getenv("TERM");
    struct tui *t;

    if (screen != NULL) {
        *why = "the terminal is already in use by hwtop";
        return NULL;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *why = "not a terminal";
        return NULL;
    }
    if (term == NULL || term[0] == '\0') {
        *why = "TERM is not set";
        return NULL;
    }
    t = calloc(1, sizeof *t);
    if (t == NULL) {
        *why = "out of memory";
        return NULL;
    }
    /* Characters only: numbers keep their '.' for reports. */
    setlocale(LC_CTYPE, "");
    screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) {
        free(t);
        *why = "unknown terminal type (TERM)";
        return NULL;
    }
    set_term(screen);
    screen_up = true;
    if (!registered)
        registered = atexit(tui_restore_terminal) == 0;
    setup_curses();
    t->sort_kind = COL_INCL;
    t->sort_desc = true;
    t->per_call = true;
    region_ref_pick(&t->detail_ref, -1);
    region_ref_pick(&t->whatif_ref, -1);
    return t;
}

void
tui_restore_terminal(void)
{
    if (screen == NULL || !screen_up)
        return;
    screen_up = false;
    if (!isendwin())
        endwin();
}

void
tui_free(struct tui *t)
{
    if (t == NULL)
        return;
    tui_restore_terminal();
    if (screen != NULL) {
        delscreen(screen);
        screen = NULL;
    }
    view_fini(t);
    region_ref_fini(&t->detail_ref);
    region_ref_fini(&t->whatif_ref);
    history_fini(&t->history);
    snapshot_fini(&t->frozen);
    free(t);
}

bool
tui_paused(const struct tui *t)
{
    return t != NULL && t->paused;
}

void
tui_set_topology(struct tui *t, const struct topology *topo)
{
    if (t != NULL)
        t->machine = topo;
}

/* While paused, a private copy of the snapshot seen when P was pressed is
 * drawn, whatever the caller passes. */
static const struct snapshot *
pick_snapshot(struct tui *t, const struct snapshot *s)
{
    if (!t->paused) {
        if (t->have_frozen) {
            snapshot_fini(&t->frozen);
            t->have_frozen = false;
        }
        return s;
    }
    if (!t->have_frozen && s != NULL && freeze_copy(&t->frozen, s) == 0)
        t->have_frozen = true;
    return t->have_frozen ? &t->frozen : s;
}

/* The what-if answer (w) on the status line, from the snapshot drawn:
 * it follows the region's share while it stays up. */
static void
whatif_note(struct tui *t, const struct snapshot *s)
{
    const struct snap_row *all = NULL;
    double m[METRIC_COUNT];
    char name[160];
    int r = region_ref_resolve(&t->whatif_ref, s);

    if (!t->whatif_shown)
        return;
    for (int i = 0; r >= 0 && i < s->nrows && all == NULL; i++)
        if (s->rows[i].region == r && s->rows[i].thread == -1)
            all = &s->rows[i];
    units_safe_name(name, sizeof name,
                    t->whatif_ref.name != NULL ? t->whatif_ref.name : "?", 40);
    t->note_bad = all == NULL;
    if (all == NULL) {
        snprintf(t->note, sizeof t->note,
                 "what-if: %s has no call in this snapshot", name);
        return;
    }
    metrics_compute(s, all, m);
    whatif_text(t->note, sizeof t->note, name, m[METRIC_SHARE_PCT], t->whatif_s,
                text_utf8());
}

static void
draw_too_small(int width, int height)
{
    char buf[96];
    struct pen p;

    snprintf(buf, sizeof buf, "terminal too small: %dx%d, hwtop needs %dx%d",
             width, height, TUI_MIN_WIDTH, TUI_MIN_HEIGHT);
    pen_at(&p, stdscr, 0, 0, width);
    pen_text(&p, colors_attr(CR_STATUS), buf);
}

static void
draw_main(struct tui *t, const struct snapshot *s, const struct tui_status *st,
          int width, int height)
{
    int y = header_draw(t, s, st, width, height);
    int bottom = height - footer_lines(t, st);

    if (view_refresh(t, s, width) < 0) {
        struct pen p;

        pen_at(&p, stdscr, y, 0, width);
        pen_text(&p, colors_attr(CR_BAD), "out of memory for the table");
    } else {
        tableview_draw(t, s, y, bottom, width);
    }
    footer_draw(t, st, width, height);
}

void
tui_draw(struct tui *t, const struct snapshot *s, const struct tui_status *st)
{
    static const struct tui_status none = {.command = NULL};
    int width, height;

    if (t == NULL || screen == NULL)
        return;
    /* Drawing after tui_restore_terminal brings curses back. */
    screen_up = true;
    getmaxyx(stdscr, height, width);
    werase(stdscr);
    /* The live snapshots make the history, also while paused. */
    if (s != NULL)
        history_record(&t->history, s);
    s = pick_snapshot(t, s);
    whatif_note(t, s);
    if (width < TUI_MIN_WIDTH || height < TUI_MIN_HEIGHT)
        draw_too_small(width, height);
    else if (t->help)
        help_draw(width, height);
    else if (t->topo)
        topoview_draw(t, s, st != NULL ? st : &none, width, height);
    else if (t->detail)
        detail_draw(t, s, st != NULL ? st : &none, width, height);
    else
        draw_main(t, s, st != NULL ? st : &none, width, height);
    wnoutrefresh(stdscr);
    doupdate();
}

static uint64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* getch returns at once on a terminal that hung up: wait out the rest of
 * the timeout then, so that the caller does not spin. */
static void
wait_if_hung_up(uint64_t start, int timeout_ms)
{
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    uint64_t spent = now_ms() - start;

    if (timeout_ms <= 0 || spent >= (uint64_t)timeout_ms)
        return;
    if (poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)))
        poll(NULL, 0, timeout_ms - (int)spent);
}

enum tui_action
tui_poll(struct tui *t, int timeout_ms)
{
    enum tui_action act = TUI_ACT_NONE;
    uint64_t start = now_ms();
    wint_t key;
    int rc;

    if (t == NULL || screen == NULL) {
        if (timeout_ms > 0)
            poll(NULL, 0, timeout_ms);
        return TUI_ACT_NONE;
    }
    wtimeout(stdscr, timeout_ms < 0 ? -1 : timeout_ms);
    rc = wget_wch(stdscr, &key);
    if (rc == ERR)
        wait_if_hung_up(start, timeout_ms);
    /* Then whatever else is already typed, without waiting. */
    while (rc != ERR) {
        enum tui_action a = keys_handle(t, rc == KEY_CODE_YES, key);

        if (a > act)
            act = a;
        if (act == TUI_ACT_QUIT)
            break;
        wtimeout(stdscr, 0);
        rc = wget_wch(stdscr, &key);
    }
    return act;
}
