/* SPDX-License-Identifier: MIT */
/* snapshot_cost.c: what one snapshot of N regions x T threads costs the
 * reader (hwtop's refresh), while the threads write and when they stop. */
#include <hwtop.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "reader.h"
#include "state.h"

static int nregions = 1000;
static volatile int stop;
static char (*names)[24];

static double
cpu_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void *
worker(void *arg)
{
    volatile unsigned sink = 0;

    (void)arg;
    do
        for (int r = 0; r < nregions; r++) {
            hwtop_region_begin(names[r]);
            for (int i = 0; i < 200; i++)
                sink += (unsigned)i;
            hwtop_region_end(names[r]);
        }
    while (!stop);
    return NULL;
}

/* Median CPU ms of n snapshots. */
static double
measure(int n, int *rows, bool percentiles)
{
    double t[256];

    if (n > 256)
        n = 256;
    struct reader_opts o = {.open_flag = SNAP_OPEN_NOW,
                            .skip_percentiles = !percentiles};

    for (int i = 0; i < n; i++) {
        struct snapshot s;
        const char *why;
        double t0 = cpu_ms();

        if (reader_take(hwtop__proc.seg, hwtop__proc.seg_bytes, &o, &s,
                        &why) != 0) {
            fprintf(stderr, "reader_take: %s\n", why);
            exit(1);
        }
        t[i] = cpu_ms() - t0;
        *rows = s.nrows;
        snapshot_fini(&s);
        for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
            double x = t[j];

            t[j] = t[j - 1];
            t[j - 1] = x;
        }
    }
    return t[n / 2];
}

int
main(int argc, char **argv)
{
    int nthreads = argc > 1 ? atoi(argv[1]) : 16, rows = 0;
    pthread_t th[256];
    struct timespec warm = {1, 0};
    double busy, idle, bare;

    /* As the hwtop launcher does: snapshots stay on the heap. */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    if (argc > 2)
        nregions = atoi(argv[2]);
    if (nthreads < 1 || nthreads > 256 || nregions < 1 || nregions > 4000) {
        fprintf(stderr, "usage: snapshot_cost [THREADS<=256] [REGIONS<=4000]\n");
        return 2;
    }
    names = calloc((size_t)nregions, sizeof *names);
    for (int r = 0; r < nregions; r++)
        snprintf(names[r], sizeof names[r], "region_%04d", r);
    hwtop_region_begin("main");
    for (int i = 0; i < nthreads; i++)
        pthread_create(&th[i], NULL, worker, NULL);
    nanosleep(&warm, NULL);
    busy = measure(9, &rows, true);
    stop = 1;
    for (int i = 0; i < nthreads; i++)
        pthread_join(th[i], NULL);
    idle = measure(9, &rows, true);
    bare = measure(9, &rows, false);
    /* PROFILE=N: N more bare snapshots, for a profiler to look at. */
    for (int i = getenv("PROFILE") ? atoi(getenv("PROFILE")) : 0; i > 0;
         i -= 200)
        measure(i < 200 ? i : 200, &rows, false);
    hwtop_region_end("main");
    printf("snapshot of %d rows (%d regions x %d threads), reader CPU per "
           "snapshot, median of 9:\n",
           rows, nregions, nthreads);
    printf("  writers running             %8.2f ms\n"
           "  writers stopped             %8.2f ms\n"
           "  stopped, no percentiles     %8.2f ms\n"
           "  ratio running/stopped %.2f, percentiles/none %.2f\n",
           busy, idle, bare, busy / idle, idle / bare);
    return 0;
}
