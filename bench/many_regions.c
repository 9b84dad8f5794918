/* SPDX-License-Identifier: MIT */
/* many_regions.c: NTHREADS threads cycling through NREGIONS regions, for
 * measuring what hwtop itself costs while it watches (observer_cpu.sh). */
#include <hwtop.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds = 5;
static int nregions = 1000;
static char (*names)[24];

static double
now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *
worker(void *arg)
{
    volatile unsigned sink = 0;
    double end = now_s() + seconds;

    (void)arg;
    while (now_s() < end)
        for (int r = 0; r < nregions; r++) {
            hwtop_region_begin(names[r]);
            for (int i = 0; i < 200; i++)
                sink += (unsigned)i;
            hwtop_region_end(names[r]);
        }
    return NULL;
}

int
main(int argc, char **argv)
{
    int nthreads = argc > 2 ? atoi(argv[2]) : 16;
    pthread_t t[256];

    if (argc > 1)
        seconds = atof(argv[1]);
    if (argc > 3)
        nregions = atoi(argv[3]);
    if (nthreads < 1 || nthreads > 256 || nregions < 1 || nregions > 100000) {
        fprintf(stderr, "usage: many_regions [SECONDS] [THREADS<=256] "
                        "[REGIONS]\n");
        return 2;
    }
    names = calloc((size_t)nregions, sizeof *names);
    for (int r = 0; r < nregions; r++)
        snprintf(names[r], sizeof names[r], "region_%04d", r);
    for (int i = 0; i < nthreads; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < nthreads; i++)
        pthread_join(t[i], NULL);
    free(names);
    return 0;
}
