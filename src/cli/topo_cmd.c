/* SPDX-License-Identifier: MIT */
/* topo_cmd.c: `hwtop topo`: prints hwloc's machine as a tree, CSV or JSON. */
#include "topo_cmd.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "meta.h"
#include "topo.h"
#include "topology.h"
#include "topotree.h"

#define TREE_WIDTH 80

enum topo_format { FMT_TREE, FMT_CSV, FMT_JSON };

static void
usage(FILE *f)
{
    fputs("Usage: hwtop topo [--format tree|csv|json] [--input FILE.xml |\n"
          "                  --synthetic DESCRIPTION]\n"
          "Show the machine as hwloc sees it: packages, NUMA nodes and their\n"
          "memory, every cache level (size, line, associativity, which cores\n"
          "share it), cores and PUs (the CPU numbers the kernel uses).\n"
          "\n"
          "  -f, --format F       tree (default, 80 columns), csv (one row\n"
          "                       per object) or json (sizes in bytes)\n"
          "  -i, --input FILE     a topology saved by 'lstopo --of xml'\n"
          "  -s, --synthetic DESC an hwloc synthetic topology, e.g.\n"
          "                       \"pack:2 l3:1(size=32MiB) core:4 pu:2\"\n"
          "  -h, --help           this help\n"
          "\n"
          "Exit status: 0; 1 when hwloc cannot load the topology; 2 for usage\n"
          "errors.\n",
          f);
}

/* The tree below the machine (print_header says the machine). */
static void
print_tree_body(FILE *f, const struct topology *t)
{
    struct topo_line *lines;
    char text[1024];
    int n = topotree_lines(t, TREE_WIDTH, &lines);

    for (int i = 0; i < n; i++)
        fprintf(f, "%*s%s\n", lines[i].indent, "",
                topotree_text(text, sizeof text, t, &lines[i]));
    if (n >= 0)
        free(lines);
}

static const char *
plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void
print_header(FILE *f, const struct topology *t)
{
    char mem[32];

    fprintf(f, "Machine: %s%s%s%s\n",
            t->cpu_model[0] ? t->cpu_model : "CPU model unknown",
            t->cpu_vendor[0] ? " (" : "", t->cpu_vendor,
            t->cpu_vendor[0] ? ")" : "");
    fprintf(f, "  %d %s, %d NUMA %s, %d %s, %d %s, %s memory\n", t->npackages,
            plural(t->npackages, "package", "packages"), t->nnuma,
            plural(t->nnuma, "node", "nodes"), t->ncores,
            plural(t->ncores, "core", "cores"), t->npus,
            plural(t->npus, "PU", "PUs"),
            topology_size(mem, sizeof mem, t->memory_bytes));
    fprintf(f, "  from hwloc %s%s%s%s\n", t->hwloc_version,
            t->backend[0] ? " (" : "", t->backend,
            t->backend[0] ? " backend)" : "");
    /* A long path or description is cut: the tree stays in 80 columns. */
    if (strlen(t->source) <= TREE_WIDTH - 10)
        fprintf(f, "  source: %s\n", t->source);
    else
        fprintf(f, "  source: %.*s...\n", TREE_WIDTH - 13, t->source);
}

/* One line per kind of cache: the sizes a program must fit in. */
static void
print_caches(FILE *f, const struct topology *t)
{
    if (t->ncaches == 0) {
        fprintf(f, "\nNo caches reported.\n");
        return;
    }
    fprintf(f, "\n%-7s %10s %6s %7s %6s  %s\n", "Cache", "size", "line",
            "assoc", "count", "each shared by");
    for (int i = 0; i < t->ncaches; i++) {
        const struct topo_cache *c = &t->caches[i];
        char name[16], size[32], line[16], ways[16];

        if (c->line_bytes > 0)
            snprintf(line, sizeof line, "%d B", c->line_bytes);
        else
            snprintf(line, sizeof line, "?");
        fprintf(f, "%-7s %10s %6s %7s %6d  %d %s, %d %s\n",
                topology_cache_name(name, sizeof name, c->level, c->cache_type),
                topology_size(size, sizeof size, c->size_bytes), line,
                topology_ways(ways, sizeof ways, c->ways), c->count,
                c->cores_each, plural(c->cores_each, "core", "cores"),
                c->pus_each, plural(c->pus_each, "PU", "PUs"));
    }
}

static void
print_tree(FILE *f, const struct topology *t)
{
    print_header(f, t);
    print_caches(f, t);
    fputc('\n', f);
    print_tree_body(f, t);
}

static void
csv_num(FILE *f, long long v, bool present)
{
    if (present)
        fprintf(f, "%lld", v);
    fputc(',', f);
}

/* "L1d", "Package 0", "Core 3" (logical numbers), "PU 5", "NUMA 1" (the
 * OS's numbers, as the kernel and numactl name them). */
static const char *
csv_name(char *buf, size_t len, const struct topo_obj *o)
{
    static const char *const names[TOPO_TYPE_COUNT] = {
        "Machine", "Package", "Die", "Group", "NUMA", "", "Core", "PU"};

    if (o->type == TOPO_CACHE)
        return topology_cache_name(buf, len, o->level, o->cache_type);
    if (o->type == TOPO_MACHINE)
        snprintf(buf, len, "Machine");
    else
        snprintf(buf, len, "%s %d", names[o->type],
                 o->type == TOPO_PU || o->type == TOPO_NUMA ? o->os_index
                                                            : o->logical);
    return buf;
}

/* One row per object; not applicable or unknown fields are empty. */
static void
print_csv(FILE *f, const struct topology *t)
{
    fputs("type,name,level,cache_type,logical_index,os_index,size_bytes,"
          "line_bytes,ways,cores,pus,cpuset,parent\r\n",
          f);
    for (int i = 0; i < t->nobjs; i++) {
        const struct topo_obj *o = &t->objs[i];
        bool cache = o->type == TOPO_CACHE;
        char name[32];

        fprintf(f, "%s,%s,", topology_type_name(o->type),
                csv_name(name, sizeof name, o));
        csv_num(f, o->level, cache);
        fprintf(f, "%s,", cache ? topology_cache_type_name(o->cache_type) : "");
        csv_num(f, o->logical, true);
        csv_num(f, o->os_index, o->os_index >= 0);
        csv_num(f, (long long)o->size_bytes, cache || o->type == TOPO_NUMA);
        csv_num(f, o->line_bytes, cache && o->line_bytes > 0);
        csv_num(f, o->ways, cache && o->ways != 0);
        csv_num(f, o->ncores, true);
        csv_num(f, o->npus, true);
        csv_field(f, o->cpuset, strlen(o->cpuset));
        fputc(',', f);
        if (o->parent >= 0)
            fprintf(f, "%d", o->parent);
        fputs("\r\n", f);
    }
}

static cJSON *
object_json(const struct topology *t, int i)
{
    const struct topo_obj *o = &t->objs[i];
    cJSON *j = cJSON_CreateObject(), *children;
    char name[16];

    cJSON_AddStringToObject(j, "type", topology_type_name(o->type));
    if (o->type == TOPO_CACHE) {
        cJSON_AddStringToObject(
            j, "name",
            topology_cache_name(name, sizeof name, o->level, o->cache_type));
        cJSON_AddNumberToObject(j, "level", o->level);
        cJSON_AddStringToObject(j, "cache_type",
                                topology_cache_type_name(o->cache_type));
        cJSON_AddNumberToObject(j, "line_bytes", o->line_bytes);
        cJSON_AddNumberToObject(j, "ways", o->ways);
    }
    cJSON_AddNumberToObject(j, "logical_index", o->logical);
    if (o->os_index >= 0)
        cJSON_AddNumberToObject(j, "os_index", o->os_index);
    if (o->type == TOPO_CACHE || o->type == TOPO_NUMA)
        cJSON_AddNumberToObject(j, "size_bytes", (double)o->size_bytes);
    cJSON_AddNumberToObject(j, "cores", o->ncores);
    cJSON_AddNumberToObject(j, "pus", o->npus);
    cJSON_AddStringToObject(j, "cpuset", o->cpuset);
    children = cJSON_AddArrayToObject(j, "children");
    for (int k = i + 1; k < t->nobjs && t->objs[k].depth > o->depth; k++)
        if (t->objs[k].parent == i)
            cJSON_AddItemToArray(children, object_json(t, k));
    return j;
}

static int
print_json(FILE *f, const struct topology *t)
{
    cJSON *root = meta_machine(t);
    char *text;

    if (root == NULL)
        return -1;
    if (t->nobjs > 0)
        cJSON_AddItemToObject(root, "tree", object_json(t, 0));
    text = cJSON_Print(root);
    if (text != NULL)
        fprintf(f, "%s\n", text);
    free(text);
    cJSON_Delete(root);
    return text != NULL ? 0 : -1;
}

static int
parse_format(const char *s, enum topo_format *fmt)
{
    static const char *const names[] = {"tree", "csv", "json"};

    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0) {
            *fmt = (enum topo_format)i;
            return 0;
        }
    fprintf(stderr, "hwtop topo: --format '%s': tree, csv or json\n", s);
    fprintf(stderr, "Try 'hwtop topo --help' for more information.\n");
    return 2;
}

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"input", required_argument, NULL, 'i'},
    {"synthetic", required_argument, NULL, 's'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

int
topo_main(int argc, char **argv)
{
    enum topo_format fmt = FMT_TREE;
    enum topo_input input = TOPO_THIS_MACHINE;
    const char *arg = NULL;
    struct topology t;
    char err[512];
    int c, rc;

    argv[0] = (char *)"hwtop topo"; /* getopt's messages start so */
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:i:s:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (parse_format(optarg, &fmt) != 0)
                return 2;
            break;
        case 'i':
        case 's':
            input = c == 'i' ? TOPO_XML : TOPO_SYNTHETIC;
            arg = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            fprintf(stderr, "Try 'hwtop topo --help' for more information.\n");
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hwtop topo: unexpected argument '%s'\n", argv[optind]);
        fprintf(stderr, "Try 'hwtop topo --help' for more information.\n");
        return 2;
    }
    if (topo_load(&t, input, arg, err, sizeof err) != 0) {
        fprintf(stderr, "hwtop: topo: %s\n", err);
        return 1;
    }
    rc = 0;
    if (fmt == FMT_TREE)
        print_tree(stdout, &t);
    else if (fmt == FMT_CSV)
        print_csv(stdout, &t);
    else
        rc = print_json(stdout, &t);
    topology_fini(&t);
    if (rc != 0 || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "hwtop: topo: cannot write the output\n");
        return 1;
    }
    return 0;
}
