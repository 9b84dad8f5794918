/* SPDX-License-Identifier: MIT */
/* options.c: getopt_long parsing; everything after the program is its own. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "geometry.h"
#include "hwtop.h"
#include "json.h"
#include "segment.h"

enum {
    OPT_EXIT = 256,
    OPT_MAX_REGIONS,
    OPT_MAX_THREADS,
    OPT_MAX_SLOTS,
    OPT_SIM,
    OPT_SIM_EXACT,
    OPT_KEEP_SIM,
    OPT_SIM_CACHE,
    OPT_WHAT_IF,
    OPT_FORMAT,
    OPT_TUI_RANK,
};

static const struct option long_opts[] = {
    {"events", required_argument, NULL, 'e'},
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"delay", required_argument, NULL, 'd'},
    {"batch", no_argument, NULL, 'b'},
    {"interval", required_argument, NULL, 'I'},
    {"repeat", required_argument, NULL, 'r'},
    {"exit", no_argument, NULL, OPT_EXIT},
    {"tui-rank", required_argument, NULL, OPT_TUI_RANK},
    {"max-regions", required_argument, NULL, OPT_MAX_REGIONS},
    {"max-threads", required_argument, NULL, OPT_MAX_THREADS},
    {"max-slots", required_argument, NULL, OPT_MAX_SLOTS},
    {"what-if", required_argument, NULL, OPT_WHAT_IF},
    {"sim", no_argument, NULL, OPT_SIM},
    {"sim-exact", no_argument, NULL, OPT_SIM_EXACT},
    {"keep-sim", required_argument, NULL, OPT_KEEP_SIM},
    {"sim-cache", required_argument, NULL, OPT_SIM_CACHE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

void
options_usage(FILE *f)
{
    fputs(
        "Usage: hwtop [OPTIONS] [--] PROGRAM [ARGS...]\n"
        "  or:  hwtop COMMAND [ARGS...]\n"
        "Run PROGRAM and show, live, what each PERF_REGION does to the\n"
        "hardware: cache misses, branch mispredicts, IPC, software counters.\n"
        "\n"
        "Commands ('hwtop COMMAND --help' for each):\n"
        "  demo                probes with known effects, live (also: hwtop)\n"
        "  topo                this machine: caches, cores, who shares what\n"
        "  diff A.csv B.csv    what changed between two reports, per region\n"
        "  report FILE.csv     a saved report as a table\n"
        "  merge RANK.csv...   an MPI job's reports: imbalance per region\n"
        "\n"
        "Options:\n"
        "  -e, --events LIST   groups (default, ipc, branch, cache, sw) or\n"
        "                      PAPI event names, comma separated\n"
        "                      (default: $HWTOP_EVENTS, else 'default')\n"
        "  -o, --output FILE   write the report to FILE at the end: CSV and\n"
        "                      FILE.meta.json, or JSON when FILE ends in .json\n"
        "                      (%r: MPI rank, %h: host, %p: pid; docs/mpi.md)\n"
        "      --format F      the report's format, csv or json (docs/json.md)\n"
        "  -d, --delay SECS    refresh every SECS seconds (default 1.0)\n"
        "  -b, --batch         no TUI: print a table at the end (chosen when\n"
        "                      stdout is not a terminal)\n"
        "  -I, --interval MS   batch mode, printing a table every MS ms\n"
        "      --exit          leave the TUI when the program ends\n"
        "      --tui-rank N    under mpirun or srun, rank N shows the TUI; the\n"
        "                      others run in batch mode (default: none)\n"
        "      --what-if REGION=S  after the table: the whole program's\n"
        "                      speedup if REGION were S times faster (or inf)\n"
        "  -r, --repeat N      run the program N times; the report has each\n"
        "                      region's mean and spread (min, median, max,\n"
        "                      cv), noisy regions marked\n"
        "      --max-regions N, --max-threads N, --max-slots N\n"
        "                      size the shared segment (defaults 4096, 512,\n"
        "                      32768 (thread, region) pairs)\n"
        "      --sim           no counters here? run PROGRAM under valgrind's\n"
        "                      callgrind: simulated caches and branches per\n"
        "                      region (sim_* columns; 20-100x slower)\n"
        "      --sim-exact     with --sim: mark every call (no sampling)\n"
        "      --sim-cache C   with --sim: 'default' (valgrind's), 'hwloc'\n"
        "                      (this machine's), or I1=SIZE,WAYS,LINE,D1=..,LL=..\n"
        "      --keep-sim DIR  with --sim: keep callgrind's dumps in DIR\n"
        "  -h, --help          this help;  -V, --version  the version\n"
        "\n"
        "Exit status: the program's (128+N when signal N killed it; 127 not\n"
        "found, or --sim without valgrind; 126 not executable); 2 for usage\n"
        "errors; 1 hwtop failed.\n"
        "\n"
        "Manual: man hwtop (this command), man 3 hwtop (the macros and the\n"
        "environment of instrumented programs).\n",
        f);
}

static int
usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "hwtop: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'hwtop --help' for more information.\n");
    return 2;
}

static int
parse_u32(const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || end == s || *end != '\0' || s[0] == '-' || v < lo || v > hi)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* --sim and its options (each implies --sim). */
static int
parse_sim(int c, struct options *o)
{
    struct sim_geometry g;
    char err[300];

    o->sim = true;
    if (c == OPT_SIM_EXACT)
        o->sim_exact = true;
    if (c == OPT_KEEP_SIM) {
        if (*optarg == '\0')
            return usage_error("--keep-sim: empty directory name%s", "");
        o->sim_keep = optarg;
    }
    if (c == OPT_SIM_CACHE) {
        if (strcmp(optarg, "hwloc") != 0 && strcmp(optarg, "default") != 0 &&
            sim_geometry_parse(optarg, &g, err, sizeof err) != 0)
            return usage_error("%s", err);
        o->sim_cache = optarg;
    }
    return 0;
}

/* --what-if REGION=S: S a speedup > 0, or inf; the last '=' splits. */
static int
parse_what_if(struct options *o, char *arg)
{
    char *eq = strrchr(arg, '='), *end;
    double s;

    if (eq == NULL || eq == arg || o->nwhatif == 8)
        return usage_error("--what-if '%s': REGION=SPEEDUP (at most 8)", arg);
    if (strcmp(eq + 1, "inf") == 0) {
        s = INFINITY;
    } else {
        s = strtod(eq + 1, &end);
        if (end == eq + 1 || *end != '\0' || !(s > 0) || isinf(s))
            return usage_error("--what-if '%s': the speedup is a number > 0 "
                               "or inf",
                               arg);
    }
    *eq = '\0';
    o->whatif_region[o->nwhatif] = arg;
    o->whatif_speedup[o->nwhatif++] = s;
    return 0;
}

static int
parse_one(int c, struct options *o)
{
    char *end;
    uint32_t v;

    switch (c) {
    case 'e':
        o->events = optarg;
        return 0;
    case 'o':
        if (*optarg == '\0')
            return usage_error("-o: empty file name%s", "");
        o->output = optarg;
        return 0;
    case 'd':
        o->delay_s = strtod(optarg, &end);
        if (end == optarg || *end != '\0' || !isfinite(o->delay_s) ||
            o->delay_s < 0.05 || o->delay_s > 3600)
            return usage_error("-d '%s': a delay in seconds, 0.05 to 3600",
                               optarg);
        return 0;
    case 'b':
        o->batch = true;
        return 0;
    case 'I':
        if (parse_u32(optarg, 10, 3600000, &v) != 0)
            return usage_error("-I '%s': milliseconds, 10 to 3600000", optarg);
        o->interval_ms = (int)v;
        return 0;
    case OPT_EXIT:
        o->exit_at_end = true;
        return 0;
    case 'r':
        if (parse_u32(optarg, 1, 64, &v) != 0)
            return usage_error("-r '%s': runs, 1 to 64", optarg);
        o->repeats = (int)v;
        return 0;
    case OPT_MAX_REGIONS:
        return parse_u32(optarg, 1, 1u << 20, &o->max_regions)
                   ? usage_error("--max-regions '%s': 1 to 1048576", optarg)
                   : 0;
    case OPT_MAX_THREADS:
        return parse_u32(optarg, 1, 1u << 16, &o->max_threads)
                   ? usage_error("--max-threads '%s': 1 to 65536", optarg)
                   : 0;
    case OPT_MAX_SLOTS:
        return parse_u32(optarg, 1, 1u << 22, &o->max_slots)
                   ? usage_error("--max-slots '%s': 1 to 4194304", optarg)
                   : 0;
    case OPT_SIM:
    case OPT_SIM_EXACT:
    case OPT_KEEP_SIM:
    case OPT_SIM_CACHE:
        return parse_sim(c, o);
    case OPT_WHAT_IF:
        return parse_what_if(o, optarg);
    case OPT_TUI_RANK:
        if (parse_u32(optarg, 0, RANK_MAX - 1, &v) != 0)
            return usage_error("--tui-rank '%s': a rank, 0 or more", optarg);
        o->tui_rank = (int)v;
        return 0;
    case OPT_FORMAT:
        if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "json") != 0)
            return usage_error("--format '%s': csv or json", optarg);
        o->format = optarg;
        return 0;
    case 'h':
        options_usage(stdout);
        return 1;
    case 'V':
        printf("hwtop %d.%d.%d\n"
               "Copyright (C) 2026 the hwtop authors.\n"
               "License MIT: <https://opensource.org/license/mit>.\n"
               "This is free software: you are free to change and "
               "redistribute it.\n"
               "There is NO WARRANTY, to the extent permitted by law.\n",
               HWTOP_VERSION_MAJOR, HWTOP_VERSION_MINOR, HWTOP_VERSION_PATCH);
        return 1;
    default:
        fprintf(stderr, "Try 'hwtop --help' for more information.\n");
        return 2;
    }
}

int
options_parse(int argc, char **argv, struct options *o)
{
    int c, rc;

    memset(o, 0, sizeof o[0]);
    o->delay_s = 1.0;
    o->repeats = 1;
    o->tui_rank = -1;
    o->max_regions = HWTOP_SEG_DEFAULT_REGIONS;
    o->max_threads = HWTOP_SEG_DEFAULT_THREADS;
    o->max_slots = HWTOP_SEG_DEFAULT_SLOTS;
    o->events = getenv("HWTOP_EVENTS");
    /* '+': stop at the first non-option, the program.  getopt names
     * argv[0] in its messages: make them start "hwtop:". */
    argv[0] = (char *)"hwtop";
    optind = 1;
    opterr = 1;
    while ((c = getopt_long(argc, argv, "+e:o:d:bI:r:hV", long_opts, NULL)) !=
           -1)
        if ((rc = parse_one(c, o)) != 0)
            return rc;
    if (optind >= argc)
        return usage_error("no program to run%s", "");
    if (o->format != NULL && o->output == NULL)
        return usage_error("--format %s: which file? (-o FILE)", o->format);
    o->json = o->format != NULL ? strcmp(o->format, "json") == 0
                                : o->output != NULL && json_path(o->output);
    o->argv = argv + optind;
    if ((rc = mpi_setup(o)) != 0) /* may choose batch mode */
        return rc;
    /* Periodic tables are a batch feature, like perf stat -I. */
    if (!isatty(STDOUT_FILENO) || o->interval_ms)
        o->batch = true;
    return 0;
}
