/* SPDX-License-Identifier: MIT */
/* metrics.c: IPC, mispredict rate, MPKI, miss ratio, share of time. */
#include "metrics.h"

#include <math.h>
#include <stdbool.h>

const struct metric_def metric_defs[METRIC_COUNT] = {
    {"cpu_pct", "CPU%", "100 * task_clock_ns / wall_ns"},
    {"share_pct", "SHARE%",
     "100 * region / program: sim_cycles_est under --sim, else "
     "task_clock_ns when counted, else wall_ns"},
    {"amdahl_max", "AMDAHL",
     "1 / (1 - share_pct / 100): the most the whole program can gain if "
     "the region cost nothing"},
    {"ipc", "IPC", "PAPI_TOT_INS / PAPI_TOT_CYC"},
    {"br_miss_pct", "BRMISS%", "100 * PAPI_BR_MSP / (PAPI_BR_CN, else "
                               "PAPI_BR_INS)"},
    {"l1_mpki", "L1MPKI", "1000 * PAPI_L1_DCM / PAPI_TOT_INS"},
    {"l2_mpki", "L2MPKI", "1000 * (PAPI_L2_TCM or PAPI_L2_DCM) / "
                          "PAPI_TOT_INS"},
    {"l3_mpki", "L3MPKI", "1000 * (PAPI_L3_TCM or PAPI_L3_DCM) / "
                          "PAPI_TOT_INS"},
    {"l1_miss_pct", "L1MISS%", "100 * PAPI_L1_DCM / (PAPI_LD_INS, else "
                               "PAPI_L1_DCA)"},
    {"overhead_pct", "OVHD%",
     "100 * desc_calls * pair cost / wall_ns: hwtop's own begin+end pairs "
     "inside the region"},
    {"sim_br_miss_pct", "sBRMISS%", "simulated: 100 * sim_bcm / sim_bc"},
    {"sim_l1_miss_pct", "sL1MISS%",
     "simulated: 100 * (sim_i1mr + sim_d1mr + sim_d1mw) / (sim_ir + sim_dr "
     "+ sim_dw)"},
    {"sim_ll_miss_pct", "sLLMISS%",
     "simulated: 100 * (sim_ilmr + sim_dlmr + sim_dlmw) / (sim_ir + sim_dr "
     "+ sim_dw)"},
    {"sim_l1_mpki", "sL1MPKI",
     "simulated: 1000 * (sim_i1mr + sim_d1mr + sim_d1mw) / sim_ir"},
    {"sim_ll_mpki", "sLLMPKI",
     "simulated: 1000 * (sim_ilmr + sim_dlmr + sim_dlmw) / sim_ir"},
    {"sim_cycles_est", "sCYCLES",
     "simulated, KCachegrind's estimate: sim_ir + 10 * (sim_bcm + sim_bim) "
     "+ 10 * L1 misses + 100 * LL misses"},
    {"sim_ipc_est", "sIPC", "simulated: sim_ir / sim_cycles_est"},
};

static double
ev(const struct snapshot *s, const struct snap_row *r, const char *a,
   const char *b)
{
    int i = snapshot_event(s, a);

    if (i < 0 && b != NULL)
        i = snapshot_event(s, b);
    return i < 0 ? NAN : (double)r->ev[i];
}

static double
ratio(double num, double den, double scale)
{
    if (isnan(num) || isnan(den) || den <= 0)
        return NAN;
    return scale * num / den;
}

/* The sim_* columns (hwtop --sim); every one is NaN when not simulated. */
static void
sim_metrics(const struct snapshot *s, const struct snap_row *r, double *out)
{
    double ir = ev(s, r, "sim_ir", NULL), acc, l1, ll, bm, cyc;

    if (isnan(ir)) {
        for (int m = METRIC_SIM_BR_MISS_PCT; m <= METRIC_SIM_IPC_EST; m++)
            out[m] = NAN;
        return;
    }
    acc = ir + ev(s, r, "sim_dr", NULL) + ev(s, r, "sim_dw", NULL);
    l1 = ev(s, r, "sim_i1mr", NULL) + ev(s, r, "sim_d1mr", NULL) +
         ev(s, r, "sim_d1mw", NULL);
    ll = ev(s, r, "sim_ilmr", NULL) + ev(s, r, "sim_dlmr", NULL) +
         ev(s, r, "sim_dlmw", NULL);
    bm = ev(s, r, "sim_bcm", NULL) + ev(s, r, "sim_bim", NULL);
    cyc = ir + 10 * bm + 10 * l1 + 100 * ll;
    out[METRIC_SIM_BR_MISS_PCT] =
        ratio(ev(s, r, "sim_bcm", NULL), ev(s, r, "sim_bc", NULL), 100);
    out[METRIC_SIM_L1_MISS_PCT] = ratio(l1, acc, 100);
    out[METRIC_SIM_LL_MISS_PCT] = ratio(ll, acc, 100);
    out[METRIC_SIM_L1_MPKI] = ratio(l1, ir, 1000);
    out[METRIC_SIM_LL_MPKI] = ratio(ll, ir, 1000);
    out[METRIC_SIM_CYCLES_EST] = ratio(cyc, 1, 1);
    out[METRIC_SIM_IPC_EST] = ratio(ir, cyc, 1);
}

/* Under --sim a region's share of the program is its share of the
 * simulated cycle estimate: deterministic, where valgrind's wall and CPU
 * times are not (and are mostly valgrind's). */
static void
sim_share(const struct snapshot *s, double *out)
{
    double prog[METRIC_COUNT];

    if (isnan(out[METRIC_SIM_CYCLES_EST]) || !s->has_program)
        return;
    sim_metrics(s, &s->program, prog);
    if (!(prog[METRIC_SIM_CYCLES_EST] > 0))
        return;
    out[METRIC_SHARE_PCT] =
        100 * out[METRIC_SIM_CYCLES_EST] / prog[METRIC_SIM_CYCLES_EST];
    out[METRIC_AMDAHL_MAX] =
        metrics_amdahl(out[METRIC_SHARE_PCT] / 100, INFINITY);
}

void
metrics_compute(const struct snapshot *s, const struct snap_row *r,
                double *out)
{
    double ins = ev(s, r, "PAPI_TOT_INS", NULL);
    double clk = ev(s, r, "task_clock_ns", NULL);
    double l1 = ev(s, r, "PAPI_L1_DCM", NULL);

    out[METRIC_CPU_PCT] = ratio(clk, (double)r->wall_ns, 100);
    if (!isnan(clk) && s->program_cpu_ns > 0)
        out[METRIC_SHARE_PCT] = ratio(clk, (double)s->program_cpu_ns, 100);
    else if (s->program_wall_ns > 0)
        out[METRIC_SHARE_PCT] =
            ratio((double)r->wall_ns, (double)s->program_wall_ns, 100);
    else
        out[METRIC_SHARE_PCT] = NAN;
    out[METRIC_AMDAHL_MAX] =
        metrics_amdahl(out[METRIC_SHARE_PCT] / 100, INFINITY);
    out[METRIC_IPC] = ratio(ins, ev(s, r, "PAPI_TOT_CYC", NULL), 1);
    out[METRIC_BR_MISS_PCT] =
        ratio(ev(s, r, "PAPI_BR_MSP", NULL),
              ev(s, r, "PAPI_BR_CN", "PAPI_BR_INS"), 100);
    out[METRIC_L1_MPKI] = ratio(l1, ins, 1000);
    out[METRIC_L2_MPKI] =
        ratio(ev(s, r, "PAPI_L2_TCM", "PAPI_L2_DCM"), ins, 1000);
    out[METRIC_L3_MPKI] =
        ratio(ev(s, r, "PAPI_L3_TCM", "PAPI_L3_DCM"), ins, 1000);
    out[METRIC_L1_MISS_PCT] =
        ratio(l1, ev(s, r, "PAPI_LD_INS", "PAPI_L1_DCA"), 100);
    out[METRIC_OVERHEAD_PCT] =
        s->pair_cost_ns > 0 && !(r->flags & SNAP_SUBTRACTED)
            ? ratio((double)r->desc_calls * (double)s->pair_cost_ns,
                    (double)r->wall_ns, 100)
            : NAN;
    sim_metrics(s, r, out);
    sim_share(s, out);
}

double
metrics_amdahl(double p, double s)
{
    if (isnan(p) || isnan(s) || p < 0 || p > 1 || s <= 0)
        return NAN;
    if (isinf(s))
        return p >= 1 ? INFINITY : 1 / (1 - p);
    return 1 / ((1 - p) + p / s);
}

void
slow_view(const struct snapshot *s, const struct snap_row *r,
          struct slow_view *v)
{
    double n = (double)r->slow_calls, all = (double)r->calls;

    v->calls = r->slow_calls;
    v->all_time = r->calls > 0 ? (double)r->wall_ns / all : NAN;
    v->time = r->slow_calls > 0 ? (double)r->slow_ns / n : NAN;
    v->time_ratio = ratio(v->time, v->all_time, 1);
    for (int i = 0; i < SNAP_MAX_EVENTS; i++) {
        bool counted = i < s->nevents &&
                       s->events[i].state != SNAP_EV_UNAVAILABLE;

        v->all_ev[i] = counted && r->calls > 0 ? (double)r->ev[i] / all : NAN;
        v->ev[i] = counted && r->slow_calls > 0 ? (double)r->slow_ev[i] / n
                                                 : NAN;
        v->ev_ratio[i] = ratio(v->ev[i], v->all_ev[i], 1);
    }
}
