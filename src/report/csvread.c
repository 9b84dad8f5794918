/* SPDX-License-Identifier: MIT */
/* csvread.c: RFC 4180 parsing, strict about what hwtop itself writes. */
#include "csvread.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
    const char *p, *end;
    int line;
    char *buf; /* current field's bytes */
    size_t len, cap;
    struct csv_record rec;
    int fcap;
    int rcap; /* records allocated in the table */
};

static int
put(struct parser *ps, char c)
{
    if (ps->len + 1 >= ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 64;
        char *b = realloc(ps->buf, cap);

        if (b == NULL)
            return -ENOMEM;
        ps->buf = b;
        ps->cap = cap;
    }
    ps->buf[ps->len++] = c;
    return 0;
}

static int
end_field(struct parser *ps)
{
    struct csv_field *f;

    if (ps->rec.nfields == ps->fcap) {
        int cap = ps->fcap ? ps->fcap * 2 : 16;
        struct csv_field *n =
            realloc(ps->rec.fields, (size_t)cap * sizeof *n);

        if (n == NULL)
            return -ENOMEM;
        ps->rec.fields = n;
        ps->fcap = cap;
    }
    f = &ps->rec.fields[ps->rec.nfields];
    f->p = malloc(ps->len + 1);
    if (f->p == NULL)
        return -ENOMEM;
    if (ps->len)
        memcpy(f->p, ps->buf, ps->len);
    f->p[ps->len] = '\0';
    f->len = ps->len;
    ps->rec.nfields++;
    ps->len = 0;
    return 0;
}

static int
add_record(struct csv_table *t, struct parser *ps)
{
    /* Doubling: one realloc per record is quadratic on big reports. */
    if (t->nrecords == ps->rcap) {
        int cap = ps->rcap ? ps->rcap * 2 : 64;
        struct csv_record *n = realloc(t->records, (size_t)cap * sizeof *n);

        if (n == NULL)
            return -ENOMEM;
        t->records = n;
        ps->rcap = cap;
    }
    t->records[t->nrecords++] = ps->rec;
    memset(&ps->rec, 0, sizeof ps->rec);
    ps->fcap = 0;
    return 0;
}

#define ERR(...)                                                               \
    do {                                                                       \
        snprintf(err, errlen, __VA_ARGS__);                                    \
        rc = -EINVAL;                                                          \
        goto fail;                                                             \
    } while (0)

/* One field starting at ps->p; leaves p at the separator or end. */
static int
field(struct parser *ps, char *err, size_t errlen)
{
    int rc = 0;

    if (ps->p < ps->end && *ps->p == '"') {
        int start = ps->line;

        ps->p++;
        for (;;) {
            if (ps->p == ps->end)
                ERR("line %d: unterminated quoted field", start);
            if (*ps->p == '"') {
                if (ps->p + 1 < ps->end && ps->p[1] == '"') {
                    ps->p += 2;
                    if ((rc = put(ps, '"')) != 0)
                        goto fail;
                    continue;
                }
                ps->p++;
                break;
            }
            if (*ps->p == '\0')
                ERR("line %d: NUL byte in a field", ps->line);
            if (*ps->p == '\n')
                ps->line++;
            if ((rc = put(ps, *ps->p++)) != 0)
                goto fail;
        }
        if (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n' &&
            !(*ps->p == '\r' && ps->p + 1 < ps->end && ps->p[1] == '\n'))
            ERR("line %d: bytes after a closing quote", ps->line);
        return 0;
    }
    while (ps->p < ps->end && *ps->p != ',' && *ps->p != '\n' &&
           !(*ps->p == '\r' && ps->p + 1 < ps->end && ps->p[1] == '\n')) {
        if (*ps->p == '"')
            ERR("line %d: a quote inside an unquoted field", ps->line);
        if (*ps->p == '\0')
            ERR("line %d: NUL byte in a field", ps->line);
        if ((rc = put(ps, *ps->p++)) != 0)
            goto fail;
    }
fail:
    return rc;
}

int
csv_parse(const char *buf, size_t len, struct csv_table *out, char *err,
          size_t errlen)
{
    struct parser ps = {.p = buf, .end = buf + len, .line = 1};
    int rc = 0;

    memset(out, 0, sizeof *out);
    while (ps.p < ps.end) {
        ps.rec.line = ps.line;
        for (;;) {
            if ((rc = field(&ps, err, errlen)) != 0 ||
                (rc = end_field(&ps)) != 0)
                goto fail;
            if (ps.p < ps.end && *ps.p == ',') {
                ps.p++;
                continue;
            }
            break;
        }
        if (ps.p < ps.end && *ps.p == '\r')
            ps.p++;
        if (ps.p < ps.end)
            ps.p++; /* the LF */
        ps.line++;
        if ((rc = add_record(out, &ps)) != 0)
            goto fail;
    }
    free(ps.buf);
    return 0;
fail:
    for (int i = 0; i < ps.rec.nfields; i++)
        free(ps.rec.fields[i].p);
    free(ps.rec.fields);
    free(ps.buf);
    csv_table_fini(out);
    if (rc == -ENOMEM)
        snprintf(err, errlen, "out of memory");
    return rc;
}

int
csv_read_file(const char *path, struct csv_table *out, char *err,
              size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL, inner[200];
    size_t len = 0, cap = 0, n;
    int rc;

    memset(out, 0, sizeof *out);
    if (f == NULL) {
        rc = -errno;
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return rc;
    }
    do {
        if (len + 65536 > cap) {
            char *b = realloc(buf, cap = cap * 2 + 65536);

            if (b == NULL) {
                free(buf);
                fclose(f);
                snprintf(err, errlen, "%s: out of memory", path);
                return -ENOMEM;
            }
            buf = b;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    rc = ferror(f) ? -EIO : 0;
    fclose(f);
    if (rc == 0 && (rc = csv_parse(buf, len, out, inner, sizeof inner)) != 0)
        snprintf(err, errlen, "%s: %s", path, inner);
    else if (rc != 0)
        snprintf(err, errlen, "%s: read error", path);
    free(buf);
    return rc;
}

void
csv_table_fini(struct csv_table *t)
{
    if (t == NULL)
        return;
    for (int r = 0; r < t->nrecords; r++) {
        for (int i = 0; i < t->records[r].nfields; i++)
            free(t->records[r].fields[i].p);
        free(t->records[r].fields);
    }
    free(t->records);
    memset(t, 0, sizeof *t);
}

int
csv_column(const struct csv_table *t, const char *name)
{
    if (t->nrecords == 0)
        return -1;
    for (int i = 0; i < t->records[0].nfields; i++)
        if (strcmp(t->records[0].fields[i].p, name) == 0)
            return i;
    return -1;
}
