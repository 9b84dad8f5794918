/* SPDX-License-Identifier: MIT */
/* test_json.c: the JSON report from segments built as libhwtop builds
 * them (tests/unit/segfill.h), read back with cJSON. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json.h"
#include "reader.h"
#include "segfill.h"
#include "snapshot.h"

/* A caller's own metadata (json_report.add_meta). */
static void
add_rank(cJSON *meta, const void *arg)
{
    cJSON_AddNumberToObject(meta, "rank", *(const int *)arg);
}

/* The report of s as text (malloc'd), written by json_write. */
static char *
json_text(const struct snapshot *s, char *const *argv, struct timespec t0)
{
    static const int rank = 3;
    struct json_report r = {s, argv, t0, argv ? add_rank : NULL, &rank};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    CHECK(f != NULL);
    CHECK_EQ(json_write(f, &r), 0);
    CHECK_EQ(fclose(f), 0);
    CHECK(len > 0 && buf[len - 1] == '\n');
    return buf;
}

static cJSON *
parse(const char *text)
{
    cJSON *root = cJSON_Parse(text);

    if (root == NULL)
        FAIL("not JSON near: %.60s", cJSON_GetErrorPtr());
    return root;
}

static cJSON *
get(const cJSON *o, const char *key)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

    if (v == NULL)
        FAIL("no \"%s\" in the object", key);
    return v;
}

static const char *
str(const cJSON *o, const char *key)
{
    cJSON *v = get(o, key);

    if (!cJSON_IsString(v))
        FAIL("\"%s\" is not a string", key);
    return v->valuestring;
}

static double
num(const cJSON *o, const char *key)
{
    cJSON *v = get(o, key);

    if (!cJSON_IsNumber(v))
        FAIL("\"%s\" is not a number", key);
    return v->valuedouble;
}

/* The region named name anywhere in the tree under a, or NULL. */
static cJSON *
find(const cJSON *a, const char *name)
{
    const cJSON *n;

    cJSON_ArrayForEach(n, a)
    {
        cJSON *c;

        if (strcmp(str(n, "name"), name) == 0)
            return (cJSON *)n;
        if ((c = find(get(n, "children"), name)) != NULL)
            return c;
    }
    return NULL;
}

/* Regions in the tree under a; checks each depth against its place. */
static int
count_nodes(const cJSON *a, int depth, int *max_depth)
{
    const cJSON *n;
    int total = 0;

    cJSON_ArrayForEach(n, a)
    {
        CHECK_EQ(num(n, "depth"), depth);
        if (depth > *max_depth)
            *max_depth = depth;
        total += 1 + count_nodes(get(n, "children"), depth + 1, max_depth);
    }
    return total;
}

static struct hwtop_seg_header *
three_events(size_t *len, uint32_t regions, uint32_t slots)
{
    struct hwtop_seg_header *h = segfill_new(regions, 4, slots, 65536, len);

    h->nevents = 3;
    strcpy(h->events[0].name, "task_clock_ns");
    strcpy(h->events[1].name, "page_faults");
    strcpy(h->events[2].name, "cpu_migrations");
    h->events[2].state = HWTOP_EV_UNAVAILABLE;
    strcpy(h->events[2].reason, "getrusage has none");
    for (int i = 0; i < 3; i++)
        h->events[i].source = HWTOP_SRC_RUSAGE;
    h->events_ready = 1;
    return h;
}

static uint32_t
region(struct hwtop_seg_header *h, const char *name)
{
    return segfill_region(h, name, strlen(name));
}

/* main > parse > solve on thread 100; solve straight under main on
 * "worker": the tree follows the first thread, each thread row keeps
 * its own parent. */
static void
test_tree(void)
{
    struct reader_opts o = {.open_flag = SNAP_OPEN_NOW};
    int64_t dv[3] = {700, 2, 0}, big[3] = {4611686018427387904LL, 1, 0};
    size_t len;
    struct hwtop_seg_header *h = three_events(&len, 8, 8);
    uint32_t rmain = region(h, "main"), rparse = region(h, "parse"),
             rsolve = region(h, "solve"), t0, t1;
    struct hwtop_seg_slot *sl;
    struct snapshot s;
    const char *why;
    cJSON *root, *regions, *n, *th, *ev;
    char *text;

    t0 = segfill_thread(h, 100, NULL);
    t1 = segfill_thread(h, 101, "worker");
    segfill_account(h, segfill_slot(h, t0, rmain, -1), 5000, dv, 3);
    segfill_account(h, segfill_slot(h, t0, rparse, (int)rmain), 3000, dv, 3);
    sl = segfill_slot(h, t0, rsolve, (int)rparse);
    segfill_account(h, sl, 1000, dv, 3);
    segfill_account(h, sl, 1000, dv, 3);
    segfill_account(h, segfill_slot(h, t1, rsolve, (int)rmain), 900, big, 3);
    CHECK_EQ(reader_take(h, len, &o, &s, &why), 0);
    text = json_text(&s, NULL, (struct timespec){0, 0});
    root = parse(text);

    CHECK_STR(str(root, "format"), "hwtop-report");
    CHECK_EQ(num(root, "format_version"), JSON_FORMAT_VERSION);
    regions = get(root, "regions");
    CHECK_EQ(cJSON_GetArraySize(regions), 1);
    n = cJSON_GetArrayItem(regions, 0);
    CHECK_STR(str(n, "name"), "main");
    CHECK(cJSON_IsNull(get(n, "parent")));
    n = find(regions, "solve");
    CHECK(n != NULL);
    CHECK_STR(str(n, "parent"), "parse");
    CHECK_EQ(num(n, "depth"), 2);
    CHECK_EQ(num(n, "calls"), 3);
    CHECK_EQ(cJSON_GetArraySize(get(n, "children")), 0);
    th = get(n, "threads");
    CHECK_EQ(cJSON_GetArraySize(th), 2);
    CHECK_STR(str(cJSON_GetArrayItem(th, 0), "thread"), "100");
    CHECK(cJSON_IsNull(get(cJSON_GetArrayItem(th, 0), "name")));
    CHECK_STR(str(cJSON_GetArrayItem(th, 0), "parent"), "parse");
    CHECK_EQ(num(cJSON_GetArrayItem(th, 0), "calls"), 2);
    CHECK_STR(str(cJSON_GetArrayItem(th, 1), "thread"), "worker");
    CHECK_STR(str(cJSON_GetArrayItem(th, 1), "name"), "worker");
    CHECK_EQ(num(cJSON_GetArrayItem(th, 1), "tid"), 101);
    CHECK_STR(str(cJSON_GetArrayItem(th, 1), "parent"), "main");
    /* Not counted: null, never 0; counted: integers. */
    ev = get(cJSON_GetArrayItem(th, 0), "events");
    CHECK_EQ(num(ev, "task_clock_ns"), 1400);
    CHECK_EQ(num(ev, "page_faults"), 4);
    CHECK(cJSON_IsNull(get(ev, "cpu_migrations")));
    CHECK(cJSON_IsNull(get(get(n, "metrics"), "ipc")));
    CHECK(cJSON_IsNull(get(get(n, "metrics"), "share_pct")));
    CHECK(cJSON_IsArray(get(n, "flags")));
    /* Counts past 2^53 stay exact in the text (doubles would round). */
    CHECK(strstr(text, "4611686018427387904") != NULL);
    CHECK(strstr(text, "4611686018427387905") == NULL);
    printf("json tree: main > parse > solve, 2 threads, exact 2^62\n");
    cJSON_Delete(root);
    free(text);
    snapshot_fini(&s);
    free(h);
}

/* A hostile segment: parents that loop (a > b > a), a region its own
 * parent, a parent out of the table.  Each region is in the tree once,
 * and says which parent it was given. */
static void
test_loops(void)
{
    struct reader_opts o = {.open_flag = SNAP_OPEN_NOW};
    int64_t dv[3] = {1, 1, 0};
    size_t len;
    struct hwtop_seg_header *h = three_events(&len, 8, 8);
    uint32_t a = region(h, "a"), b = region(h, "b"), self = region(h, "self"),
             t = segfill_thread(h, 7, NULL);
    struct snapshot s;
    const char *why;
    cJSON *root, *regions;
    char *text;
    int depth = 0;

    segfill_account(h, segfill_slot(h, t, a, (int)b), 10, dv, 3);
    segfill_account(h, segfill_slot(h, t, b, (int)a), 10, dv, 3);
    segfill_account(h, segfill_slot(h, t, self, (int)self), 10, dv, 3);
    CHECK_EQ(reader_take(h, len, &o, &s, &why), 0);
    text = json_text(&s, NULL, (struct timespec){0, 0});
    root = parse(text);
    regions = get(root, "regions");
    CHECK_EQ(count_nodes(regions, 0, &depth), 3);
    CHECK_STR(str(find(regions, "a"), "parent"), "b");
    CHECK_STR(str(find(regions, "b"), "parent"), "a");
    CHECK_STR(str(find(regions, "self"), "parent"), "self");
    CHECK_EQ(num(find(regions, "self"), "depth"), 0);
    printf("json loops: 3 regions, each once, parents as given\n");
    cJSON_Delete(root);
    free(text);
    snapshot_fini(&s);
    free(h);
}

/* 300 regions, each first entered inside the one before: the tree stops
 * at JSON_MAX_DEPTH and goes on from the top, losing none. */
static void
test_deep(void)
{
    enum { N = 300 };
    struct reader_opts o = {.open_flag = SNAP_OPEN_NOW};
    int64_t dv[3] = {1, 0, 0};
    size_t len;
    struct hwtop_seg_header *h = three_events(&len, N, N);
    uint32_t t = segfill_thread(h, 9, "deep");
    struct snapshot s;
    const char *why;
    cJSON *root, *regions;
    char *text, name[16];
    int depth = 0;

    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "r%d", i);
        segfill_account(h, segfill_slot(h, t, region(h, name), i - 1), 5, dv,
                        3);
    }
    CHECK_EQ(reader_take(h, len, &o, &s, &why), 0);
    text = json_text(&s, NULL, (struct timespec){0, 0});
    root = parse(text);
    regions = get(root, "regions");
    CHECK_EQ(count_nodes(regions, 0, &depth), N);
    CHECK_EQ(depth, JSON_MAX_DEPTH - 1);
    CHECK_EQ(cJSON_GetArraySize(regions),
             (N + JSON_MAX_DEPTH - 1) / JSON_MAX_DEPTH);
    CHECK_STR(str(find(regions, "r128"), "parent"), "r127");
    CHECK_EQ(num(find(regions, "r128"), "depth"), 0);
    printf("json deep: %d regions, depth at most %d, %d roots\n", N, depth,
           cJSON_GetArraySize(regions));
    cJSON_Delete(root);
    free(text);
    snapshot_fini(&s);
    free(h);
}

/* Is p[0..n) valid UTF-8 (no overlongs, no surrogates)? */
static int
utf8_valid(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        size_t k = c < 0x80         ? 1
                   : (c >> 5) == 6  ? 2
                   : (c >> 4) == 14 ? 3
                   : (c >> 3) == 30 ? 4
                                    : 0;

        if (k == 0 || i + k > n || (k == 2 && c < 0xc2))
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((p[i + j] & 0xc0) != 0x80)
                return 0;
        if (k == 3 &&
            ((c == 0xe0 && p[i + 1] < 0xa0) || (c == 0xed && p[i + 1] >= 0xa0)))
            return 0;
        if (k == 4 && (c > 0xf4 || (c == 0xf0 && p[i + 1] < 0x90) ||
                       (c == 0xf4 && p[i + 1] >= 0x90)))
            return 0;
        i += k;
    }
    return 1;
}

/* Names are bytes: the report is valid UTF-8 whatever they hold, and
 * says what it knows about the run. */
static void
test_names_and_meta(void)
{
    static const char *const names[] = {"na\xc3\xafve \xe2\x98\x83",
                                        "bad \xff\xc3 end", "q\"t\\\ttab\n",
                                        "\x01\x1f ctl"};
    struct reader_opts o = {.open_flag = SNAP_OPEN_NOW};
    int64_t dv[3] = {1, 0, 0};
    char *argv[] = {"./app", "--in", "caf\xe9", NULL};
    size_t len;
    struct hwtop_seg_header *h = three_events(&len, 8, 8);
    uint32_t t = segfill_thread(h, 5, "w\xff");
    struct snapshot s;
    const char *why;
    cJSON *root, *regions, *meta, *cmd;
    char *text;

    for (int i = 0; i < 4; i++)
        segfill_account(h, segfill_slot(h, t, region(h, names[i]), -1), 5, dv,
                        3);
    CHECK_EQ(reader_take(h, len, &o, &s, &why), 0);
    text = json_text(&s, argv, (struct timespec){1700000000, 123456789});
    CHECK(utf8_valid((const unsigned char *)text, strlen(text)));
    root = parse(text);
    regions = get(root, "regions");
    CHECK(find(regions, names[0]) != NULL);
    CHECK(find(regions, "bad \xef\xbf\xbd\xef\xbf\xbd end") != NULL);
    CHECK(find(regions, names[2]) != NULL);
    CHECK(find(regions, names[3]) != NULL);
    CHECK_STR(
        str(cJSON_GetArrayItem(get(find(regions, names[0]), "threads"), 0),
            "name"),
        "w\xef\xbf\xbd");
    meta = get(root, "meta");
    CHECK_STR(str(meta, "started"), "2023-11-14T22:13:20.123Z");
    CHECK(strlen(str(meta, "created")) == 24);
    CHECK_STR(str(meta, "counters"), "measured");
    CHECK_EQ(num(meta, "runs"), 1);
    cmd = get(meta, "command");
    CHECK_EQ(cJSON_GetArraySize(cmd), 3);
    CHECK_STR(cJSON_GetArrayItem(cmd, 0)->valuestring, "./app");
    CHECK_STR(cJSON_GetArrayItem(cmd, 2)->valuestring, "caf\xef\xbf\xbd");
    CHECK(cJSON_IsNull(get(meta, "cpu_model"))); /* no machine given */
    CHECK_EQ(num(meta, "rank"), 3);              /* the caller's */
    CHECK_STR(str(cJSON_GetArrayItem(get(meta, "events"), 2), "state"),
              "unavailable");
    CHECK_STR(str(get(meta, "metric_formulas"), "ipc"),
              "PAPI_TOT_INS / PAPI_TOT_CYC");
    printf("json names: valid UTF-8, U+FFFD for bad bytes; meta complete\n");
    cJSON_Delete(root);
    free(text);
    snapshot_fini(&s);
    free(h);
}

/* A full disk is an error, not a short file. */
static void
test_write_error(void)
{
    struct snapshot s = {0};
    struct json_report r = {&s, NULL, {0, 0}, NULL, NULL};
    FILE *f = fopen("/dev/full", "w");

    if (f == NULL)
        SKIP("no /dev/full here");
    CHECK_EQ(json_write(f, &r), -ENOSPC);
    fclose(f);
    CHECK(json_path("run.json") && json_path("R.JSON") &&
          json_path("a/.b.json"));
    CHECK(!json_path(".json") && !json_path("run.csv") && !json_path("json") &&
          !json_path("run.json.csv"));
    printf("json: /dev/full gives -ENOSPC; -o names ending .json pick JSON\n");
}

int
main(void)
{
    test_tree();
    test_loops();
    test_deep();
    test_names_and_meta();
    test_write_error();
    return 0;
}
