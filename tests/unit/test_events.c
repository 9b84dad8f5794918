/* SPDX-License-Identifier: MIT */
/* test_events.c: event lists parse strictly; every event resolves or says
 * why not, on this machine. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "events.h"
#include "segment.h"

static struct hwtop_event_list list;
static char err[256];

static void
parse_ok(const char *spec)
{
    if (hwtop__events_parse(spec, &list, err, sizeof err) != 0)
        FAIL("'%s' refused: %s", spec ? spec : "(null)", err);
}

/* spec is refused with a message containing words. */
static void
parse_bad(const char *spec, const char *words)
{
    int rc = hwtop__events_parse(spec, &list, err, sizeof err);

    if (rc != -EINVAL)
        FAIL("'%.80s' accepted (rc %d, %d events)", spec, rc, list.n);
    if (strstr(err, words) == NULL)
        FAIL("'%.80s': message \"%s\" lacks \"%s\"", spec, err, words);
}

/* The i-th wanted event is PAPI candidates "A|B" or a software counter. */
static void
want_hw(int i, const char *cands)
{
    char got[256] = "";
    const struct hwtop_event_want *w = &list.ev[i];

    CHECK_INT(i, <, list.n);
    CHECK_EQ(w->sw, HWTOP_SW_NONE);
    for (int c = 0; c < w->ncand; c++) {
        strcat(got, c ? "|" : "");
        strcat(got, w->cand[c]);
    }
    CHECK_STR(got, cands);
}

static void
want_sw(int i, int sw)
{
    CHECK_INT(i, <, list.n);
    CHECK_EQ(list.ev[i].sw, sw);
}

static void
test_groups(void)
{
    parse_ok("sw");
    CHECK_EQ(list.n, 4);
    for (int k = 0; k < HWTOP_SW_COUNT; k++)
        want_sw(k, k);
    CHECK_STR(hwtop__sw_name(HWTOP_SW_TASK_CLOCK), "task_clock_ns");
    CHECK_STR(hwtop__sw_name(HWTOP_SW_PAGE_FAULTS), "page_faults");
    CHECK_STR(hwtop__sw_name(HWTOP_SW_CONTEXT_SWITCHES), "context_switches");
    CHECK_STR(hwtop__sw_name(HWTOP_SW_CPU_MIGRATIONS), "cpu_migrations");

    parse_ok("ipc");
    CHECK_EQ(list.n, 3);
    want_hw(0, "PAPI_TOT_INS");
    want_hw(1, "PAPI_TOT_CYC");
    want_hw(2, "PAPI_REF_CYC");

    parse_ok("branch");
    CHECK_EQ(list.n, 3);
    want_hw(0, "PAPI_BR_INS");
    want_hw(1, "PAPI_BR_MSP");
    want_hw(2, "PAPI_BR_CN");

    parse_ok("cache");
    CHECK_EQ(list.n, 4);
    want_hw(0, "PAPI_L1_DCM");
    want_hw(1, "PAPI_L2_TCM|PAPI_L2_DCM");
    want_hw(2, "PAPI_L3_TCM|PAPI_L3_DCM");
    want_hw(3, "PAPI_LD_INS|PAPI_L1_DCA");

    parse_ok("default");
    CHECK_EQ(list.n, 6);
    want_hw(0, "PAPI_TOT_INS");
    want_hw(3, "PAPI_BR_MSP");
    for (int i = 0; i < list.n; i++)
        CHECK_EQ(list.ev[i].optional, 1);
    parse_ok(NULL);
    CHECK_EQ(list.n, 6);
    parse_ok("");
    CHECK_EQ(list.n, 6);
    parse_ok("SW");
    CHECK_EQ(list.n, 4);
}

static void
test_mixed(void)
{
    parse_ok("ipc,sw");
    CHECK_EQ(list.n, 7);
    want_hw(0, "PAPI_TOT_INS");
    want_hw(2, "PAPI_REF_CYC");
    want_sw(3, HWTOP_SW_TASK_CLOCK);
    want_sw(6, HWTOP_SW_CPU_MIGRATIONS);

    parse_ok("branch,perf::PAGE-FAULTS");
    CHECK_EQ(list.n, 4);
    want_hw(0, "PAPI_BR_INS");
    want_sw(3, HWTOP_SW_PAGE_FAULTS);

    parse_ok(" PAPI_TOT_INS , perf::cs ,page_faults, perf::TASK-CLOCK ");
    CHECK_EQ(list.n, 4);
    want_hw(0, "PAPI_TOT_INS");
    want_sw(1, HWTOP_SW_CONTEXT_SWITCHES);
    want_sw(2, HWTOP_SW_PAGE_FAULTS);
    want_sw(3, HWTOP_SW_TASK_CLOCK);

    parse_ok("perf::CPU-MIGRATIONS,skx_unc_imc0::UNC_M_CAS_COUNT:RD:cpu=0");
    CHECK_EQ(list.n, 2);
    want_sw(0, HWTOP_SW_CPU_MIGRATIONS);
    want_hw(1, "skx_unc_imc0::UNC_M_CAS_COUNT:RD:cpu=0");
}

static void
test_duplicates(void)
{
    parse_ok("sw,sw,page_faults,perf::FAULTS,perf::PAGE-FAULTS");
    CHECK_EQ(list.n, 4);
    parse_ok("ipc,PAPI_TOT_INS,ipc");
    CHECK_EQ(list.n, 3);
    /* default and ipc share TOT_INS and TOT_CYC. */
    parse_ok("default,ipc");
    CHECK_EQ(list.n, 7);
    want_hw(6, "PAPI_REF_CYC");
    parse_ok("PAPI_L1_DCM,cache");
    CHECK_EQ(list.n, 4);
    want_hw(0, "PAPI_L1_DCM");
}

static void
test_garbage(void)
{
    char big[2048], name[101];

    parse_bad(",", "empty event list");
    parse_bad(",,", "empty event list");
    parse_bad(" , ,  ", "empty event list");
    parse_bad("foo bar", "'foo bar' is neither a group");
    parse_bad("ipc,1abc", "'1abc'");
    parse_bad("ipc;sw", "'ipc;sw'");
    parse_bad("PAPI_TOT_INS\"", "neither a group");
    parse_bad("ipc\x01", "control");
    parse_bad("ipc,\tsw", "control");
    parse_bad("sw\n", "control");
    parse_bad("caf\xc3\xa9", "non-ASCII");
    memset(name, 'A', 100);
    name[100] = '\0';
    parse_bad(name, "too long (100 bytes");
    /* 14 from the groups, then three more. */
    parse_bad("ipc,branch,cache,sw,PAPI_A,PAPI_B,PAPI_C", "more than 16");
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    parse_bad(big, "event list too long");
    /* Exactly 16 is fine. */
    parse_ok("ipc,branch,cache,sw,PAPI_A,PAPI_B");
    CHECK_EQ(list.n, 16);
}

static void
test_backend(void)
{
    enum hwtop_backend b;

    CHECK_EQ(hwtop__backend_parse(NULL, &b), 0);
    CHECK_EQ(b, HWTOP_BACKEND_AUTO);
    CHECK_EQ(hwtop__backend_parse("", &b), 0);
    CHECK_EQ(b, HWTOP_BACKEND_AUTO);
    CHECK_EQ(hwtop__backend_parse("auto", &b), 0);
    CHECK_EQ(b, HWTOP_BACKEND_AUTO);
    CHECK_EQ(hwtop__backend_parse("papi", &b), 0);
    CHECK_EQ(b, HWTOP_BACKEND_PAPI);
    CHECK_EQ(hwtop__backend_parse("Kernel", &b), 0);
    CHECK_EQ(b, HWTOP_BACKEND_KERNEL);
    CHECK_EQ(hwtop__backend_parse("RUSAGE", &b), 0);
    CHECK_EQ(b, HWTOP_BACKEND_RUSAGE);
    CHECK_EQ(hwtop__backend_parse("perf", &b), -EINVAL);
    CHECK_EQ(hwtop__backend_parse("papi ", &b), -EINVAL);
}

/* Resolution */

static struct hwtop_seg_header hdr;

static int
pmu_exposed(void)
{
    static const char *const pmus[] = {"cpu", "cpu_core", "cpu_atom",
                                       "armv8_pmuv3", "armv8_pmuv3_0"};
    char path[128];

    for (size_t i = 0; i < sizeof pmus / sizeof pmus[0]; i++) {
        snprintf(path, sizeof path, "/sys/bus/event_source/devices/%s",
                 pmus[i]);
        if (access(path, F_OK) == 0)
            return 1;
    }
    return 0;
}

static const struct hwtop_seg_event *
find(const struct hwtop_seg_event *ev, uint32_t n, const char *name)
{
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(ev[i].name, name) == 0)
            return &ev[i];
    return NULL;
}

static const struct hwtop_seg_event *
counted(const char *name)
{
    return find(hdr.events, hdr.nevents, name);
}

static const struct hwtop_seg_event *
dropped(const char *name)
{
    return find(hdr.dropped, hdr.ndropped, name);
}

static void
print_resolution(const char *spec, enum hwtop_backend b)
{
    printf("%s (backend %d): %u columns, %u not counted, fallback %u\n", spec,
           (int)b, hdr.nevents, hdr.ndropped, hdr.fallback);
    for (uint32_t i = 0; i < hdr.nevents; i++)
        printf("  %-16s %-7s %s %s\n", hdr.events[i].name,
               hwtop__source_name((int)hdr.events[i].source),
               hdr.events[i].state == HWTOP_EV_UNAVAILABLE ? "unavailable:"
                                                           : "counting",
               hdr.events[i].reason);
    for (uint32_t i = 0; i < hdr.ndropped; i++)
        printf("  dropped %s: %s\n", hdr.dropped[i].name,
               hdr.dropped[i].reason);
}

/* Resolves spec; every asked event is a column (counted, or unavailable
 * with a reason) or dropped with a reason; nothing else appears. */
static void
resolve(const char *spec, enum hwtop_backend b)
{
    int nhw = 0, nasked_hw = 0, nasked_sw = 0;

    parse_ok(spec);
    memset(&hdr, 0, sizeof hdr);
    CHECK_EQ(hwtop__events_resolve(&list, b, &hdr), 0);
    print_resolution(spec, b);
    CHECK_INT(hdr.nevents, <=, HWTOP_SEG_MAX_EVENTS);
    CHECK_INT(hdr.ndropped, <=, HWTOP_SEG_MAX_EVENTS);
    for (int i = 0; i < list.n; i++) {
        const struct hwtop_event_want *w = &list.ev[i];
        const struct hwtop_seg_event *e = NULL;

        if (w->sw != HWTOP_SW_NONE) {
            nasked_sw++;
            e = counted(hwtop__sw_name(w->sw));
            if (e == NULL)
                FAIL("%s: %s is not a column", spec, hwtop__sw_name(w->sw));
        } else {
            for (int c = 0; c < w->ncand && e == NULL; c++)
                e = counted(w->cand[c]);
            nasked_hw++;
            if (e == NULL && (e = dropped(w->cand[0])) == NULL)
                FAIL("%s: %s neither counted nor dropped", spec, w->cand[0]);
            if (e->state != HWTOP_EV_UNAVAILABLE)
                nhw++;
        }
        if (e->state == HWTOP_EV_UNAVAILABLE && e->reason[0] == '\0')
            FAIL("%s: %s unavailable without a reason", spec, e->name);
        if (e->state != HWTOP_EV_UNAVAILABLE &&
            (e->source < HWTOP_SRC_PAPI || e->source > HWTOP_SRC_RUSAGE))
            FAIL("%s: %s counted from source %u", spec, e->name, e->source);
    }
    for (uint32_t i = 0; i < hdr.nevents; i++)
        CHECK(memchr(hdr.events[i].name, '\0', HWTOP_SEG_EVENT_NAME));
    /* Nothing hardware counted: the software counters stand in (a
     * fallback only when they were not all asked for already). */
    if (nasked_hw > 0 && nhw == 0) {
        CHECK_EQ(hdr.fallback, nasked_sw < HWTOP_SW_COUNT);
        for (int k = 0; k < HWTOP_SW_COUNT; k++)
            CHECK(counted(hwtop__sw_name(k)) != NULL);
    }
    if (nhw > 0)
        CHECK_EQ(hdr.fallback, 0);
}

static void
test_resolve_all(void)
{
    static const char *const specs[] = {"default",
                                        "ipc",
                                        "branch",
                                        "cache",
                                        "sw",
                                        "ipc,sw",
                                        "branch,perf::PAGE-FAULTS",
                                        "NOT_AN_EVENT_XYZ,page_faults",
                                        "perf::TASK-CLOCK",
                                        "ipc,branch,cache,sw,PAPI_A,PAPI_B"};
    static const enum hwtop_backend backends[] = {
        HWTOP_BACKEND_AUTO, HWTOP_BACKEND_PAPI, HWTOP_BACKEND_KERNEL,
        HWTOP_BACKEND_RUSAGE};

    for (size_t b = 0; b < sizeof backends / sizeof backends[0]; b++)
        for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
            resolve(specs[i], backends[b]);
}

static void
test_no_pmu(void)
{
    const struct hwtop_seg_event *e;

    resolve("ipc", HWTOP_BACKEND_AUTO);
    if (pmu_exposed()) {
        printf("this machine exposes a PMU: no-PMU checks skipped\n");
        return;
    }
    e = dropped("PAPI_TOT_INS");
    CHECK(e != NULL);
    if (strstr(e->reason, "/sys/bus/event_source/devices/cpu") == NULL ||
        strstr(e->reason, "PMU") == NULL)
        FAIL("reason for PAPI_TOT_INS does not name the missing PMU: %s",
             e->reason);
    CHECK(dropped("PAPI_TOT_CYC") != NULL);
    CHECK(dropped("PAPI_REF_CYC") != NULL);
    CHECK_EQ(hdr.fallback, 1);
    CHECK_EQ(hdr.nevents, HWTOP_SW_COUNT);
    for (int k = 0; k < HWTOP_SW_COUNT; k++)
        CHECK_STR(hdr.events[k].name, hwtop__sw_name(k));
}

static void
test_rusage(void)
{
    const struct hwtop_seg_event *e;

    resolve("sw", HWTOP_BACKEND_RUSAGE);
    CHECK_EQ(hdr.nevents, 4);
    CHECK_EQ(hdr.ndropped, 0);
    CHECK_EQ(hdr.fallback, 0);
    for (int k = 0; k < HWTOP_SW_COUNT; k++) {
        e = counted(hwtop__sw_name(k));
        CHECK(e != NULL);
        CHECK_EQ(e->source, HWTOP_SRC_RUSAGE);
        CHECK_EQ(e->state, k == HWTOP_SW_CPU_MIGRATIONS ? HWTOP_EV_UNAVAILABLE
                                                        : HWTOP_EV_COUNTING);
    }
    e = counted("cpu_migrations");
    CHECK(strstr(e->reason, "getrusage") != NULL);
}

static void
test_unknown(void)
{
    const struct hwtop_seg_event *e;

    resolve("NOT_AN_EVENT_XYZ", HWTOP_BACKEND_AUTO);
    e = dropped("NOT_AN_EVENT_XYZ");
    CHECK(e != NULL);
    CHECK(e->reason[0] != '\0');
    CHECK(counted("NOT_AN_EVENT_XYZ") == NULL);
    CHECK_EQ(hdr.fallback, 1);
}

/* The software counters through each source, where the machine has it. */
static void
test_sw_sources(void)
{
    const struct hwtop_seg_event *e;

    resolve("sw", HWTOP_BACKEND_AUTO);
    e = counted("task_clock_ns");
    CHECK_EQ(e->state, HWTOP_EV_COUNTING);
    printf("software counters come from %s here\n",
           hwtop__source_name((int)e->source));
    resolve("sw", HWTOP_BACKEND_KERNEL);
    CHECK(counted("task_clock_ns")->source != HWTOP_SRC_PAPI);
    resolve("sw", HWTOP_BACKEND_PAPI);
    for (int k = 0; k < HWTOP_SW_COUNT; k++) {
        e = counted(hwtop__sw_name(k));
        CHECK_EQ(e->source, HWTOP_SRC_PAPI);
        if (e->state == HWTOP_EV_UNAVAILABLE)
            CHECK(strstr(e->reason, "HWTOP_BACKEND=papi") != NULL ||
                  strstr(e->reason, "PAPI") != NULL);
    }
}

int
main(void)
{
    setenv("HWTOP_QUIET", "1", 1);
    test_groups();
    test_mixed();
    test_duplicates();
    test_garbage();
    test_backend();
    test_resolve_all();
    test_no_pmu();
    test_rusage();
    test_unknown();
    test_sw_sources();
    printf("ok\n");
    return 0;
}
