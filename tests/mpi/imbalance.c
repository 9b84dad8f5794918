/* SPDX-License-Identifier: MIT */
/* imbalance.c: an MPI program with one imbalanced region.  Each of 8
 * steps runs "balanced" (the same work on every rank) and "skewed" (rank
 * SLOW, argv[1], default 2, does six times the others' work), with a
 * barrier after each, outside the regions, where the others wait. */
#include <hwtop.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
/* The sanitizer build (CI's ASan phase): Open MPI keeps memory of the
 * components it loads and unloads (dlclose) until exit, which LeakSanitizer
 * reports with frames it cannot name, so no suppression can match them.
 * Leak checks stay on for hwtop itself; this program only drives it. */
int
__lsan_is_turned_off(void)
{
    return 1;
}
#endif

/* CPU work that the compiler cannot drop: units of ~2 ms. */
static double
work(long units)
{
    volatile double x = 1.0;

    for (long i = 0; i < units * 400000; i++)
        x = x * 1.0000001 + 1e-9;
    return x;
}

int
main(int argc, char **argv)
{
    int rank, size, slow = argc > 1 ? atoi(argv[1]) : 2;
    double sink = 0;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (int step = 0; step < 8; step++) {
        {
            PERF_REGION("balanced");
            sink += work(2);
        }
        MPI_Barrier(MPI_COMM_WORLD);
        {
            PERF_REGION("skewed");
            sink += work(rank == slow ? 12 : 2);
        }
        MPI_Barrier(MPI_COMM_WORLD);
    }
    printf("rank %d of %d: done (%g)\n", rank, size, sink > 0 ? 1.0 : 0.0);
    MPI_Finalize();
    return 0;
}
