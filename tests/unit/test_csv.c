/* SPDX-License-Identifier: MIT */
/* test_csv.c: CSV fields survive any bytes; bad CSV is refused by line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csv.h"
#include "csvread.h"
#include "reader.h"
#include "segfill.h"
#include "snapshot.h"

#define BIG 10240

struct bytes {
    const char *p;
    size_t len;
};

static char big[BIG], ctl[31];

/* A literal's bytes, without its NUL. */
#define B(lit)                                                                 \
    {                                                                          \
        lit, sizeof lit - 1                                                    \
    }

static char *
mem_open(FILE **f, char **buf, size_t *len)
{
    *f = open_memstream(buf, len);
    CHECK(*f != NULL);
    return *buf;
}

/* What csv_field writes for len bytes of p. */
static char *
field_text(const char *p, size_t len, size_t *out_len)
{
    char *buf;
    FILE *f;

    mem_open(&f, &buf, out_len);
    csv_field(f, p, len);
    fclose(f);
    return buf;
}

static void
quoted_as(const char *p, const char *want)
{
    size_t n;
    char *got = field_text(p, strlen(p), &n);

    CHECK_EQ(n, strlen(want));
    CHECK_STR(got, want);
    free(got);
}

static void
test_quoting(void)
{
    quoted_as("", "");
    quoted_as("plain", "plain");
    quoted_as("a,b", "\"a,b\"");
    quoted_as("say \"hi\"", "\"say \"\"hi\"\"\"");
    quoted_as("\"", "\"\"\"\"");
    quoted_as("l1\nl2", "\"l1\nl2\"");
    quoted_as("cr\r", "\"cr\r\"");
    quoted_as(" lead", "\" lead\"");
    quoted_as("trail ", "\"trail \"");
    quoted_as("in side", "in side");
    quoted_as("\ttab", "\ttab");
    quoted_as("\xff\xc3", "\xff\xc3");
}

static void
check_field(const struct csv_field *f, struct bytes want, int rec, int i)
{
    if (f->len != want.len || memcmp(f->p, want.p, want.len) != 0)
        FAIL("record %d field %d: %zu bytes back, %zu written", rec, i, f->len,
             want.len);
    CHECK_EQ(f->p[f->len], '\0');
}

/* Hostile fields, all in one record and then one per record beside a
 * plain one, written with csv_field and read back with csv_parse. */
static void
test_roundtrip(void)
{
    const struct bytes fields[] = {
        B(""),
        B("plain"),
        B("a,b,,c"),
        B("\"quoted\""),
        B("\""),
        B("\"\"\""),
        B(","),
        B("cr\ronly"),
        B("lf\nonly"),
        B("crlf\r\nin the middle"),
        B("\r\n"),
        B("\n\n\n"),
        B("tab\there"),
        {ctl, sizeof ctl},
        B("\xff\xc3"),
        B("caf\xc3\xa9 \xc3("),
        B(" both "),
        B("ends with cr\r"),
        {big, sizeof big},
    };
    const int n = (int)(sizeof fields / sizeof fields[0]);
    char *buf, err[200];
    size_t len;
    FILE *f;
    struct csv_table t;

    for (int i = 0; i < (int)sizeof ctl; i++)
        ctl[i] = (char)(i + 1); /* 0x01 .. 0x1f */
    for (int i = 0; i < BIG; i++)
        big[i] = (char)(1 + (i * 7) % 255); /* every byte but NUL */
    mem_open(&f, &buf, &len);
    for (int i = 0; i < n; i++) {
        fputs(i ? "," : "", f);
        csv_field(f, fields[i].p, fields[i].len);
    }
    fputs("\r\n", f);
    for (int i = 0; i < n; i++) {
        fputs("x,", f);
        csv_field(f, fields[i].p, fields[i].len);
        fputs(",y\r\n", f);
    }
    fclose(f);
    if (csv_parse(buf, len, &t, err, sizeof err) != 0)
        FAIL("csv_parse: %s", err);
    CHECK_EQ(t.nrecords, 1 + n);
    CHECK_EQ(t.records[0].nfields, n);
    for (int i = 0; i < n; i++)
        check_field(&t.records[0].fields[i], fields[i], 0, i);
    for (int i = 0; i < n; i++) {
        const struct csv_record *r = &t.records[1 + i];

        CHECK_EQ(r->nfields, 3);
        CHECK_STR(r->fields[0].p, "x");
        check_field(&r->fields[1], fields[i], 1 + i, 1);
        CHECK_STR(r->fields[2].p, "y");
    }
    printf("%d hostile fields, %zu bytes of CSV: round trip exact\n", n, len);
    csv_table_fini(&t);
    free(buf);
}

static void
test_lines(void)
{
    const char text[] = "h1,h2\r\n"
                        "\"two\nlines\",b\r\n"
                        "c,d\n"
                        "\"x\r\n\r\ny\",z\r\n"
                        "last,\r\n";
    struct csv_table t;
    char err[200];

    CHECK_EQ(csv_parse(text, sizeof text - 1, &t, err, sizeof err), 0);
    CHECK_EQ(t.nrecords, 5);
    CHECK_EQ(t.records[0].line, 1);
    CHECK_EQ(t.records[1].line, 2);
    CHECK_EQ(t.records[2].line, 4);
    CHECK_EQ(t.records[3].line, 5);
    CHECK_EQ(t.records[4].line, 8);
    CHECK_STR(t.records[3].fields[0].p, "x\r\n\r\ny");
    CHECK_EQ(t.records[4].nfields, 2);
    CHECK_STR(t.records[4].fields[1].p, "");
    CHECK_EQ(csv_column(&t, "h2"), 1);
    CHECK_EQ(csv_column(&t, "h3"), -1);
    csv_table_fini(&t);
}

static void
parse_bad(const char *text, size_t len, const char *want)
{
    struct csv_table t;
    char err[200] = "";
    int rc = csv_parse(text, len, &t, err, sizeof err);

    if (rc != -EINVAL)
        FAIL("accepted (rc %d): %.60s", rc, text);
    CHECK_STR(err, want);
    CHECK_EQ(t.nrecords, 0);
    CHECK(t.records == NULL);
}

#define BAD(text, want) parse_bad(text, sizeof text - 1, want)

static void
test_errors(void)
{
    BAD("\"abc", "line 1: unterminated quoted field");
    BAD("a,b\r\n\"open\r\nstill,open\r\n", "line 2: unterminated quoted field");
    BAD("a,b\r\nc,d\"e\r\n", "line 2: a quote inside an unquoted field");
    BAD("a\r\nb\r\nx\"\r\n", "line 3: a quote inside an unquoted field");
    BAD("a\r\n\"x\"y,z\r\n", "line 2: bytes after a closing quote");
    BAD("\"multi\nline\"\r\n\"x\" ,z\r\n",
        "line 3: bytes after a closing quote");
    BAD("\"a\"\"\"b\r\n", "line 1: bytes after a closing quote");
    BAD("a,b\0c\r\n", "line 1: NUL byte in a field");
    BAD("\"a\0\"\r\n", "line 1: NUL byte in a field");
}

/* The report itself: csv_write on a snapshot with hostile names. */
static void
test_report(void)
{
    static const char *const header =
        "region,parent,thread,calls,wall_ns,excl_wall_ns,task_clock_ns,"
        "page_faults,\"we,ird\",excl_task_clock_ns,excl_page_faults,"
        "\"excl_we,ird\",cpu_pct,share_pct,amdahl_max,ipc,br_miss_pct,l1_mpki,l2_mpki,"
        "l3_mpki,l1_miss_pct,overhead_pct,sim_br_miss_pct,sim_l1_miss_pct,"
        "sim_ll_miss_pct,sim_l1_mpki,sim_ll_mpki,sim_cycles_est,sim_ipc_est,"
        "p50_ns,p90_ns,p99_ns,p999_ns,max_ns,"
        "pid,tid,"
        "flags,slow_calls,slow_time_per_call_ns,slow_time_ratio,"
        "slow_task_clock_ns_per_call,slow_task_clock_ns_ratio,"
        "slow_page_faults_per_call,slow_page_faults_ratio,"
        "\"slow_we,ird_per_call\",\"slow_we,ird_ratio\"\r\n";
    const char outer[] = "outer, \"the\"\r\nregion\xff";
    size_t seglen, len;
    struct hwtop_seg_header *h = segfill_new(8, 4, 8, 65536, &seglen);
    struct reader_opts o = {.open_flag = SNAP_OPEN_NOW};
    int64_t dv[3] = {400, 3, 99};
    struct snapshot s;
    struct csv_table t;
    const char *why;
    char *buf, err[200];
    FILE *f;
    uint32_t r0, r1, t0, t1;
    struct hwtop_seg_slot *sl;

    h->nevents = 3;
    strcpy(h->events[0].name, "task_clock_ns");
    strcpy(h->events[1].name, "page_faults");
    strcpy(h->events[2].name, "we,ird");
    h->events[2].state = HWTOP_EV_UNAVAILABLE;
    h->events_ready = 1;
    r0 = segfill_region(h, outer, sizeof outer - 1);
    r1 = segfill_region(h, big, sizeof big);
    t0 = segfill_thread(h, 77, NULL);
    t1 = segfill_thread(h, 78, "w\"1\",");
    segfill_account(h, segfill_slot(h, t0, r0, -1), 1000, dv, 3);
    sl = segfill_slot(h, t1, r1, (int)r0);
    segfill_account(h, sl, 100, dv, 3);
    segfill_account(h, sl, 300, dv, 3);
    sl->child_ev[0] = 50;
    sl->child_wall_ns = 40;
    CHECK_EQ(reader_take(h, seglen, &o, &s, &why), 0);
    mem_open(&f, &buf, &len);
    CHECK_EQ(csv_write(f, &s), 0);
    fclose(f);
    CHECK(strncmp(buf, header, strlen(header)) == 0);
    CHECK(len >= 2 && buf[len - 2] == '\r' && buf[len - 1] == '\n');
    if (csv_parse(buf, len, &t, err, sizeof err) != 0)
        FAIL("the report does not parse: %s", err);
    CHECK_EQ(t.nrecords, 1 + 4);
    for (int i = 1; i < t.nrecords; i++) {
        CHECK_EQ(t.records[i].nfields, t.records[0].nfields);
    }
#define COL(rec, name) (t.records[rec].fields[csv_column(&t, name)])
    /* outer on thread 77, its all row; the big name on "w"1",", all. */
    CHECK_EQ(COL(1, "region").len, sizeof outer - 1);
    CHECK(memcmp(COL(1, "region").p, outer, sizeof outer - 1) == 0);
    CHECK_STR(COL(1, "parent").p, "");
    CHECK_STR(COL(1, "thread").p, "77");
    CHECK_STR(COL(1, "tid").p, "77");
    CHECK_STR(COL(1, "pid").p, "4242");
    CHECK_STR(COL(2, "thread").p, "all");
    CHECK_STR(COL(2, "tid").p, "");
    CHECK_EQ(COL(3, "region").len, BIG);
    CHECK(memcmp(COL(3, "region").p, big, BIG) == 0);
    CHECK_EQ(COL(3, "parent").len, sizeof outer - 1);
    CHECK(memcmp(COL(3, "parent").p, outer, sizeof outer - 1) == 0);
    CHECK_STR(COL(3, "thread").p, "w\"1\",");
    CHECK_STR(COL(3, "calls").p, "2");
    CHECK_STR(COL(3, "wall_ns").p, "400");
    CHECK_STR(COL(3, "excl_wall_ns").p, "360");
    CHECK_STR(COL(3, "task_clock_ns").p, "800");
    CHECK_STR(COL(3, "excl_task_clock_ns").p, "750");
    CHECK_STR(COL(3, "page_faults").p, "6");
    CHECK_STR(COL(3, "we,ird").p, "");
    CHECK_STR(COL(3, "excl_we,ird").p, "");
    CHECK_STR(COL(3, "cpu_pct").p, "200");
    /* Inputs not counted: empty, never 0. */
    CHECK_STR(COL(3, "share_pct").p, "");
    CHECK_STR(COL(3, "ipc").p, "");
    CHECK_STR(COL(3, "l1_miss_pct").p, "");
    CHECK_STR(COL(3, "p50_ns").p, "100");
    CHECK_STR(COL(3, "max_ns").p, "300");
    CHECK_STR(COL(3, "flags").p, "");
    /* The slowest 1% of 2 calls is one: the 300 ns one. */
    CHECK_STR(COL(3, "slow_calls").p, "1");
    CHECK_STR(COL(3, "slow_time_per_call_ns").p, "300");
    CHECK_STR(COL(3, "slow_time_ratio").p, "1.5");
    CHECK_STR(COL(3, "slow_task_clock_ns_per_call").p, "400");
    CHECK_STR(COL(3, "slow_task_clock_ns_ratio").p, "1");
    CHECK_STR(COL(3, "slow_page_faults_per_call").p, "3");
    CHECK_STR(COL(3, "slow_we,ird_per_call").p, "");
    CHECK_STR(COL(3, "slow_we,ird_ratio").p, "");
    CHECK_STR(COL(4, "thread").p, "all");
    CHECK_STR(COL(4, "calls").p, "2");
#undef COL
    csv_table_fini(&t);
    free(buf);
    snapshot_fini(&s);
    free(h);
}

static void
test_flags(void)
{
    char buf[128];

    CHECK_STR(csv_flags(0, buf, sizeof buf), "");
    CHECK_STR(csv_flags(SNAP_OPEN_AT_EXIT | SNAP_MISUSE, buf, sizeof buf),
              "open_at_exit|misuse");
    CHECK_STR(csv_flags(0x7f, buf, sizeof buf),
              "open_at_exit|open_at_crash|open|counters_partial|"
              "read_errors|name_cut|misuse");
    CHECK_STR(csv_flags(0x7f, buf, 20), "open_at_exit");
}

int
main(void)
{
    test_quoting();
    test_roundtrip();
    test_lines();
    test_errors();
    test_report();
    test_flags();
    printf("ok\n");
    return 0;
}
