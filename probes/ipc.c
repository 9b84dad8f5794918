/* SPDX-License-Identifier: MIT */
/* ipc.c: one dependent chain vs independent chains of the same work. */
#include <hwtop.h>
#include <stdio.h>

#include "probe.h"

/*
 * The same number of multiply-adds, x = x * K + C, done as one chain
 * (each needs the result of the one before: the multiplier's latency
 * sets the pace) and as four chains side by side (the core overlaps
 * them: several instructions per cycle).  The empty asm with "+r" keeps
 * each chain in a register as a value the compiler cannot see through,
 * so it neither merges nor vectorises the chains.
 */

#define IPC_K 6364136223846793005ull
#define IPC_C 1442695040888963407ull
#define IPC_CHAINS 4

static __attribute__((noinline)) uint64_t
one_chain(uint64_t ops)
{
    uint64_t x = 1;

    for (uint64_t i = 0; i < ops; i++) {
        x = x * IPC_K + IPC_C;
        __asm__("" : "+r"(x));
    }
    return x;
}

static __attribute__((noinline)) uint64_t
four_chains(uint64_t ops)
{
    uint64_t a = 1, b = 2, c = 3, d = 4;

    for (uint64_t i = 0; i < ops / IPC_CHAINS; i++) {
        a = a * IPC_K + IPC_C;
        b = b * IPC_K + IPC_C;
        c = c * IPC_K + IPC_C;
        d = d * IPC_K + IPC_C;
        __asm__("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d));
    }
    return a ^ b ^ c ^ d;
}

static void
report(uint64_t ops, int reps, uint64_t best1, uint64_t best4, uint64_t check)
{
    printf("ipc: %llu multiply-adds as 1 dependent chain and as %d "
           "independent chains, best of %d\n",
           (unsigned long long)ops, IPC_CHAINS, reps);
    printf("%-10s %10s %9s\n", "case", "ns/op", "speedup");
    printf("%-10s %10.3f %8.1fx\n", "1chain", (double)best1 / (double)ops, 1.0);
    printf("%-10s %10.3f %8.1fx\n", "4chains", (double)best4 / (double)ops,
           best4 ? (double)best1 / (double)best4 : 0);
    printf("ipc: independent work overlaps: the same instructions, %.1fx the "
           "instructions per cycle (checksum %llu)\n",
           best4 ? (double)best1 / (double)best4 : 0,
           (unsigned long long)check);
}

int
probe_ipc(const struct probe_opts *o)
{
    uint64_t ops = o->quick ? 1u << 24 : 1u << 26, check = 0;
    uint64_t best1 = 0, best4 = 0;
    int reps = probe_reps(o, 3, 5);

    for (int r = 0; r < reps && !probe_stop; r++) {
        uint64_t t0 = probe_now_ns(), t1, t2;

        PERF_REGION_BEGIN("ipc 1 chain");
        check += one_chain(ops);
        PERF_REGION_END("ipc 1 chain");
        t1 = probe_now_ns();
        PERF_REGION_BEGIN("ipc 4 chains");
        check += four_chains(ops);
        PERF_REGION_END("ipc 4 chains");
        t2 = probe_now_ns();
        if (best1 == 0 || t1 - t0 < best1)
            best1 = t1 - t0;
        if (best4 == 0 || t2 - t1 < best4)
            best4 = t2 - t1;
    }
    if (!o->silent)
        report(ops, reps, best1, best4, check);
    return 0;
}
