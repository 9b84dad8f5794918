/* SPDX-License-Identifier: MIT */
/* test_hostile.c: hostile names and event lists, through the launcher. */

/*
 * usage: test_hostile <hwtop> <hwtop_fixture> <launcher_app> names|many|events
 * names:  `hwtop -b -o` on "fixture names" (hostile.h: commas, quotes,
 *         CR/LF, tabs, controls, invalid UTF-8, 10 KB, 20 KB): every name
 *         and the thread label round-trip byte for byte through the
 *         launcher's CSV, the 20 KB one cut at 16384 bytes and flagged
 *         name_cut; the batch table hwtop prints holds no control byte
 *         (no escape sequence reaches the terminal).
 * many:   5,000 distinct run-time names: all of them with --max-regions
 *         8192; with the default 4096, the rest dropped and counted.
 * events: garbage in -e or HWTOP_EVENTS: one "hwtop:" line, exit 2, the
 *         program never started; the library alone, given the same
 *         garbage, keeps the program running on software counters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"
#include "hostile_report.h"
#include "lrun.h"

static char *hwtop, *fixture, *app;

/* Bytes a terminal would act on: C0 controls but newline, and DEL. */
static void
no_controls(const char *what, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
            FAIL("%s holds byte 0x%02x at offset %td", what, *p,
                 (const char *)p - text);
}

static void
test_names(void)
{
    struct lrun l;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, fixture, "names"),
         NULL, 40);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    hostile_report_check(&l.r);
    /* The table on stdout: every region, nothing a terminal obeys. */
    no_controls("hwtop's batch table", l.r.out);
    no_controls("hwtop's stderr", l.r.err);
    CHECK(strstr(l.r.out, "comma,name") != NULL);
    printf("names: %lld hostile names round-tripped through hwtop -o, the "
           "%d-byte one cut at %d and flagged; the table holds no control "
           "byte\n",
           FACT(&l.r, "names"), HOSTILE_HUGE_BYTES, HOSTILE_NAME_MAX);
    lrun_done(&l);
}

static void
many(const char *max, int kept)
{
    char name[32];
    struct lrun l;

    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "--max-regions", (char *)max, "-o",
              l.r.csv_path, app, "names", "5000"),
         NULL, 40);
    EXPECT_EXIT(&l, 0);
    EXPECT_REPORT(&l);
    CHECK_EQ(distinct_regions(&l.r), kept);
    CHECK_EQ(l.r.csv.nrecords, 1 + 2 * kept);
    /* Every kept name byte for byte, in the order they were claimed. */
    for (int i = 0; i < kept; i++) {
        const struct csv_record *rec = &l.r.csv.records[1 + 2 * i];

        snprintf(name, sizeof name, "name%02d", i);
        if (!same_bytes(STR(&l.r, rec, "region"), name, strlen(name)))
            FAIL("row %d is \"%s\", expected \"%s\"", 1 + 2 * i,
                 STR(&l.r, rec, "region")->p, name);
        CHECK_EQ(NUM(&l.r, rec, "calls"), 1);
    }
    CHECK_EQ(meta_num(meta_object(&l, "overflow"), "regions_dropped"),
             5000 - kept);
    printf("many: 5000 names, --max-regions %s: %d round-tripped, %d "
           "dropped and counted\n",
           max, kept, 5000 - kept);
    lrun_done(&l);
}

/* -e SPEC (or HWTOP_EVENTS=SPEC): exit 2 in one line, nothing ran. */
static void
bad_events(const char *spec, int from_env)
{
    char env_var[2200];
    const char *env[] = {env_var, NULL};
    struct lrun l;
    const char *nl;

    snprintf(env_var, sizeof env_var, "HWTOP_EVENTS=%s", spec);
    lrun_init(&l);
    if (from_env)
        lrun(&l, ARGV(hwtop, "-b", "/bin/touch", l.marker), env, 40);
    else
        lrun(&l, ARGV(hwtop, "-b", "-e", (char *)spec, "/bin/touch", l.marker),
             NULL, 40);
    EXPECT_EXIT(&l, 2);
    nl = strchr(l.r.err, '\n');
    if (strncmp(l.r.err, "hwtop: events '", 15) != 0 || nl == NULL ||
        nl[1] != '\0')
        FAIL("%s '%.40s': not one 'hwtop: events ...' line: \"%s\"",
             from_env ? "HWTOP_EVENTS" : "-e", spec, l.r.err);
    no_controls("the error", l.r.err);
    if (file_exists(l.marker))
        FAIL("'%.40s': the program ran", spec);
    char shown[33];
    size_t i;

    for (i = 0; spec[i] != '\0' && i < sizeof shown - 1; i++)
        shown[i] = spec[i] >= 0x20 && spec[i] < 0x7f ? spec[i] : '?';
    shown[i] = '\0';
    printf("  %-12s '%s%s' -> %s", from_env ? "HWTOP_EVENTS" : "-e", shown,
           spec[i] != '\0' ? "..." : "", l.r.err);
    lrun_done(&l);
}

static void
test_events(void)
{
    char *lng = malloc(2000), *many_ev = malloc(400);
    const char *bad[] = {",,,", "ipc,,bogus name", "PAPI_TOT_INS;rm -rf",
                         "cache\x1b[31m", "\xff\xfe", "tab\there", "none,",
                         "9lives", NULL, NULL};
    const char *env_sw[] = {"HWTOP_EVENTS=no such event!", NULL};
    const char *lib_env[] = {"HWTOP_EVENTS=\x01garbage,,\xff", NULL};
    struct lrun l;
    struct run s;

    memset(lng, 'A', 1999);
    lng[1999] = '\0';
    many_ev[0] = '\0';
    for (int i = 0; i < 20; i++)
        snprintf(many_ev + strlen(many_ev), 400 - strlen(many_ev), "%sEV%d",
                 i ? "," : "", i);
    bad[8] = lng;
    bad[9] = many_ev;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bad_events(bad[i], 0);
        bad_events(bad[i], 1);
    }
    /* -e wins over a broken HWTOP_EVENTS. */
    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", app, "exit", "0"), env_sw, 40);
    EXPECT_EXIT(&l, 0);
    lrun_done(&l);
    /* The library alone: a notice, and the program runs on. */
    run_program(&s, ARGV(app, "exit", "0"), lib_env);
    CHECK_EQ(s.exit_code, 0);
    if (strstr(s.err, "hwtop: HWTOP_EVENTS: ") == NULL ||
        strstr(s.err, "software events instead") == NULL)
        FAIL("no HWTOP_EVENTS notice from the library: \"%s\"", s.err);
    CHECK_EQ(NUM(&s, ROWS(&s, "work"), "calls"), 2);
    CHECK(csv_column(&s.csv, "page_faults") >= 0);
    printf("events: %zu garbage lists refused with exit 2 (-e and "
           "HWTOP_EVENTS); standalone: the program ran on software counters\n",
           sizeof bad / sizeof bad[0]);
    run_done(&s);
    free(lng);
    free(many_ev);
}

int
main(int argc, char **argv)
{
    if (argc != 5)
        FAIL("usage: test_hostile <hwtop> <hwtop_fixture> <launcher_app> "
             "names|many|events");
    require_hwtop(argv[1]);
    hwtop = argv[1];
    fixture = argv[2];
    app = argv[3];
    if (strcmp(argv[4], "names") == 0)
        test_names();
    else if (strcmp(argv[4], "many") == 0) {
        many("8192", 5000);
        many("4096", 4096);
    } else if (strcmp(argv[4], "events") == 0)
        test_events();
    else
        FAIL("unknown case %s", argv[4]);
    return 0;
}
