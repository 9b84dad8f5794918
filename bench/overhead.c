/* SPDX-License-Identifier: MIT */
/* overhead.c: what one region begin+end costs, side by side with the raw
 * counter reads it is made of and with PAPI's own regions. */
#include <hwtop.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#ifdef OVERHEAD_PAPI
#include <papi.h>
#endif

#include "segment.h"
#include "state.h" /* sizes, for the memory line */

/* Distinct call sites: each PAIR(__COUNTER__) is its own region. */
#define STR_(x) #x
#define STR(x) STR_(x)
#define PAIR_(n)                                                               \
    do {                                                                       \
        PERF_REGION_BEGIN("r" STR(n));                                         \
        PERF_REGION_END("r" STR(n));                                           \
    } while (0)
#define PAIR(n) PAIR_(n)
#define X10 PAIR(__COUNTER__); PAIR(__COUNTER__); PAIR(__COUNTER__);         \
    PAIR(__COUNTER__); PAIR(__COUNTER__); PAIR(__COUNTER__);                 \
    PAIR(__COUNTER__); PAIR(__COUNTER__); PAIR(__COUNTER__); PAIR(__COUNTER__)
#define X100 X10; X10; X10; X10; X10; X10; X10; X10; X10; X10
#define X1000 X100; X100; X100; X100; X100; X100; X100; X100; X100; X100

/* The loops time exactly n pairs over k distinct regions. */
__attribute__((noinline)) void
loop1(long n)
{
    for (long i = 0; i < n; i++)
        PAIR(__COUNTER__);
}

__attribute__((noinline)) static void
loop10(long n)
{
    for (long i = 0; i < n; i += 10) {
        X10;
    }
}

__attribute__((noinline)) static void
loop100(long n)
{
    for (long i = 0; i < n; i += 100) {
        X100;
    }
}

__attribute__((noinline)) static void
loop1000(long n)
{
    for (long i = 0; i < n; i += 1000) {
        X1000;
    }
}

static double
thread_cpu_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ---- the floor: the same software counters read raw ---- */

static const unsigned long long sw_config[4] = {
    PERF_COUNT_SW_TASK_CLOCK, PERF_COUNT_SW_PAGE_FAULTS,
    PERF_COUNT_SW_CONTEXT_SWITCHES, PERF_COUNT_SW_CPU_MIGRATIONS};

/* A group of the four software events on the calling thread, or -1. */
static int
kernel_group(void)
{
    int lead = -1;

    for (int i = 0; i < 4; i++) {
        struct perf_event_attr a;
        int fd;

        memset(&a, 0, sizeof a);
        a.size = sizeof a;
        a.type = PERF_TYPE_SOFTWARE;
        a.config = sw_config[i];
        a.read_format = PERF_FORMAT_GROUP;
        a.exclude_hv = 1;
        fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, lead, 0);
        if (fd < 0 && errno == EACCES) {
            a.exclude_kernel = 1;
            fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, lead, 0);
        }
        if (fd < 0)
            return -1;
        if (lead < 0)
            lead = fd;
    }
    return lead;
}

static int
floor_kernel(long n)
{
    uint64_t buf[8];
    int fd = kernel_group();

    if (fd < 0)
        return -1;
    for (long i = 0; i < n; i++) {
        if (read(fd, buf, sizeof buf) <= 0 || read(fd, buf, sizeof buf) <= 0)
            return -1;
        __asm__ volatile("" ::: "memory");
    }
    return 0;
}

/* The time-only floor: two clock reads (the TSC where it is invariant). */
static int
floor_tsc(long n)
{
    struct timespec ts;
    uint64_t sum = 0;

    for (long i = 0; i < n; i++) {
#if defined(__x86_64__)
        sum += __builtin_ia32_rdtsc();
        sum += __builtin_ia32_rdtsc();
#else
        clock_gettime(CLOCK_MONOTONIC, &ts);
        sum += (uint64_t)ts.tv_nsec;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        sum += (uint64_t)ts.tv_nsec;
#endif
        __asm__ volatile("" : "+r"(sum));
    }
    (void)ts;
    return 0;
}

static int
floor_rusage(long n)
{
    struct timespec ts;
    struct rusage ru;

    for (long i = 0; i < n; i++) {
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        getrusage(RUSAGE_THREAD, &ru);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        getrusage(RUSAGE_THREAD, &ru);
        __asm__ volatile("" ::: "memory");
    }
    return 0;
}

/* ---- PAPI, where it counts the software events ---- */

#ifdef OVERHEAD_PAPI
static const char *const papi_sw[4] = {"perf::TASK-CLOCK",
                                       "perf::PAGE-FAULTS",
                                       "perf::CONTEXT-SWITCHES:k=1",
                                       "perf::CPU-MIGRATIONS:k=1"};

static int
papi_raw(long n)
{
    long long v[4];
    int set = PAPI_NULL;

    if (PAPI_library_init(PAPI_VER_CURRENT) != PAPI_VER_CURRENT ||
        PAPI_create_eventset(&set) != PAPI_OK)
        return -1;
    for (int i = 0; i < 4; i++)
        if (PAPI_add_named_event(set, papi_sw[i]) != PAPI_OK)
            return -1;
    if (PAPI_start(set) != PAPI_OK)
        return -1;
    for (long i = 0; i < n; i++) {
        PAPI_read(set, v);
        PAPI_read(set, v);
        __asm__ volatile("" ::: "memory");
    }
    return 0;
}

static int
papi_hl(long n)
{
    /* PAPI_EVENTS names the same events (set by the parent). */
    for (long i = 0; i < n; i++) {
        if (PAPI_hl_region_begin("r") != PAPI_OK)
            return -1;
        PAPI_hl_region_end("r");
    }
    return 0;
}
#endif

/* ---- child: one case, timed on each thread's CPU clock ---- */

struct job {
    const char *what;
    long pairs;
    int regions;
    double ns_per_pair;
    int rc;
};

static int
run_case(const char *what, long n, int regions)
{
    if (strcmp(what, "hwtop") == 0) {
        void (*loops[4])(long) = {loop1, loop10, loop100, loop1000};
        int k = regions >= 1000 ? 3 : regions >= 100 ? 2 : regions >= 10;

        loops[k](n);
        return 0;
    }
    if (strcmp(what, "floor-kernel") == 0)
        return floor_kernel(n);
    if (strcmp(what, "floor-rusage") == 0)
        return floor_rusage(n);
    if (strcmp(what, "floor-tsc") == 0)
        return floor_tsc(n);
#ifdef OVERHEAD_PAPI
    if (strcmp(what, "papi-raw") == 0)
        return papi_raw(n);
    if (strcmp(what, "papi-hl") == 0)
        return papi_hl(n);
#endif
    return -1;
}

static void *
job_main(void *arg)
{
    struct job *j = arg;
    double t0;

    /* Warm up: sites resolved, counters opened, pages touched. */
    j->rc = run_case(j->what, j->regions >= 1000 ? 1000 : 1000, j->regions);
    if (j->rc != 0)
        return NULL;
    t0 = thread_cpu_ns();
    j->rc = run_case(j->what, j->pairs, j->regions);
    j->ns_per_pair = (thread_cpu_ns() - t0) / (double)j->pairs;
    return NULL;
}

/* Prints the mean over threads of ns per pair, or "unavailable". */
static int
child(const char *what, long pairs, int regions, int threads)
{
    struct job j[64];
    pthread_t t[64];
    double sum = 0;

    if (threads < 1 || threads > 64)
        return 2;
#ifdef OVERHEAD_PAPI
    if (strncmp(what, "papi", 4) == 0 &&
        PAPI_library_init(PAPI_VER_CURRENT) != PAPI_VER_CURRENT)
        return 3;
#endif
    for (int i = 0; i < threads; i++) {
        j[i] = (struct job){what, pairs, regions, 0, 0};
        pthread_create(&t[i], NULL, job_main, &j[i]);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        if (j[i].rc != 0)
            return 3;
        sum += j[i].ns_per_pair;
    }
    printf("%.3f\n", sum / threads);
    return 0;
}

/* ---- parent: interleaved rounds, medians and ratios ---- */

#define MAX_ROUNDS 31

struct variant {
    const char *label;
    int off;          /* run the HWTOP_DISABLE build */
    const char *what; /* child case */
    const char *events;
    int regions, threads;
    int n;            /* rounds measured */
    double ns[MAX_ROUNDS];
    int unavailable;
};

static struct variant variants[] = {
    {"hwtop compiled out (HWTOP_DISABLE)", 1, "hwtop", "none", 1, 1, 0, {0}, 0},
    {"hwtop time only (HWTOP_EVENTS=none)", 0, "hwtop", "none", 1, 1, 0, {0}, 0},
    {"floor: 2 clock reads (rdtsc)", 0, "floor-tsc", NULL, 1, 1, 0, {0}, 0},
    {"hwtop sw group", 0, "hwtop", "sw", 1, 1, 0, {0}, 0},
    {"floor: 2 perf group reads", 0, "floor-kernel", NULL, 1, 1, 0, {0}, 0},
    {"floor: 2x thread clock+getrusage", 0, "floor-rusage", NULL, 1, 1, 0, {0}, 0},
    {"PAPI_read x2 (same events)", 0, "papi-raw", NULL, 1, 1, 0, {0}, 0},
    {"PAPI_hl_region_begin/end", 0, "papi-hl", NULL, 1, 1, 0, {0}, 0},
    {"hwtop sw, 10 regions", 0, "hwtop", "sw", 10, 1, 0, {0}, 0},
    {"hwtop sw, 100 regions", 0, "hwtop", "sw", 100, 1, 0, {0}, 0},
    {"hwtop sw, 1000 regions", 0, "hwtop", "sw", 1000, 1, 0, {0}, 0},
    {"hwtop sw, 2 threads", 0, "hwtop", "sw", 1, 2, 0, {0}, 0},
    {"hwtop sw, 4 threads", 0, "hwtop", "sw", 1, 4, 0, {0}, 0},
    {"hwtop sw, 16 threads", 0, "hwtop", "sw", 1, 16, 0, {0}, 0},
    {"floor: 2 perf group reads, 16 threads", 0, "floor-kernel", NULL, 1, 16,
     0, {0}, 0},
    {"hwtop time only, 10 regions", 0, "hwtop", "none", 10, 1, 0, {0}, 0},
    {"hwtop time only, 100 regions", 0, "hwtop", "none", 100, 1, 0, {0}, 0},
    {"hwtop time only, 1000 regions", 0, "hwtop", "none", 1000, 1, 0, {0}, 0},
    {"hwtop time only, 2 threads", 0, "hwtop", "none", 1, 2, 0, {0}, 0},
    {"hwtop time only, 4 threads", 0, "hwtop", "none", 1, 4, 0, {0}, 0},
    {"hwtop time only, 16 threads", 0, "hwtop", "none", 1, 16, 0, {0}, 0},
    {"floor: 2 clock reads, 16 threads", 0, "floor-tsc", NULL, 1, 16, 0, {0},
     0},
};
#define NVARIANTS (int)(sizeof variants / sizeof variants[0])

enum { V_OFF, V_TIME, V_TSC, V_SW, V_FLOOR_K, V_FLOOR_R, V_PAPI, V_PAPI_HL,
       V_R10, V_R100, V_R1000, V_T2, V_T4, V_T16, V_FLOOR_T16,
       V_TR10, V_TR100, V_TR1000, V_TT2, V_TT4, V_TT16, V_TSC_T16 };

/* The cheap rows (clock reads only) run 10x the pairs. */
static int
cheap(int i)
{
    return i <= V_TSC || i >= V_TR10;
}

static char self_path[4000], off_path[4096], papi_dir[64];

/* Runs one variant once; its ns per pair, or NaN when unavailable. */
static double
run_variant(const struct variant *v, long pairs)
{
    char cmd[8192], out[64];
    FILE *p;
    double ns = -1;

    snprintf(cmd, sizeof cmd,
             "HWTOP_QUIET=1 HWTOP_EVENTS=%s PAPI_OUTPUT_DIRECTORY=%s "
             "PAPI_EVENTS=perf::TASK-CLOCK,perf::PAGE-FAULTS,"
             "perf::CONTEXT-SWITCHES:k=1,perf::CPU-MIGRATIONS:k=1 "
             "'%s' --child %s %ld %d %d 2>/dev/null",
             v->events ? v->events : "none", papi_dir,
             v->off ? off_path : self_path, v->what, pairs, v->regions,
             v->threads);
    if ((p = popen(cmd, "r")) == NULL)
        return -1;
    if (fgets(out, sizeof out, p) == NULL || sscanf(out, "%lf", &ns) != 1)
        ns = -1;
    if (pclose(p) != 0)
        ns = -1;
    return ns;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double
median(const double *v, int n)
{
    double s[MAX_ROUNDS];

    memcpy(s, v, (size_t)n * sizeof *v);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n == 0 ? -1 : n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static void
minmax(const double *v, int n, double *lo, double *hi)
{
    *lo = *hi = n ? v[0] : -1;
    for (int i = 1; i < n; i++) {
        *lo = v[i] < *lo ? v[i] : *lo;
        *hi = v[i] > *hi ? v[i] : *hi;
    }
}

/* Median [min, max] of per-round ratios a/b. */
static void
print_ratio(const char *label, int a, int b)
{
    double r[MAX_ROUNDS], lo, hi;
    int n = 0;

    if (variants[a].unavailable || variants[b].unavailable) {
        printf("  %-42s not measured here (%s unavailable)\n", label,
               variants[variants[a].unavailable ? a : b].label);
        return;
    }
    for (int i = 0; i < variants[a].n && i < variants[b].n; i++)
        r[n++] = variants[a].ns[i] / variants[b].ns[i];
    minmax(r, n, &lo, &hi);
    printf("  %-42s %6.3f  [%.3f, %.3f]\n", label, median(r, n), lo, hi);
}

/* Largest over smallest median in a family, as a percentage.  With
 * floors (one per member, or NULL), the medians are of each round's
 * ratio to the floor measured in that round: the machine's drift from
 * round to round cancels out, hwtop's own cost stays. */
static void
print_flat(const char *label, const int *idx, int n, const int *floors)
{
    double lo = 1e300, hi = 0;

    for (int i = 0; i < n; i++) {
        const struct variant *v = &variants[idx[i]];
        double r[MAX_ROUNDS], m;
        int k = 0;

        if (v->unavailable || (floors && variants[floors[i]].unavailable)) {
            printf("  %-42s not measured here (%s unavailable)\n", label,
                   v->unavailable ? v->label : variants[floors[i]].label);
            return;
        }
        for (int j = 0; j < v->n && (!floors || j < variants[floors[i]].n);
             j++)
            r[k++] = floors ? v->ns[j] / variants[floors[i]].ns[j] : v->ns[j];
        m = median(r, k);
        lo = m < lo ? m : lo;
        hi = m > hi ? m : hi;
    }
    printf("  %-42s %+6.1f%% (largest vs smallest median%s)\n", label,
           100 * (hi / lo - 1), floors ? " of ratios to the floor" : "");
}

static void
print_memory(void)
{
    size_t slot = sizeof(struct hwtop_seg_slot) + sizeof(struct hwtop_seg_hist);
    size_t thread = sizeof(struct hwtop_thread) + sizeof(struct hwtop_seg_thread);
    size_t per_region = sizeof(void *); /* each thread's slot pointer */
    double total = 1000.0 * 16 * slot + 16.0 * (thread + 4096 * per_region);

    size_t tails = sizeof(((struct hwtop_seg_hist *)0)->tail);

    printf("memory: %zu bytes per (thread, region) slot (%zu of counters, "
           "%zu of histogram,\n        %zu of slow-call octaves, the last "
           "two touched only where used), %zu per\n        thread, %zu per "
           "table entry per thread;\n        1,000 regions "
           "x 16 threads: %.1f MiB of address space, bounded by the\n"
           "        segment's limits (--max-regions, --max-threads, "
           "--max-slots)\n",
           slot, sizeof(struct hwtop_seg_slot),
           sizeof(struct hwtop_seg_hist) - tails, tails, thread, per_region,
           total / (1 << 20));
}

static void
parent(int rounds, long pairs)
{
    printf("hwtop overhead: ns per begin+end pair (per-thread CPU time), "
           "median [min, max]\nof %d interleaved rounds, %ld pairs each "
           "(x10 for the cheap rows)\n\n",
           rounds, pairs);
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < NVARIANTS; i++) {
            struct variant *v = &variants[i];
            long n = cheap(i) ? pairs * 10 : pairs;
            double ns;

            if (v->unavailable)
                continue;
            ns = run_variant(v, n);
            if (ns < 0)
                v->unavailable = 1;
            else
                v->ns[v->n++] = ns;
        }
    for (int i = 0; i < NVARIANTS; i++) {
        struct variant *v = &variants[i];
        double lo, hi;

        if (v->unavailable) {
            printf("  %-38s %s\n", v->label,
                   i >= V_PAPI && i <= V_PAPI_HL
                       ? "not available: PAPI cannot count these events here"
                       : "not available: the kernel refused");
            continue;
        }
        minmax(v->ns, v->n, &lo, &hi);
        printf("  %-38s %9.1f  [%.1f, %.1f]\n", v->label, median(v->ns, v->n),
               lo, hi);
    }
    printf("\nratios, per round (median [min, max]):\n");
    print_ratio("hwtop sw / floor", V_SW,
                variants[V_FLOOR_K].unavailable ? V_FLOOR_R : V_FLOOR_K);
    print_ratio("hwtop sw / floor, 16 threads each", V_T16, V_FLOOR_T16);
    print_ratio("hwtop time only / 2 clock reads", V_TIME, V_TSC);
    print_ratio("hwtop sw / PAPI_hl", V_SW, V_PAPI_HL);
    print_ratio("hwtop sw / PAPI_read x2", V_SW, V_PAPI);
    print_ratio("hwtop time only / 2 clock reads, 16 threads", V_TT16,
                V_TSC_T16);
    printf("\nflatness (target: within 5%%):\n");
    printf(" time only (hwtop's own work, no system call to blur it):\n");
    print_flat("1, 10, 100, 1000 regions",
               (int[]){V_TIME, V_TR10, V_TR100, V_TR1000}, 4, NULL);
    print_flat("1, 10, 100, 1000 regions, over the floor",
               (int[]){V_TIME, V_TR10, V_TR100, V_TR1000}, 4,
               (int[]){V_TSC, V_TSC, V_TSC, V_TSC});
    print_flat("1, 2, 4, 16 threads", (int[]){V_TIME, V_TT2, V_TT4, V_TT16}, 4,
               NULL);
    print_flat("1 and 16 threads, over the floor", (int[]){V_TIME, V_TT16}, 2,
               (int[]){V_TSC, V_TSC_T16});
    printf(" sw group (two system calls a pair; the kernel's noise):\n");
    print_flat("1, 10, 100, 1000 regions", (int[]){V_SW, V_R10, V_R100, V_R1000},
               4, NULL);
    print_flat("1, 10, 100, 1000 regions, over floor",
               (int[]){V_SW, V_R10, V_R100, V_R1000}, 4,
               (int[]){V_FLOOR_K, V_FLOOR_K, V_FLOOR_K, V_FLOOR_K});
    print_flat("1, 2, 4, 16 threads", (int[]){V_SW, V_T2, V_T4, V_T16}, 4,
               NULL);
    print_flat("1 and 16 threads, over the floor", (int[]){V_SW, V_T16}, 2,
               (int[]){V_FLOOR_K, V_FLOOR_T16});
    print_flat("the floor itself, 1 and 16 threads",
               (int[]){V_FLOOR_K, V_FLOOR_T16}, 2, NULL);
    printf("\n");
    print_memory();
}

int
main(int argc, char **argv)
{
    int rounds = 9;
    long pairs = 100000;
    ssize_t len;

    if (argc == 6 && strcmp(argv[1], "--child") == 0)
        return child(argv[2], atol(argv[3]), atoi(argv[4]), atoi(argv[5]));
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--rounds") == 0)
            rounds = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--pairs") == 0)
            pairs = atol(argv[i + 1]) / 1000 * 1000;
    }
    if (rounds < 1 || rounds > MAX_ROUNDS || pairs < 1000) {
        fprintf(stderr, "usage: overhead [--rounds 1..%d] [--pairs N>=1000]\n",
                MAX_ROUNDS);
        return 2;
    }
    len = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    if (len <= 0)
        return 1;
    self_path[len] = '\0';
    snprintf(off_path, sizeof off_path, "%s_off", self_path);
    snprintf(papi_dir, sizeof papi_dir, "/tmp/hwtop-overhead-%d", getpid());
    parent(rounds, pairs);
    rmdir(papi_dir);
    return 0;
}
