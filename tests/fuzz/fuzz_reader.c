/* SPDX-License-Identifier: MIT */
/* fuzz_reader.c: the segment reader on hostile segments, and what the
 * report writers make of whatever it accepts. */

/*
 * Two targets from this file:
 *  - fuzz_reader_raw (FUZZ_PATCH undefined): the input is laid over the
 *    start of a zeroed buffer the size of a small segment, header and
 *    all: the header checks face every byte.
 *  - fuzz_reader_patch (FUZZ_PATCH defined): starts from a valid segment
 *    written the way libhwtop writes one (threads, named regions, nested
 *    slots with calls and histograms, a misuse entry, two events), then
 *    applies the input as patches: records of
 *        area (1 byte) | offset (2 bytes, little endian) | len (1) | bytes
 *    where area picks header, region table, name arena, thread blocks,
 *    slots or histograms, and the offset is taken modulo its size.
 * Either way reader_take must return 0 or -EINVAL and never read outside
 * the buffer; a snapshot it returns goes through the CSV, JSON and table
 * writers, as hwtop's report would.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "fuzz.h"
#include "meta.h"
#include "reader.h"
#include "segment.h"
#include "table.h"

#define LIM_REGIONS 16
#define LIM_THREADS 4
#define LIM_SLOTS 16
#define LIM_ARENA 1024

static const struct hwtop_seg_limits lim = {LIM_REGIONS, LIM_THREADS,
                                            LIM_SLOTS, LIM_ARENA};

static FILE *sink;

static void
set_str(char *dst, size_t len, const char *src)
{
    snprintf(dst, len, "%s", src);
}

static uint32_t
add_region(struct hwtop_seg_header *h, const char *name)
{
    uint32_t idx = h->nregions++;
    size_t len = strlen(name);
    struct hwtop_seg_region *r = hwtop__seg_region(h, idx);

    memcpy(hwtop__seg_arena(h) + h->arena_used, name, len + 1);
    r->name_off = (uint32_t)h->arena_used;
    r->name_len = (uint32_t)len;
    h->arena_used += len + 1;
    r->ready = 1;
    return idx;
}

static uint32_t
add_thread(struct hwtop_seg_header *h, int tid, const char *name,
           uint32_t state)
{
    uint32_t idx = h->nthreads++;
    struct hwtop_seg_thread *b = hwtop__seg_thread(h, idx);

    b->pid = 4242;
    b->tid = tid;
    b->cpu = 1;
    b->name_len = (uint32_t)strlen(name);
    memcpy(b->name, name, b->name_len + 1);
    b->state = state;
    return idx;
}

static void
add_slot(struct hwtop_seg_header *h, uint32_t thread, uint32_t region,
         int parent, uint64_t calls)
{
    uint32_t idx = h->nslots++;
    struct hwtop_seg_slot *s = hwtop__seg_slot(h, idx);
    struct hwtop_seg_hist *hist = hwtop__seg_hist(h, idx);

    s->thread = thread;
    s->region = region;
    s->parent = parent < 0 ? 0 : (uint32_t)parent + 1;
    s->hist_lo = HWTOP_HIST_BUCKETS;
    for (uint64_t c = 0; c < calls; c++) {
        uint64_t d = 100 + c * 977 * (idx + 1);
        uint32_t b = hwtop__hist_bucket(d);

        s->calls++;
        s->wall_ns += d;
        s->max_ns = d > s->max_ns ? d : s->max_ns;
        s->ev[0] += (int64_t)d;
        s->ev[1] += 1;
        hist->tail[b / HWTOP_HIST_SUB].n++;
        hist->tail[b / HWTOP_HIST_SUB].ns += d;
        hist->tail[b / HWTOP_HIST_SUB].ev[0] += (int64_t)d;
        hist->tail[b / HWTOP_HIST_SUB].ev[1] += 1;
        if (hist->n[b]++ == 0)
            hist->used[b / 64] |= 1ull << (b % 64);
        s->hist_lo = b < s->hist_lo ? b : s->hist_lo;
        s->hist_hi = b > s->hist_hi ? b : s->hist_hi;
    }
    s->seq = 2;
    s->ready = 1;
}

/* A segment as a two-thread program leaves it mid-run. */
static void
fill_valid(struct hwtop_seg_header *h)
{
    struct hwtop_seg_thread *t;
    uint32_t main_t, worker, outer, inner, other, open;

    h->nevents = 2;
    set_str(h->events[0].name, HWTOP_SEG_EVENT_NAME, "task_clock_ns");
    set_str(h->events[0].spec, HWTOP_SEG_EVENT_NAME, "perf::TASK-CLOCK");
    h->events[0].source = HWTOP_SRC_KERNEL;
    set_str(h->events[1].name, HWTOP_SEG_EVENT_NAME, "page_faults");
    h->events[1].source = HWTOP_SRC_PAPI;
    h->events[1].state = HWTOP_EV_MULTIPLEXED;
    set_str(h->events[1].reason, HWTOP_SEG_REASON, "multiplexed");
    h->ndropped = 1;
    set_str(h->dropped[0].name, HWTOP_SEG_EVENT_NAME, "PAPI_L1_DCM");
    set_str(h->dropped[0].reason, HWTOP_SEG_REASON, "no PMU");
    h->events_ready = 1;
    main_t = add_thread(h, 4242, "main", HWTOP_THREAD_LIVE);
    worker = add_thread(h, 4243, "wor,ker\n", HWTOP_THREAD_EXITED);
    outer = add_region(h, "outer");
    inner = add_region(h, "in\"ner,\r\n");
    other = add_region(h, "outer"); /* same name from a forked child */
    open = add_region(h, "open");
    add_slot(h, main_t, outer, -1, 3);
    add_slot(h, main_t, inner, (int)outer, 7);
    add_slot(h, worker, inner, (int)outer, 2);
    add_slot(h, worker, other, -1, 1);
    add_slot(h, main_t, open, (int)outer, 0);
    t = hwtop__seg_thread(h, main_t);
    t->depth = 2;
    t->stack[0] = outer;
    t->stack[1] = open;
    h->nmisuse = 1;
    h->misuse[0].kind = HWTOP_MISUSE_END_WITHOUT_BEGIN;
    h->misuse[0].line = 42;
    h->misuse[0].count = 3;
    set_str(h->misuse[0].file, HWTOP_SEG_MISUSE_FILE, "app.c");
    set_str(h->misuse[0].name, HWTOP_SEG_MISUSE_NAME, "outer");
    h->misuse[0].ready = 1;
    h->misuse_total = 3;
}

#ifdef FUZZ_PATCH
/* Applies the input's patch records to the formatted segment. */
static void
apply_patches(struct hwtop_seg_header *h, const uint8_t *d, size_t n)
{
    const uint64_t base[6] = {0, h->regions_off, h->arena_off,
                              h->threads_off, h->slots_off, h->hists_off};
    const uint64_t size[6] = {
        sizeof *h,
        (uint64_t)LIM_REGIONS * sizeof(struct hwtop_seg_region),
        LIM_ARENA,
        (uint64_t)LIM_THREADS * sizeof(struct hwtop_seg_thread),
        (uint64_t)LIM_SLOTS * sizeof(struct hwtop_seg_slot),
        (uint64_t)LIM_SLOTS * sizeof(struct hwtop_seg_hist)};
    char *mem = (char *)h;

    while (n >= 4) {
        unsigned area = d[0] % 6;
        uint64_t off = (uint64_t)(d[1] | d[2] << 8) % size[area];
        size_t len = d[3];

        d += 4;
        n -= 4;
        len = len < n ? len : n;
        if (off + len > size[area])
            len = (size_t)(size[area] - off);
        memcpy(mem + base[area] + off, d, len);
        d += len;
        n -= len;
    }
}
#endif

/* What hwtop does with a snapshot: CSV, meta.json and the table. */
static __attribute__((unused)) void
write_reports(const struct snapshot *s)
{
    struct table_opts to = {.title = "fuzz"};

    csv_write(sink, s);
    meta_write(sink, s);
    table_print(sink, s, &to);
}

#ifdef FUZZ_SEED
/*
 * fuzz_seed_reader_raw DIR: writes the raw target's seeds as this build
 * lays a segment out: DIR/raw_header (a formatted, empty segment's
 * header) and DIR/raw_filled (fill_valid's segment up to its
 * histograms).  tests/fuzz/corpus/reader_raw must hold the same bytes
 * (test fuzz.seeds): a seed of an older layout stops at the version
 * check and fuzzes nothing.
 */
static int
write_file(const char *dir, const char *name, const void *p, size_t n)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    if ((f = fopen(path, "wb")) == NULL || fwrite(p, 1, n, f) != n ||
        fclose(f) != 0) {
        perror(path);
        return 1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    size_t len = (size_t)hwtop__seg_size(&lim);
    struct hwtop_seg_header *h = aligned_alloc(4096, len);

    if (argc != 2 || h == NULL) {
        fprintf(stderr, "usage: fuzz_seed_reader_raw DIR\n");
        return 2;
    }
    memset(h, 0, len);
    hwtop__seg_format(h, &lim, 4242, 0);
    if (write_file(argv[1], "raw_header", h, sizeof *h))
        return 1;
    fill_valid(h);
    if (write_file(argv[1], "raw_filled", h, (size_t)h->hists_off))
        return 1;
    free(h);
    return 0;
}
#else
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static void *mem;
    static size_t len;
    struct reader_opts ro = {.open_flag = SNAP_OPEN_NOW, .histograms = true};
    struct snapshot snap;
    const char *why;
    int rc;

    if (mem == NULL) {
        len = (size_t)hwtop__seg_size(&lim);
        mem = aligned_alloc(4096, len);
        sink = fopen("/dev/null", "w");
        if (mem == NULL || sink == NULL)
            abort();
    }
    memset(mem, 0, len);
#ifdef FUZZ_PATCH
    hwtop__seg_format(mem, &lim, 4242, 0);
    fill_valid(mem);
    apply_patches(mem, data, size);
#else
    memcpy(mem, data, size < len ? size : len);
    (void)fill_valid;
#endif
    rc = reader_take(mem, len, &ro, &snap, &why);
    if (rc != 0 && rc != -EINVAL && rc != -ENOMEM)
        abort();
    if (rc == -EINVAL && why == NULL)
        abort(); /* a rejection must say why */
    if (rc == 0) {
        write_reports(&snap);
        snapshot_fini(&snap);
    }
    return 0;
}
#endif /* FUZZ_SEED */
