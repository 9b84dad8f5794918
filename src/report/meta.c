/* SPDX-License-Identifier: MIT */
/* meta.c: the sidecar beside a CSV report, with what the CSV cannot say. */
#include "meta.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hwtop.h"
#include "topology.h"
#include "units.h"

static const char *const sources[] = {"none", "papi", "kernel", "rusage",
                                      "simulated"};
static const char *const states[] = {"counting", "multiplexed",
                                     "unavailable"};

static cJSON *
event_json(const struct snap_event *e)
{
    cJSON *o = cJSON_CreateObject();

    cJSON_AddStringToObject(o, "name", e->name);
    cJSON_AddStringToObject(o, "spec", e->spec);
    cJSON_AddStringToObject(o, "source", sources[e->source]);
    cJSON_AddStringToObject(o, "state", states[e->state]);
    if (e->reason[0] != '\0')
        cJSON_AddStringToObject(o, "reason", e->reason);
    return o;
}

static cJSON *
misuse_json(const struct snapshot *s)
{
    cJSON *a = cJSON_CreateArray();

    for (int i = 0; i < s->nmisuse; i++) {
        const struct snap_misuse *m = &s->misuse[i];
        cJSON *o = cJSON_CreateObject();
        char clean[3 * sizeof m->file + 1];

        cJSON_AddStringToObject(o, "what", m->what);
        cJSON_AddStringToObject(o, "file",
                                units_utf8_clean(clean, sizeof clean, m->file));
        cJSON_AddNumberToObject(o, "line", m->line);
        cJSON_AddStringToObject(o, "region",
                                units_utf8_clean(clean, sizeof clean, m->name));
        cJSON_AddNumberToObject(o, "count", (double)m->count);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *
cache_json(const struct topo_cache *c)
{
    cJSON *o = cJSON_CreateObject();
    char name[16];

    cJSON_AddStringToObject(
        o, "name",
        topology_cache_name(name, sizeof name, c->level, c->cache_type));
    cJSON_AddNumberToObject(o, "level", c->level);
    cJSON_AddStringToObject(o, "type", topology_cache_type_name(c->cache_type));
    cJSON_AddNumberToObject(o, "size_bytes", (double)c->size_bytes);
    cJSON_AddNumberToObject(o, "line_bytes", c->line_bytes);
    cJSON_AddNumberToObject(o, "ways", c->ways);
    cJSON_AddNumberToObject(o, "count", c->count);
    cJSON_AddNumberToObject(o, "cores_each", c->cores_each);
    cJSON_AddNumberToObject(o, "pus_each", c->pus_each);
    return o;
}

cJSON *
meta_machine(const struct topology *t)
{
    cJSON *o = cJSON_CreateObject(), *caches;
    char clean[3 * sizeof t->source + 1];

    if (o == NULL)
        return NULL;
    cJSON_AddStringToObject(
        o, "cpu_model", units_utf8_clean(clean, sizeof clean, t->cpu_model));
    cJSON_AddStringToObject(
        o, "cpu_vendor", units_utf8_clean(clean, sizeof clean, t->cpu_vendor));
    cJSON_AddNumberToObject(o, "packages", t->npackages);
    cJSON_AddNumberToObject(o, "numa_nodes", t->nnuma);
    cJSON_AddNumberToObject(o, "cores", t->ncores);
    cJSON_AddNumberToObject(o, "pus", t->npus);
    cJSON_AddNumberToObject(o, "memory_bytes", (double)t->memory_bytes);
    caches = cJSON_AddArrayToObject(o, "caches");
    for (int i = 0; i < t->ncaches; i++)
        cJSON_AddItemToArray(caches, cache_json(&t->caches[i]));
    cJSON_AddStringToObject(o, "source",
                            units_utf8_clean(clean, sizeof clean, t->source));
    cJSON_AddStringToObject(o, "backend", t->backend);
    cJSON_AddStringToObject(o, "hwloc_version", t->hwloc_version);
    return o;
}

cJSON *
meta_json(const struct snapshot *s)
{
    cJSON *root = cJSON_CreateObject(), *ev, *dr, *ov;
    char version[32];

    if (root == NULL)
        return NULL;
    snprintf(version, sizeof version, "%d.%d.%d", HWTOP_VERSION_MAJOR,
             HWTOP_VERSION_MINOR, HWTOP_VERSION_PATCH);
    cJSON_AddStringToObject(root, "hwtop_version", version);
    cJSON_AddNumberToObject(root, "pid", s->pid);
    cJSON_AddNumberToObject(root, "elapsed_ns", (double)s->elapsed_ns);
    cJSON_AddNumberToObject(root, "program_wall_ns",
                            (double)s->program_wall_ns);
    cJSON_AddNumberToObject(root, "program_cpu_ns", (double)s->program_cpu_ns);
    cJSON_AddNumberToObject(root, "pair_cost_ns", (double)s->pair_cost_ns);
    cJSON_AddStringToObject(root, "clock", s->clock_tsc ? "tsc" : "monotonic");
    if (s->rdpmc[0] != '\0')
        cJSON_AddStringToObject(root, "rdpmc", s->rdpmc);
    if (s->observer_cpu_ns > 0)
        cJSON_AddNumberToObject(root, "hwtop_cpu_ns",
                                (double)s->observer_cpu_ns);
    if (s->has_program) {
        cJSON *p = cJSON_AddObjectToObject(root, "whole_program");

        cJSON_AddStringToObject(p, "source", s->program_source);
        cJSON_AddNumberToObject(p, "wall_ns", (double)s->program.wall_ns);
        for (int i = 0; i < s->nevents; i++)
            if (s->events[i].state != SNAP_EV_UNAVAILABLE)
                cJSON_AddNumberToObject(p, s->events[i].name,
                                        (double)s->program.ev[i]);
    }
    ev = cJSON_AddArrayToObject(root, "events");
    for (int i = 0; i < s->nevents; i++)
        cJSON_AddItemToArray(ev, event_json(&s->events[i]));
    dr = cJSON_AddArrayToObject(root, "events_not_counted");
    for (int i = 0; i < s->ndropped; i++)
        cJSON_AddItemToArray(dr, event_json(&s->dropped[i]));
    cJSON_AddBoolToObject(root, "software_fallback", s->fallback);
    cJSON_AddNumberToObject(root, "misuse_total", (double)s->misuse_total);
    cJSON_AddItemToObject(root, "misuse", misuse_json(s));
    ov = cJSON_AddObjectToObject(root, "overflow");
    cJSON_AddNumberToObject(ov, "regions_dropped", (double)s->regions_dropped);
    cJSON_AddNumberToObject(ov, "threads_dropped", (double)s->threads_dropped);
    cJSON_AddNumberToObject(ov, "slots_dropped", (double)s->slots_dropped);
    cJSON_AddNumberToObject(ov, "depth_overflow", (double)s->depth_overflow);
    if (s->machine != NULL)
        cJSON_AddItemToObject(root, "machine", meta_machine(s->machine));
    if (s->simulated)
        cJSON_AddItemToObject(root, "simulation", meta_sim(&s->sim));
    return root;
}

int
meta_print(FILE *f, cJSON *root)
{
    char *text;
    int rc = 0;

    if (root == NULL)
        return -ENOMEM;
    text = cJSON_Print(root);
    if (text == NULL || fputs(text, f) == EOF || fputc('\n', f) == EOF)
        rc = errno ? -errno : -ENOMEM;
    free(text);
    cJSON_Delete(root);
    return rc;
}

int
meta_write(FILE *f, const struct snapshot *s)
{
    return meta_print(f, meta_json(s));
}

char *
meta_path(const char *csv_path)
{
    size_t len = strlen(csv_path);
    char *p = malloc(len + sizeof ".meta.json");

    if (p != NULL) {
        memcpy(p, csv_path, len);
        memcpy(p + len, ".meta.json", sizeof ".meta.json");
    }
    return p;
}
