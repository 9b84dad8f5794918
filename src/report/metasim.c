/* SPDX-License-Identifier: MIT */
/* metasim.c: the report's "simulation" object: how the sim_* columns came. */
#include <cjson/cJSON.h>

#include "meta.h"
#include "units.h"

static void
add_cache(cJSON *o, const char *key, const char *text)
{
    char clean[3 * 96 + 1];

    cJSON_AddStringToObject(o, key,
                            units_utf8_clean(clean, sizeof clean, text));
}

cJSON *
meta_sim(const struct snap_sim *sim)
{
    cJSON *o = cJSON_CreateObject(), *g;
    char clean[3 * 256 + 1];

    if (o == NULL)
        return NULL;
    cJSON_AddStringToObject(o, "simulator",
                            "valgrind --tool=callgrind --cache-sim=yes "
                            "--branch-sim=yes");
    cJSON_AddStringToObject(o, "cache_option",
                            units_utf8_clean(clean, sizeof clean, sim->cache));
    g = cJSON_AddObjectToObject(o, "caches");
    add_cache(g, "I1", sim->i1);
    add_cache(g, "D1", sim->d1);
    add_cache(g, "LL", sim->ll);
    if (sim->exact_calls == 0)
        cJSON_AddStringToObject(o, "sampling", "off (--sim-exact)");
    else
        cJSON_AddNumberToObject(o, "exact_calls", (double)sim->exact_calls);
    cJSON_AddNumberToObject(o, "dumps", (double)sim->dumps);
    cJSON_AddNumberToObject(o, "dump_bytes", (double)sim->bytes);
    cJSON_AddNumberToObject(o, "peak_disk_bytes", (double)sim->peak_bytes);
    cJSON_AddNumberToObject(o, "dumps_broken", (double)sim->broken);
    cJSON_AddNumberToObject(o, "marks_inconsistent", (double)sim->inconsistent);
    if (sim->kept[0] != '\0')
        cJSON_AddStringToObject(
            o, "kept_in", units_utf8_clean(clean, sizeof clean, sim->kept));
    cJSON_AddStringToObject(o, "cycle_estimate",
                            "Ir + 10 * (Bcm + Bim) + 10 * (I1mr + D1mr + "
                            "D1mw) + 100 * (ILmr + DLmr + DLmw)");
    return o;
}
