/* SPDX-License-Identifier: MIT */
/* rank.c: the "mpi" object of a report's sidecar, out and back in. */
#include "rank.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "units.h"

#define SIDECAR_MAX_BYTES (1 << 24)

cJSON *
rank_json(const struct rank_info *r)
{
    cJSON *o = cJSON_CreateObject();
    char clean[3 * sizeof r->host + 1];

    if (o == NULL)
        return NULL;
    cJSON_AddNumberToObject(o, "rank", r->rank);
    cJSON_AddNumberToObject(o, "size", r->size);
    cJSON_AddNumberToObject(o, "local_rank", r->local_rank);
    cJSON_AddStringToObject(o, "launcher", r->launcher);
    cJSON_AddStringToObject(o, "rank_from", r->source);
    cJSON_AddStringToObject(o, "job",
                            units_utf8_clean(clean, sizeof clean, r->job));
    cJSON_AddStringToObject(o, "host",
                            units_utf8_clean(clean, sizeof clean, r->host));
    return o;
}

/* The whole file, NUL-terminated, or NULL with errno set. */
static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "re");
    char *text = NULL;
    long len;

    if (f == NULL)
        return NULL;
    errno = EINVAL;
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
        len < SIDECAR_MAX_BYTES && fseek(f, 0, SEEK_SET) == 0 &&
        (text = calloc(1, (size_t)len + 1)) != NULL &&
        fread(text, 1, (size_t)len, f) != (size_t)len) {
        free(text);
        text = NULL;
        errno = EIO;
    }
    fclose(f);
    return text;
}

/* An integer member in [lo, hi]; 0 or -1. */
static int
int_member(const cJSON *o, const char *name, int lo, int hi, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
        v->valuedouble < lo || v->valuedouble > hi)
        return -1;
    *out = (int)v->valuedouble;
    return 0;
}

static void
str_member(const cJSON *o, const char *name, char *out, size_t len)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

    snprintf(out, len, "%s", cJSON_IsString(v) ? v->valuestring : "");
}

static int
from_json(const cJSON *o, struct rank_info *out)
{
    memset(out, 0, sizeof *out);
    if (!cJSON_IsObject(o) ||
        int_member(o, "rank", 0, RANK_MAX - 1, &out->rank) != 0 ||
        int_member(o, "size", -1, RANK_MAX, &out->size) != 0 ||
        out->size == 0 || (out->size > 0 && out->rank >= out->size))
        return -1;
    if (int_member(o, "local_rank", -1, RANK_MAX - 1, &out->local_rank) != 0)
        out->local_rank = -1;
    str_member(o, "launcher", out->launcher, sizeof out->launcher);
    str_member(o, "rank_from", out->source, sizeof out->source);
    str_member(o, "job", out->job, sizeof out->job);
    str_member(o, "host", out->host, sizeof out->host);
    return 0;
}

int
rank_read(const char *csv_path, struct rank_info *out, char *err, size_t errlen)
{
    char *mp = meta_path(csv_path), *text;
    cJSON *root = NULL;
    int rc = -ENOENT;

    memset(out, 0, sizeof *out);
    if (mp == NULL) {
        snprintf(err, errlen, "%s: out of memory", csv_path);
        return -ENOMEM;
    }
    text = slurp(mp);
    if (text == NULL) {
        if (errno != ENOENT) {
            snprintf(err, errlen, "%s: %s", mp, strerror(errno));
            rc = -EINVAL;
        }
        goto out;
    }
    root = cJSON_Parse(text);
    if (!cJSON_IsObject(root)) {
        snprintf(err, errlen, "%s: not a hwtop sidecar (no JSON object)", mp);
        rc = -EINVAL;
    } else if (cJSON_GetObjectItemCaseSensitive(root, "mpi") != NULL) {
        rc = 0;
        if (from_json(cJSON_GetObjectItemCaseSensitive(root, "mpi"), out)) {
            snprintf(err, errlen, "%s: \"mpi\": no valid rank and size", mp);
            rc = -EINVAL;
        }
    }
out:
    cJSON_Delete(root);
    free(text);
    free(mp);
    return rc;
}
