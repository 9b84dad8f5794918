/* SPDX-License-Identifier: MIT */
/* test_kernel.c: `hwtop topo --format csv` agrees with the kernel's sysfs. */
#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "csvread.h"

/*
 * usage: test_topo_kernel HWTOP [FAKE_ROOT]
 *
 * Runs HWTOP topo --format csv and checks every cache it lists against
 * /sys/devices/system/cpu/cpu[N]/cache/index[M] (level, type, size, line,
 * ways, shared_cpu_list), the cores against topology/core_id and
 * physical_package_id, the PUs against the online CPUs, sysconf and
 * nproc.  Some kernels (this VM's among them) have no cache directory:
 * the caches are then checked against cpuid as glibc reads it (sysconf
 * _SC_LEVEL*), and said so.
 *
 * With FAKE_ROOT, writes the /sys of an imaginary machine there (2
 * packages of 3 cores with 2 threads, 1.25 MiB L2s, 30 MiB L3s) and
 * runs hwtop on it (HWLOC_FSROOT, x86 cpuid off): the same checks then
 * run on a sysfs that has caches, whatever this machine's kernel has.
 */

#define MAX_CPUS 1024

struct cpuset {
    bool on[MAX_CPUS];
};

static const char *root = ""; /* prefix of /sys */
static struct csv_table csv;
static int c_type, c_level, c_ctype, c_os, c_size, c_line, c_ways, c_cpuset;

static char *
slurp(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    size_t n;

    if (f == NULL)
        return NULL;
    n = fread(buf, 1, len - 1, f);
    fclose(f);
    buf[n] = '\0';
    while (n > 0 && isspace((unsigned char)buf[n - 1]))
        buf[--n] = '\0';
    return buf;
}

static char *
sys_read(char *buf, size_t len, const char *fmt, int a, int b)
{
    char rel[256], path[1024];

    snprintf(rel, sizeof rel, fmt, a, b);
    snprintf(path, sizeof path, "%s/sys/devices/system/cpu/%s", root, rel);
    return slurp(path, buf, len);
}

/* "0-3,8,10-11" */
static int
parse_list(const char *s, struct cpuset *set)
{
    memset(set, 0, sizeof *set);
    while (*s != '\0') {
        char *end;
        long a = strtol(s, &end, 10), b = a;

        if (end == s)
            return -1;
        if (*end == '-')
            b = strtol(end + 1, &end, 10);
        for (long i = a; i <= b && i < MAX_CPUS; i++)
            if (i >= 0)
                set->on[i] = true;
        s = *end == ',' ? end + 1 : end;
        if (*end != ',' && *end != '\0')
            return -1;
    }
    return 0;
}

static int
count(const struct cpuset *set)
{
    int n = 0;

    for (int i = 0; i < MAX_CPUS; i++)
        n += set->on[i];
    return n;
}

/* "48K", "1280K", "30M" */
static long long
parse_size(const char *s)
{
    char *end;
    long long v = strtoll(s, &end, 10);

    if (*end == 'K')
        v <<= 10;
    else if (*end == 'M')
        v <<= 20;
    else if (*end == 'G')
        v <<= 30;
    return v;
}

static const char *
field(int row, int col)
{
    return csv.records[row].fields[col].p;
}

static void
run_hwtop(const char *hwtop)
{
    char cmd[4200], err[256], *buf = malloc(1 << 20);
    size_t n = 0, r;
    FILE *p;

    CHECK(buf != NULL);
    snprintf(cmd, sizeof cmd, "'%s' topo --format csv", hwtop);
    p = popen(cmd, "r");
    CHECK(p != NULL);
    while ((r = fread(buf + n, 1, (1 << 20) - 1 - n, p)) > 0)
        n += r;
    CHECK_EQ(pclose(p), 0);
    if (csv_parse(buf, n, &csv, err, sizeof err) != 0)
        FAIL("hwtop topo --format csv: %s", err);
    free(buf);
    c_type = csv_column(&csv, "type");
    c_level = csv_column(&csv, "level");
    c_ctype = csv_column(&csv, "cache_type");
    c_os = csv_column(&csv, "os_index");
    c_size = csv_column(&csv, "size_bytes");
    c_line = csv_column(&csv, "line_bytes");
    c_ways = csv_column(&csv, "ways");
    c_cpuset = csv_column(&csv, "cpuset");
    CHECK(c_type >= 0 && c_level >= 0 && c_ctype >= 0 && c_os >= 0 &&
          c_size >= 0 && c_line >= 0 && c_ways >= 0 && c_cpuset >= 0);
    CHECK(csv.nrecords > 2);
}

static int
rows_of(const char *type)
{
    int n = 0;

    for (int r = 1; r < csv.nrecords; r++)
        n += strcmp(field(r, c_type), type) == 0;
    return n;
}

/* The cache row with this level, type and cpuset, or -1. */
static int
find_cache(int level, const char *ctype, const struct cpuset *set)
{
    for (int r = 1; r < csv.nrecords; r++) {
        struct cpuset s;

        if (strcmp(field(r, c_type), "cache") != 0 ||
            atoi(field(r, c_level)) != level ||
            strcmp(field(r, c_ctype), ctype) != 0 ||
            parse_list(field(r, c_cpuset), &s) != 0)
            continue;
        if (memcmp(&s, set, sizeof s) == 0)
            return r;
    }
    return -1;
}

/* One kernel cache (cpu, index) against its CSV row; returns the row. */
static int
check_one_cache(int cpu, int idx)
{
    char level[32], type[32], size[32], list[4096], line[32], ways[32];
    const char *ctype;
    struct cpuset set;
    int row;

    CHECK(sys_read(level, sizeof level, "cpu%d/cache/index%d/level", cpu,
                   idx) != NULL);
    CHECK(sys_read(type, sizeof type, "cpu%d/cache/index%d/type", cpu, idx));
    CHECK(sys_read(size, sizeof size, "cpu%d/cache/index%d/size", cpu, idx));
    CHECK(sys_read(list, sizeof list, "cpu%d/cache/index%d/shared_cpu_list",
                   cpu, idx));
    CHECK_EQ(parse_list(list, &set), 0);
    ctype = strcmp(type, "Data") == 0          ? "data"
            : strcmp(type, "Instruction") == 0 ? "instruction"
                                               : "unified";
    row = find_cache(atoi(level), ctype, &set);
    if (row < 0)
        FAIL("cpu%d index%d: L%s %s shared by %s: no such cache in hwtop's "
             "CSV",
             cpu, idx, level, type, list);
    CHECK_EQ(atoll(field(row, c_size)), parse_size(size));
    if (sys_read(line, sizeof line, "cpu%d/cache/index%d/coherency_line_size",
                 cpu, idx) != NULL &&
        field(row, c_line)[0] != '\0')
        CHECK_EQ(atoi(field(row, c_line)), atoi(line));
    if (sys_read(ways, sizeof ways, "cpu%d/cache/index%d/ways_of_associativity",
                 cpu, idx) != NULL &&
        atoi(ways) > 0 && field(row, c_ways)[0] != '\0' &&
        atoi(field(row, c_ways)) > 0)
        CHECK_EQ(atoi(field(row, c_ways)), atoi(ways));
    return row;
}

/* Every cache of every online CPU; returns how many the kernel lists (0
 * when it has no cache directories). */
static int
check_kernel_caches(const struct cpuset *online)
{
    bool *seen = calloc((size_t)csv.nrecords, sizeof *seen);
    int nkernel = 0, nseen = 0;
    char buf[64];

    CHECK(seen != NULL);
    for (int cpu = 0; cpu < MAX_CPUS; cpu++)
        for (int idx = 0; online->on[cpu] && idx < 32; idx++) {
            int row;

            if (sys_read(buf, sizeof buf, "cpu%d/cache/index%d/level", cpu,
                         idx) == NULL)
                break;
            row = check_one_cache(cpu, idx);
            nkernel++;
            nseen += !seen[row];
            seen[row] = true;
        }
    /* No cache in the CSV that the kernel does not know. */
    if (nkernel > 0)
        CHECK_EQ(nseen, rows_of("cache"));
    free(seen);
    return nkernel;
}

/* The cache row of this level and type above CPU cpu, or -1. */
static int
cache_of_cpu(int level, const char *ctype, int cpu)
{
    for (int r = 1; r < csv.nrecords; r++) {
        struct cpuset s;

        if (strcmp(field(r, c_type), "cache") == 0 &&
            atoi(field(r, c_level)) == level &&
            strcmp(field(r, c_ctype), ctype) == 0 &&
            parse_list(field(r, c_cpuset), &s) == 0 && s.on[cpu])
            return r;
    }
    return -1;
}

/* No cache directories in sysfs: cpuid, as glibc reads it. */
static void
check_cpuid_caches(int cpu)
{
    static const struct {
        int size, line, assoc, level;
        const char *ctype;
    } levels[] = {
        {_SC_LEVEL1_DCACHE_SIZE, _SC_LEVEL1_DCACHE_LINESIZE,
         _SC_LEVEL1_DCACHE_ASSOC, 1, "data"},
        {_SC_LEVEL1_ICACHE_SIZE, _SC_LEVEL1_ICACHE_LINESIZE,
         _SC_LEVEL1_ICACHE_ASSOC, 1, "instruction"},
        {_SC_LEVEL2_CACHE_SIZE, _SC_LEVEL2_CACHE_LINESIZE,
         _SC_LEVEL2_CACHE_ASSOC, 2, "unified"},
        {_SC_LEVEL3_CACHE_SIZE, _SC_LEVEL3_CACHE_LINESIZE,
         _SC_LEVEL3_CACHE_ASSOC, 3, "unified"},
        {_SC_LEVEL4_CACHE_SIZE, _SC_LEVEL4_CACHE_LINESIZE,
         _SC_LEVEL4_CACHE_ASSOC, 4, "unified"},
    };
    int checked = 0;

    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        long size = sysconf(levels[i].size), line = sysconf(levels[i].line);
        long assoc = sysconf(levels[i].assoc);
        int row;

        if (size <= 0)
            continue;
        row = cache_of_cpu(levels[i].level, levels[i].ctype, cpu);
        if (row < 0)
            FAIL("cpuid has an L%d %s cache of %ld bytes, hwtop none",
                 levels[i].level, levels[i].ctype, size);
        CHECK_EQ(atoll(field(row, c_size)), size);
        if (line > 0)
            CHECK_EQ(atoi(field(row, c_line)), line);
        if (assoc > 0 && atoi(field(row, c_ways)) > 0)
            CHECK_EQ(atoi(field(row, c_ways)), assoc);
        checked++;
        printf("L%d %s: %ld bytes, as cpuid says\n", levels[i].level,
               levels[i].ctype, size);
    }
    if (checked == 0)
        printf("note: no cache size from sysfs nor cpuid: not compared\n");
}

/* Cores: the distinct sets of hardware threads the kernel lists. */
static void
check_cores(const struct cpuset *online)
{
    static struct cpuset cores[MAX_CPUS];
    int n = 0;
    char list[4096];

    for (int cpu = 0; cpu < MAX_CPUS; cpu++) {
        struct cpuset s;
        bool dup = false;

        if (!online->on[cpu])
            continue;
        if (sys_read(list, sizeof list, "cpu%d/topology/thread_siblings_list",
                     cpu, 0) == NULL) {
            printf("note: no topology/thread_siblings_list: cores not "
                   "compared\n");
            return;
        }
        CHECK_EQ(parse_list(list, &s), 0);
        for (int k = 0; k < n && !dup; k++)
            dup = memcmp(&cores[k], &s, sizeof s) == 0;
        if (!dup)
            cores[n++] = s;
    }
    CHECK_EQ(rows_of("core"), n);
    printf("cores: %d, as the kernel says\n", n);
}

/* PUs: the online CPUs, by number; nproc and sysconf on this machine. */
static void
check_pus(const struct cpuset *online, bool fake)
{
    struct cpuset pus;
    cpu_set_t aff;
    int npus = rows_of("pu");

    memset(&pus, 0, sizeof pus);
    for (int r = 1; r < csv.nrecords; r++)
        if (strcmp(field(r, c_type), "pu") == 0) {
            int os = atoi(field(r, c_os));

            CHECK(os >= 0 && os < MAX_CPUS);
            pus.on[os] = true;
        }
    CHECK_EQ(sched_getaffinity(0, sizeof aff, &aff), 0);
    if (!fake && memcmp(&pus, online, sizeof pus) != 0) {
        /* A cgroup cpuset: hwloc shows the CPUs this process may use. */
        for (int cpu = 0; cpu < MAX_CPUS; cpu++)
            if (pus.on[cpu] != (cpu < CPU_SETSIZE && CPU_ISSET(cpu, &aff)))
                FAIL("PU %d: in hwtop %d, online %d, allowed %d", cpu,
                     pus.on[cpu], online->on[cpu],
                     cpu < CPU_SETSIZE && CPU_ISSET(cpu, &aff));
        printf("note: PUs are the %d CPUs this process may use, of %d "
               "online\n",
               npus, count(online));
        return;
    }
    CHECK_EQ(npus, count(online));
    CHECK(memcmp(&pus, online, sizeof pus) == 0);
    if (!fake) {
        CHECK_EQ(npus, sysconf(_SC_NPROCESSORS_ONLN));
        CHECK_EQ(npus, CPU_COUNT(&aff)); /* nproc */
        printf("PUs: %d, as the online list, sysconf and nproc say\n", npus);
    }
}

static void
put(const char *dir, const char *rel, const char *text)
{
    char path[1024], *slash;
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, rel);
    for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL;
         slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            FAIL("mkdir %s: %s", path, strerror(errno));
        *slash = '/';
    }
    f = fopen(path, "w");
    if (f == NULL)
        FAIL("%s: %s", path, strerror(errno));
    fprintf(f, "%s\n", text);
    fclose(f);
}

/* One cache of the imaginary machine: index, level, type, KiB, ways,
 * shared by CPUs first..last. */
static void
put_cache(const char *dir, int cpu, int idx, const char *spec)
{
    char rel[256], v[64], type[16];
    int level, kib, ways, first, last;

    sscanf(spec, "%d %15s %d %d %d %d", &level, type, &kib, &ways, &first,
           &last);
#define PUT(name, ...)                                                         \
    do {                                                                       \
        snprintf(rel, sizeof rel,                                              \
                 "sys/devices/system/cpu/cpu%d/cache/index%d/" name, cpu,      \
                 idx);                                                         \
        snprintf(v, sizeof v, __VA_ARGS__);                                    \
        put(dir, rel, v);                                                      \
    } while (0)
    PUT("level", "%d", level);
    PUT("type", "%s", type);
    PUT("size", "%dK", kib);
    PUT("ways_of_associativity", "%d", ways);
    PUT("coherency_line_size", "64");
    PUT("physical_line_partition", "1");
    PUT("number_of_sets", "%d", kib * 1024 / (ways * 64));
    PUT("shared_cpu_list", "%d-%d", first, last);
    PUT("shared_cpu_map", "%x", ((1u << (last - first + 1)) - 1) << first);
#undef PUT
}

/* 2 packages x 3 cores x 2 threads: per core L1d 48K, L1i 32K, L2 1280K;
 * per package L3 30M and a NUMA node of 8 GiB. */
static void
write_fake(const char *dir)
{
    char rel[256], v[256];

    put(dir, "sys/devices/system/cpu/online", "0-11");
    put(dir, "sys/devices/system/cpu/possible", "0-11");
    put(dir, "sys/devices/system/cpu/present", "0-11");
    for (int cpu = 0; cpu < 12; cpu++) {
        int pkg = cpu / 6, t0 = cpu - cpu % 2, p0 = pkg * 6;
        char spec[64];

#define TOPO(name, ...)                                                        \
    do {                                                                       \
        snprintf(rel, sizeof rel, "sys/devices/system/cpu/cpu%d/topology/%s",  \
                 cpu, name);                                                   \
        snprintf(v, sizeof v, __VA_ARGS__);                                    \
        put(dir, rel, v);                                                      \
    } while (0)
        TOPO("physical_package_id", "%d", pkg);
        TOPO("core_id", "%d", (cpu % 6) / 2);
        TOPO("thread_siblings_list", "%d-%d", t0, t0 + 1);
        TOPO("thread_siblings", "%x", 3u << t0);
        TOPO("core_cpus_list", "%d-%d", t0, t0 + 1);
        TOPO("core_cpus", "%x", 3u << t0);
        TOPO("core_siblings_list", "%d-%d", p0, p0 + 5);
        TOPO("core_siblings", "%x", 63u << p0);
        TOPO("package_cpus_list", "%d-%d", p0, p0 + 5);
        TOPO("package_cpus", "%x", 63u << p0);
#undef TOPO
        snprintf(spec, sizeof spec, "1 Data 48 12 %d %d", t0, t0 + 1);
        put_cache(dir, cpu, 0, spec);
        snprintf(spec, sizeof spec, "1 Instruction 32 8 %d %d", t0, t0 + 1);
        put_cache(dir, cpu, 1, spec);
        snprintf(spec, sizeof spec, "2 Unified 1280 10 %d %d", t0, t0 + 1);
        put_cache(dir, cpu, 2, spec);
        snprintf(spec, sizeof spec, "3 Unified 30720 12 %d %d", p0, p0 + 5);
        put_cache(dir, cpu, 3, spec);
    }
    put(dir, "sys/devices/system/node/online", "0-1");
    put(dir, "sys/devices/system/node/possible", "0-1");
    for (int n = 0; n < 2; n++) {
        snprintf(rel, sizeof rel, "sys/devices/system/node/node%d/cpumap", n);
        snprintf(v, sizeof v, "%x", 63u << (6 * n));
        put(dir, rel, v);
        snprintf(rel, sizeof rel, "sys/devices/system/node/node%d/meminfo", n);
        snprintf(v, sizeof v, "Node %d MemTotal:       8388608 kB", n);
        put(dir, rel, v);
    }
    put(dir, "proc/cpuinfo", "processor\t: 0\nmodel name\t: Imaginary CPU");
}

int
main(int argc, char **argv)
{
    struct cpuset online;
    char list[4096];
    bool fake = argc == 3;

    if (argc != 2 && argc != 3)
        FAIL("usage: test_topo_kernel HWTOP [FAKE_ROOT]");
    if (fake) {
        if (mkdir(argv[2], 0755) != 0 && errno != EEXIST)
            FAIL("mkdir %s: %s", argv[2], strerror(errno));
        write_fake(argv[2]);
        root = argv[2];
        /* hwloc reads that /sys, and no cpuid of this machine. */
        setenv("HWLOC_FSROOT", argv[2], 1);
        setenv("HWLOC_COMPONENTS", "-x86", 1);
    }
    run_hwtop(argv[1]);
    if (sys_read(list, sizeof list, "online", 0, 0) == NULL)
        SKIP("no %s/sys/devices/system/cpu/online: not Linux sysfs", root);
    CHECK_EQ(parse_list(list, &online), 0);
    check_pus(&online, fake);
    check_cores(&online);
    if (fake) {
        CHECK_EQ(rows_of("package"), 2);
        CHECK_EQ(rows_of("numa"), 2);
        for (int r = 1; r < csv.nrecords; r++)
            if (strcmp(field(r, c_type), "numa") == 0)
                CHECK_EQ(atoll(field(r, c_size)), 8ll << 30);
        printf("PUs: 12, packages and NUMA nodes: 2, as the fake sysfs "
               "says\n");
    }
    if (check_kernel_caches(&online) > 0) {
        printf("caches: every one of %d agrees with sysfs\n", rows_of("cache"));
    } else if (fake) {
        FAIL("the fake sysfs has caches, none was checked");
    } else {
        printf("note: this kernel has no /sys/devices/system/cpu/*/cache: "
               "comparing with cpuid (glibc's sysconf) instead\n");
        for (int cpu = 0; cpu < MAX_CPUS; cpu++)
            if (online.on[cpu]) {
                check_cpuid_caches(cpu);
                break;
            }
    }
    csv_table_fini(&csv);
    printf("ok\n");
    return 0;
}
