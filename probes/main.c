/* SPDX-License-Identifier: MIT */
/* main.c: the command line of one probe program (PROBE_ENTRY, from CMake). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

#ifndef PROBE_ENTRY
#error "PROBE_ENTRY must name the probe function (probes/CMakeLists.txt)"
#endif

#define STR2(x) #x
#define STR(x) STR2(x)

static void
usage(FILE *f, const char *prog)
{
    fprintf(f,
            "Usage: %s [--quick] [--reps N] [--max-mb N]\n"
            "A probe of known hardware behaviour (%s): a region per case,\n"
            "run it under hwtop, or alone with HWTOP_CSV=report.csv.\n"
            "  --quick     fewer, shorter repetitions\n"
            "  --reps N    repetitions of each case (best one is shown)\n"
            "  --max-mb N  cache_sweep: largest working set, MiB "
            "(default %llu)\n",
            prog, STR(PROBE_ENTRY),
            (unsigned long long)(PROBE_DEFAULT_MAX_BYTES >> 20));
}

int
main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"quick", no_argument, NULL, 'q'},
        {"reps", required_argument, NULL, 'r'},
        {"max-mb", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct probe_opts o = {0};
    int c;

    while ((c = getopt_long(argc, argv, "qr:m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'q':
            o.quick = true;
            break;
        case 'r':
            o.reps = atoi(optarg) > 0 ? atoi(optarg) : 1;
            break;
        case 'm':
            o.max_bytes = (uint64_t)(atoi(optarg) > 0 ? atoi(optarg) : 1) << 20;
            break;
        case 'h':
            usage(stdout, argv[0]);
            return 0;
        default:
            usage(stderr, argv[0]);
            return 2;
        }
    }
    return PROBE_ENTRY(&o) == 0 ? 0 : 1;
}
