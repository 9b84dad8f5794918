/* SPDX-License-Identifier: MIT */
/* simcols.c: names of the simulated columns and of their callgrind events. */
#include "simcols.h"

#include <string.h>

const struct sim_col_def sim_cols[SIM_NCOLS] = {
    {"sim_ir", "Ir", "instructions executed"},
    {"sim_dr", "Dr", "data reads"},
    {"sim_dw", "Dw", "data writes"},
    {"sim_i1mr", "I1mr", "L1 instruction read misses"},
    {"sim_d1mr", "D1mr", "L1 data read misses"},
    {"sim_d1mw", "D1mw", "L1 data write misses"},
    {"sim_ilmr", "ILmr", "last-level instruction read misses"},
    {"sim_dlmr", "DLmr", "last-level data read misses"},
    {"sim_dlmw", "DLmw", "last-level data write misses"},
    {"sim_bc", "Bc", "conditional branches"},
    {"sim_bcm", "Bcm", "conditional branches mispredicted"},
    {"sim_bi", "Bi", "indirect branches"},
    {"sim_bim", "Bim", "indirect branches mispredicted"},
};

int
sim_col_of_event(const char *name, int len)
{
    for (int i = 0; i < SIM_NCOLS; i++)
        if ((int)strlen(sim_cols[i].callgrind) == len &&
            memcmp(sim_cols[i].callgrind, name, (size_t)len) == 0)
            return i;
    return -1;
}
