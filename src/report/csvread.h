/* SPDX-License-Identifier: MIT */
/* csvread.h: an RFC 4180 reader for hwtop reports (diff, report, tests). */
#ifndef HWTOP_CSVREAD_H
#define HWTOP_CSVREAD_H

#include <stddef.h>

struct csv_field {
    char *p;    /* owned, NUL-terminated */
    size_t len; /* bytes, the field may hold any byte but NUL */
};

struct csv_record {
    int nfields;
    struct csv_field *fields;
    int line; /* 1-based line where the record starts */
};

struct csv_table {
    int nrecords; /* the header is record 0 */
    struct csv_record *records;
};

/*
 * Parses buf (len bytes; records end in CRLF or LF).  Returns 0, or
 * -EINVAL with "line N: what" in err (unterminated quote, a quote inside
 * an unquoted field, bytes after a closing quote, a NUL byte), or -ENOMEM.
 */
int csv_parse(const char *buf, size_t len, struct csv_table *out, char *err,
              size_t errlen);
/* Reads and parses a whole file; errors name the file. */
int csv_read_file(const char *path, struct csv_table *out, char *err,
                  size_t errlen);
void csv_table_fini(struct csv_table *t);
/* Column index of name in the header record, or -1. */
int csv_column(const struct csv_table *t, const char *name);

#endif /* HWTOP_CSVREAD_H */
