/* SPDX-License-Identifier: MIT */
/* test_reader.c: the reader trusts nothing in a segment, and says why. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "csv.h"
#include "csvread.h"
#include "meta.h"
#include "metrics.h"
#include "reader.h"
#include "segfill.h"
#include "segment.h"
#include "snapshot.h"
#include "testrand.h"

/* Enough to visit every kind of damage thousands of times; the libFuzzer
 * target goes further. */
#define FUZZ_ITERATIONS 6000
#define FUZZ_SECONDS 60

static const struct reader_opts opts = {.program_wall_ns = 1000000,
                                        .open_flag = SNAP_OPEN_NOW};

static struct hwtop_seg_header *
empty_segment(size_t *len)
{
    return segfill_new(16, 8, 12, 8192, len);
}

static void
test_empty(void)
{
    size_t len;
    struct hwtop_seg_header *h = empty_segment(&len);
    struct snapshot s;
    const char *why = "unset";

    CHECK_EQ(reader_take(h, len, &opts, &s, &why), 0);
    CHECK(why == NULL);
    CHECK_EQ(s.nregions, 0);
    CHECK_EQ(s.nthreads, 0);
    CHECK_EQ(s.nrows, 0);
    CHECK_EQ(s.nevents, 0);
    CHECK_EQ(s.nmisuse, 0);
    CHECK_EQ(s.pid, 4242);
    snapshot_fini(&s);
    free(h);
}

/* mem (len bytes) is refused, with a reason containing words. */
static void
refused(const char *what, const void *mem, size_t len, const char *words)
{
    struct snapshot s;
    const char *why = NULL;
    int rc = reader_take(mem, len, &opts, &s, &why);

    if (rc != -EINVAL)
        FAIL("%s: accepted (rc %d)", what, rc);
    if (why == NULL || strstr(why, words) == NULL)
        FAIL("%s: reason \"%s\" lacks \"%s\"", what, why ? why : "(null)",
             words);
    CHECK_EQ(s.nrows, 0);
    CHECK(s.rows == NULL);
    printf("%-22s refused: %s\n", what, why);
}

#define BAD_FIELD(field, value, words)                                         \
    do {                                                                       \
        h->field = (value);                                                    \
        refused(#field " = " #value, h, len, words);                           \
        memcpy(h, &good, sizeof good);                                         \
    } while (0)

static void
test_bad_headers(void)
{
    size_t len;
    struct hwtop_seg_header *h = empty_segment(&len), good;
    struct snapshot s;
    const char *why;

    memcpy(&good, h, sizeof good);
    refused("0 bytes", h, 0, "shorter than a segment header");
    refused("header - 1 bytes", h, sizeof *h - 1,
            "shorter than a segment header");
    refused("segment - 1 byte", h, len - 1, "do not match");
    refused("header only", h, sizeof *h, "do not match");
    BAD_FIELD(magic, 0, "bad magic");
    BAD_FIELD(magic, HWTOP_SEG_MAGIC + 1, "bad magic");
    BAD_FIELD(version, HWTOP_SEG_VERSION + 1, "version");
    BAD_FIELD(header_bytes, sizeof *h + 64, "sizes");
    BAD_FIELD(region_bytes, 0, "sizes");
    BAD_FIELD(thread_bytes, sizeof(struct hwtop_seg_thread) * 2, "sizes");
    BAD_FIELD(slot_bytes, 64, "sizes");
    BAD_FIELD(hist_buckets, HWTOP_HIST_BUCKETS - 1, "sizes");
    BAD_FIELD(hist_bytes, sizeof(struct hwtop_seg_hist) / 2, "sizes");
    BAD_FIELD(max_regions, 0, "limits");
    BAD_FIELD(max_regions, UINT32_MAX, "limits");
    BAD_FIELD(max_threads, 0, "limits");
    BAD_FIELD(max_slots, (1u << 22) + 1, "limits");
    BAD_FIELD(arena_bytes, UINT32_MAX, "limits");
    BAD_FIELD(max_slots, 13, "do not match");
    BAD_FIELD(max_regions, 4096, "do not match");
    BAD_FIELD(regions_off, good.regions_off + 64, "do not match");
    BAD_FIELD(arena_off, 0, "do not match");
    BAD_FIELD(threads_off, UINT64_MAX, "do not match");
    BAD_FIELD(slots_off, good.slots_off - 64, "do not match");
    BAD_FIELD(hists_off, good.hists_off + 8, "do not match");
    BAD_FIELD(hists_off, good.slots_off, "do not match");
    BAD_FIELD(total_bytes, len * 2, "do not match");
    BAD_FIELD(total_bytes, len - 4096, "do not match");
    /* Restored, the same memory reads fine: the checks were the cause. */
    CHECK_EQ(reader_take(h, len, &opts, &s, &why), 0);
    snapshot_fini(&s);
    free(h);
}

/* A segment with events, regions (hostile names), threads, nested slots
 * with histograms, and misuse entries. */
static struct hwtop_seg_header *
populated_segment(size_t *len)
{
    static const char *const names[] = {
        "main", "parse", "a,b \"q\"", "line\nbreak\r\n", "\xff\xc3", "x"};
    struct hwtop_seg_header *h = empty_segment(len);
    uint32_t reg[6], thr[3];
    int64_t dv[3] = {1000, 7, 1};

    h->nevents = 3;
    snprintf(h->events[0].name, HWTOP_SEG_EVENT_NAME, "task_clock_ns");
    snprintf(h->events[1].name, HWTOP_SEG_EVENT_NAME, "page_faults");
    snprintf(h->events[2].name, HWTOP_SEG_EVENT_NAME, "cpu_migrations");
    h->events[2].state = HWTOP_EV_UNAVAILABLE;
    snprintf(h->events[2].reason, HWTOP_SEG_REASON, "getrusage has none");
    for (int i = 0; i < 3; i++)
        h->events[i].source = HWTOP_SRC_RUSAGE;
    h->ndropped = 1;
    snprintf(h->dropped[0].name, HWTOP_SEG_EVENT_NAME, "PAPI_TOT_INS");
    snprintf(h->dropped[0].reason, HWTOP_SEG_REASON, "no PMU");
    h->fallback = 1;
    h->events_ready = 1;
    for (int i = 0; i < 6; i++)
        reg[i] = segfill_region(h, names[i], strlen(names[i]));
    thr[0] = segfill_thread(h, 100, NULL);
    thr[1] = segfill_thread(h, 101, "worker,1");
    thr[2] = segfill_thread(h, 102, "w2");
    for (int t = 0; t < 3; t++)
        for (int r = 0; r < 4; r++) {
            struct hwtop_seg_slot *s =
                segfill_slot(h, thr[t], reg[r + t % 2], r == 0 ? -1 : 0);

            for (int k = 0; k < 5 + r * 7; k++)
                segfill_account(h, s, (uint64_t)(k + 1) * 997 * (r + 1), dv, 3);
            s->child_wall_ns = s->wall_ns / 3;
        }
    /* Thread 2 still inside "main". */
    hwtop__seg_thread(h, thr[2])->depth = 1;
    hwtop__seg_thread(h, thr[2])->stack[0] = reg[0];
    h->nmisuse = 2;
    for (int i = 0; i < 2; i++) {
        h->misuse[i].kind = (uint32_t)(i + 1);
        h->misuse[i].line = 10 + i;
        h->misuse[i].count = 3;
        snprintf(h->misuse[i].file, HWTOP_SEG_MISUSE_FILE, "app.c");
        snprintf(h->misuse[i].name, HWTOP_SEG_MISUSE_NAME, "%s", names[i]);
        h->misuse[i].ready = 1;
    }
    h->misuse_total = 6;
    return h;
}

static void
check_cstr(const char *p, size_t size, const char *what)
{
    if (memchr(p, '\0', size) == NULL)
        FAIL("%s is not NUL-terminated within %zu bytes", what, size);
}

static int
cmp_rows_order(const struct snap_row *a, const struct snap_row *b)
{
    if (a->region != b->region)
        return a->region < b->region ? -1 : 1;
    return ((unsigned)a->thread > (unsigned)b->thread) -
           ((unsigned)a->thread < (unsigned)b->thread);
}

/* Everything a snapshot points at is in range and terminated. */
static void
check_snapshot(const struct snapshot *s)
{
    int nall = 0;

    CHECK(s->nevents >= 0 && s->nevents <= SNAP_MAX_EVENTS);
    CHECK(s->ndropped >= 0 && s->ndropped <= SNAP_MAX_EVENTS);
    for (int i = 0; i < s->nevents + s->ndropped; i++) {
        const struct snap_event *e =
            i < s->nevents ? &s->events[i] : &s->dropped[i - s->nevents];

        check_cstr(e->name, sizeof e->name, "event name");
        check_cstr(e->spec, sizeof e->spec, "event spec");
        check_cstr(e->reason, sizeof e->reason, "event reason");
        CHECK(e->source >= 0 && e->source <= HWTOP_SRC_SIM);
        CHECK(e->state >= 0 && e->state <= SNAP_EV_UNAVAILABLE);
    }
    CHECK(s->nregions >= 0 && s->nthreads >= 0 && s->nrows >= 0);
    for (int i = 0; i < s->nregions; i++) {
        const struct snap_region *r = &s->regions[i];

        CHECK(r->name != NULL);
        CHECK_INT(r->len, <=, HWTOP_SEG_NAME_MAX);
        CHECK_EQ(r->name[r->len], '\0');
        CHECK_EQ(strlen(r->name), r->len);
    }
    for (int i = 0; i < s->nthreads; i++)
        check_cstr(s->threads[i].name, sizeof s->threads[i].name,
                   "thread name");
    for (int i = 0; i < s->nrows; i++) {
        const struct snap_row *r = &s->rows[i];

        CHECK(r->region >= 0 && r->region < s->nregions);
        CHECK(r->thread >= -1 && r->thread < s->nthreads);
        CHECK(r->parent >= -1 && r->parent < s->nregions);
        if (r->p50_ns > r->p90_ns || r->p90_ns > r->p99_ns ||
            r->p99_ns > r->p999_ns || r->p999_ns > r->max_ns)
            FAIL("row %d: percentiles out of order: %" PRIu64 " %" PRIu64
                 " %" PRIu64 " %" PRIu64 " max %" PRIu64,
                 i, r->p50_ns, r->p90_ns, r->p99_ns, r->p999_ns, r->max_ns);
        if (i > 0)
            CHECK_INT(cmp_rows_order(&s->rows[i - 1], r), <=, 0);
        nall += r->thread == -1;
    }
    CHECK_INT(nall, <=, s->nregions);
    CHECK(s->nmisuse >= 0 && s->nmisuse <= HWTOP_SEG_MAX_MISUSE);
    for (int i = 0; i < s->nmisuse; i++) {
        const struct snap_misuse *m = &s->misuse[i];

        CHECK(m->kind >= 0 && m->kind <= HWTOP_MISUSE_KIND_MAX);
        check_cstr(m->what, sizeof m->what, "misuse words");
        check_cstr(m->file, sizeof m->file, "misuse file");
        check_cstr(m->name, sizeof m->name, "misuse name");
    }
}

/* The reports made from any snapshot the reader returns are valid: the
 * CSV parses back with one record per row, all of the header's width. */
static void
check_reports(const struct snapshot *s)
{
    char *buf = NULL, err[200];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct csv_table t;

    CHECK(f != NULL);
    CHECK_EQ(csv_write(f, s), 0);
    fclose(f);
    if (csv_parse(buf, len, &t, err, sizeof err) != 0)
        FAIL("the CSV of a snapshot does not parse: %s", err);
    CHECK_EQ(t.nrecords, s->nrows + 1);
    for (int i = 1; i < t.nrecords; i++)
        CHECK_EQ(t.records[i].nfields, t.records[0].nfields);
    for (int i = 0; i < s->nrows; i++)
        if ((size_t)t.records[i + 1].fields[0].len !=
                s->regions[s->rows[i].region].len ||
            memcmp(t.records[i + 1].fields[0].p,
                   s->regions[s->rows[i].region].name,
                   s->regions[s->rows[i].region].len) != 0)
            FAIL("row %d: region name changed on its way through CSV", i);
    csv_table_fini(&t);
    free(buf);
    f = open_memstream(&buf, &len);
    CHECK(f != NULL);
    CHECK_EQ(meta_write(f, s), 0);
    fclose(f);
    CHECK(len > 0);
    free(buf);
}

static void
test_populated(void)
{
    size_t len;
    struct hwtop_seg_header *h = populated_segment(&len);
    struct snapshot s;
    const char *why;

    CHECK_EQ(reader_take(h, len, &opts, &s, &why), 0);
    check_snapshot(&s);
    check_reports(&s);
    CHECK_EQ(s.nevents, 3);
    CHECK_EQ(s.ndropped, 1);
    CHECK_EQ(s.fallback, 1);
    CHECK_EQ(s.nregions, 6); /* "x" has no slot, so no rows */
    CHECK_EQ(s.nthreads, 3);
    CHECK_STR(s.threads[1].name, "worker,1");
    /* 12 slots over 5 regions, then each region's all row. */
    CHECK_EQ(s.nrows, 12 + 5);
    CHECK_EQ(s.nmisuse, 2);
    CHECK_EQ(s.misuse_total, 6);
    CHECK_EQ(s.rows[0].region, 0);
    CHECK_EQ(s.rows[0].thread, 0);
    CHECK_EQ(s.rows[0].calls, 5);
    CHECK_EQ(s.rows[0].ev[1], 35);
    for (int i = 0; i < s.nrows; i++)
        if (s.rows[i].region == 0 && s.rows[i].thread == 2)
            CHECK(s.rows[i].flags & SNAP_OPEN_NOW);
    snapshot_fini(&s);
    free(h);
}

/* The row of (region, thread), thread -1 for the all row. */
static const struct snap_row *
row_of(const struct snapshot *s, int region, int thread)
{
    for (int i = 0; i < s->nrows; i++)
        if (s->rows[i].region == region && s->rows[i].thread == thread)
            return &s->rows[i];
    FAIL("no row for region %d thread %d", region, thread);
}

/* The slowest 1% of the calls, by hand: whole octaves from the top, the
 * octave that reaches 1% at its mean. */
static void
test_slow_calls(void)
{
    size_t len;
    struct hwtop_seg_header *h = segfill_new(4, 4, 8, 4096, &len);
    uint32_t r = segfill_region(h, "work", 4);
    uint32_t q = segfill_region(h, "timeonly", 8);
    struct hwtop_seg_slot *a, *b;
    struct snapshot s;
    const struct snap_row *ra, *rb, *all;
    const char *why;
    int64_t ev;

    h->nevents = 1;
    strcpy(h->events[0].name, "page_faults");
    h->events_ready = 1;
    a = segfill_slot(h, segfill_thread(h, 11, "a"), r, -1);
    b = segfill_slot(h, segfill_thread(h, 12, "b"), r, -1);
    /* a: 990 calls of 1 us, none faulting; every 100th takes 100 us and
     * faults 16 times. */
    for (int i = 0; i < 1000; i++) {
        ev = i % 100 == 99 ? 16 : 0;
        segfill_account(h, a, i % 100 == 99 ? 100000 : 1000, &ev, 1);
    }
    /* b: 100 calls of 1 us with 1 fault; 25 of 2.1 us with 2 and 25 of
     * 4 us with 8, both in the octave 2048-4095 ns (mean 3.05 us, 5). */
    for (int i = 0; i < 150; i++) {
        ev = i < 100 ? 1 : i < 125 ? 2 : 8;
        segfill_account(h, b, i < 100 ? 1000 : i < 125 ? 2100 : 4000, &ev,
                        1);
    }
    /* Counted without events (time only): no tail is written. */
    h->nevents = 0;
    segfill_account(h, segfill_slot(h, 0, q, -1), 5000, NULL, 0);
    h->nevents = 1;

    CHECK_EQ(reader_take(h, len, &opts, &s, &why), 0);
    check_snapshot(&s);
    check_reports(&s);
    ra = row_of(&s, 0, 0);
    rb = row_of(&s, 0, 1);
    all = row_of(&s, 0, -1);
    /* a: 1% of 1000 is the 10 slow calls, exactly. */
    CHECK_EQ(ra->slow_calls, 10);
    CHECK_EQ(ra->slow_ns, 1000000);
    CHECK_EQ(ra->slow_ev[0], 160);
    /* b: ceil(1.5) = 2 calls, taken from the top octave at its mean. */
    CHECK_EQ(rb->slow_calls, 2);
    CHECK_EQ(rb->slow_ns, 6100);
    CHECK_EQ(rb->slow_ev[0], 10);
    /* all: ceil(11.5) = 12: a's 10, then 2 of b's top octave. */
    CHECK_EQ(all->calls, 1150);
    CHECK_EQ(all->slow_calls, 12);
    CHECK_EQ(all->slow_ns, 1006100);
    CHECK_EQ(all->slow_ev[0], 170);
    /* Per call beside all calls: 100 us vs 1.9 us, 16 faults vs 0.16. */
    struct slow_view v;

    slow_view(&s, ra, &v);
    CHECK_EQ(v.calls, 10);
    CHECK_EQ(v.time, 100000.0);
    CHECK_EQ(v.all_time, 1990.0);
    CHECK_EQ(v.ev[0], 16.0);
    CHECK_EQ(v.all_ev[0], 0.16);
    CHECK(fabs(v.ev_ratio[0] - 100.0) < 1e-9);
    CHECK(fabs(v.time_ratio - 100000.0 / 1990.0) < 1e-9);
    /* The time-only region: no slow set, and every slow value NaN. */
    slow_view(&s, row_of(&s, 1, -1), &v);
    CHECK_EQ(v.calls, 0);
    CHECK(isnan(v.time) && isnan(v.ev[0]) && isnan(v.ev_ratio[0]));
    /* A snapshot that skipped percentiles carries them over. */
    struct snapshot s2;
    struct reader_opts skip = opts;

    skip.skip_percentiles = true;
    CHECK_EQ(reader_take(h, len, &skip, &s2, &why), 0);
    CHECK_EQ(row_of(&s2, 0, -1)->slow_calls, 0);
    snapshot_carry_percentiles(&s2, &s);
    CHECK_EQ(row_of(&s2, 0, -1)->slow_calls, 12);
    CHECK_EQ(row_of(&s2, 0, -1)->slow_ev[0], 170);
    snapshot_fini(&s2);
    snapshot_fini(&s);
    free(h);
}

/* Fuzzing: random damage, undone after each round from a log. */

#define UNDO_MAX 64

struct undo {
    size_t off, n;
    unsigned char old[8];
};

static struct undo undo_log[UNDO_MAX];
static int nundo;
static unsigned char *mem;
static size_t mem_len;
static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t
rng(void)
{
    return testrand_next(&rng_state);
}

/* Writes n (<= 8) bytes of v at off, logging the old bytes. */
static void
poke(size_t off, uint64_t v, size_t n)
{
    struct undo *u = &undo_log[nundo++];

    CHECK(nundo <= UNDO_MAX && off + n <= mem_len);
    u->off = off;
    u->n = n;
    memcpy(u->old, mem + off, n);
    memcpy(mem + off, &v, n);
}

static void
undo_all(void)
{
    while (nundo > 0) {
        struct undo *u = &undo_log[--nundo];

        memcpy(mem + u->off, u->old, u->n);
    }
}

/* A value that hurts: small, at an edge, or anything. */
static uint64_t
nasty(void)
{
    static const uint64_t edges[] = {0,
                                     1,
                                     2,
                                     3,
                                     5,
                                     6,
                                     11,
                                     12,
                                     13,
                                     16,
                                     63,
                                     64,
                                     127,
                                     8191,
                                     8192,
                                     HWTOP_HIST_BUCKETS - 1,
                                     HWTOP_HIST_BUCKETS,
                                     HWTOP_SEG_NAME_MAX,
                                     HWTOP_SEG_NAME_MAX + 1,
                                     INT32_MAX,
                                     UINT32_MAX - 1,
                                     UINT32_MAX,
                                     INT64_MAX,
                                     UINT64_MAX};

    switch (rng() % 3) {
    case 0:
        return rng() % 20;
    case 1:
        return edges[rng() % (sizeof edges / sizeof edges[0])];
    default:
        return rng();
    }
}

#define HDR(field) offsetof(struct hwtop_seg_header, field)

static void
damage_once(const struct hwtop_seg_header *h)
{
    uint32_t i = (uint32_t)(rng() % 16);
    size_t reg =
        h->regions_off + (i % h->max_regions) * sizeof(struct hwtop_seg_region);
    size_t thr =
        h->threads_off + (i % h->max_threads) * sizeof(struct hwtop_seg_thread);
    size_t slot =
        h->slots_off + (i % h->max_slots) * sizeof(struct hwtop_seg_slot);
    static const size_t counts[] = {
        HDR(nregions), HDR(nthreads), HDR(nslots),       HDR(nmisuse),
        HDR(nevents),  HDR(ndropped), HDR(events_ready), HDR(fallback)};

    switch (rng() % 14) {
    case 0: /* any byte at all */
        poke(rng() % mem_len, rng(), 1);
        break;
    case 1: /* counts beyond the limits */
        poke(counts[rng() % 8], nasty(), 4);
        break;
    case 2: /* name offsets past the arena */
        poke(reg + offsetof(struct hwtop_seg_region, name_off),
             h->arena_bytes - rng() % 32 + (rng() % 2 ? 0 : nasty()), 4);
        break;
    case 3:
        poke(reg + offsetof(struct hwtop_seg_region, name_len), nasty(), 4);
        break;
    case 4:
        poke(reg + rng() % sizeof(struct hwtop_seg_region), rng(), 1);
        break;
    case 5: /* thread and region indexes out of range */
        poke(slot + offsetof(struct hwtop_seg_slot, thread), nasty(), 4);
        break;
    case 6:
        poke(slot + offsetof(struct hwtop_seg_slot, region) + 4 * (rng() % 2),
             nasty(), 4);
        break;
    case 7: /* histogram bounds and counts */
        poke(slot + offsetof(struct hwtop_seg_slot, hist_lo) + 4 * (rng() % 2),
             nasty(), 4);
        break;
    case 8:
        poke(h->hists_off + (i % h->max_slots) * sizeof(struct hwtop_seg_hist) +
                 8 * (rng() % HWTOP_HIST_BUCKETS),
             nasty(), 8);
        break;
    case 9: /* scalars, seq left odd, flags */
        poke(slot + offsetof(struct hwtop_seg_slot, seq) + 4 * (rng() % 30),
             nasty(), 4);
        break;
    case 10: /* thread blocks: state, depth, name, stack */
        poke(thr + 4 * (rng() % 60), nasty(), 4);
        break;
    case 11: /* event names without a NUL, sources, states */
        poke(HDR(events) + rng() % (sizeof h->events + sizeof h->ndropped +
                                    sizeof h->fallback + sizeof h->dropped),
             rng(), 8);
        break;
    case 12: /* misuse entries */
        poke(HDR(misuse) + rng() % (sizeof h->misuse - 8), nasty(), 8);
        break;
    default: /* the arena: NULs, quotes, anything */
        poke(h->arena_off + rng() % 64, rng(), 1 + rng() % 8);
        break;
    }
}

static void
test_fuzz(void)
{
    struct hwtop_seg_header *h = populated_segment(&mem_len), good;
    time_t start = time(NULL);
    int i, accepted = 0, refused_n = 0;

    mem = (unsigned char *)h;
    memcpy(&good, h, sizeof good);
    for (i = 0; i < FUZZ_ITERATIONS; i++) {
        int n = 1 + (int)(rng() % 8);
        struct snapshot s;
        const char *why;

        for (int k = 0; k < n; k++)
            damage_once(&good);
        if (reader_take(mem, mem_len, &opts, &s, &why) == 0) {
            check_snapshot(&s);
            check_reports(&s);
            accepted++;
        } else {
            CHECK(why != NULL);
            refused_n++;
        }
        snapshot_fini(&s);
        undo_all();
        if ((i & 255) == 0 && time(NULL) - start > FUZZ_SECONDS) {
            printf("fuzz: stopped at the time bound\n");
            break;
        }
    }
    CHECK(memcmp(h, &good, sizeof good) == 0);
    printf("fuzz: %d rounds, %d read, %d refused, %lds\n", i, accepted,
           refused_n, (long)(time(NULL) - start));
    /* Most rounds damage the contents, not the header. */
    CHECK_INT(accepted, >, i / 2);
    free(h);
}

int
main(void)
{
    test_empty();
    test_bad_headers();
    test_populated();
    test_slow_calls();
    test_fuzz();
    printf("ok\n");
    return 0;
}
