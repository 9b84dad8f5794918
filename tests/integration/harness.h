/* SPDX-License-Identifier: MIT */
/* harness.h: run the fixture with an environment and read its reports. */
#ifndef HWTOP_TEST_HARNESS_H
#define HWTOP_TEST_HARNESS_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "csvread.h"

/* One run of a program under HWTOP_CSV=<fresh temp dir>/report.csv. */
struct run {
    char dir[256];
    char csv_path[320];
    char meta_path[336];
    int exit_code; /* exit status, or 128 + signal */
    char *out;     /* the program's stdout, NUL-terminated */
    char *err;     /* its stderr */
    struct csv_table csv;
    cJSON *meta; /* NULL when the program wrote none */
};

/*
 * Runs argv[0] (a path) with the caller's environment minus every HWTOP_*
 * variable, plus HWTOP_CSV and env[] ("NAME=value"; NULL-terminated, may
 * be NULL).  Fails the test when the program does not exit 0 or writes no
 * report.  Call run_done() after: it removes the temp dir.
 */
void run_program(struct run *r, char *const argv[], const char *const env[]);
/* The same for "fixture <scenario>". */
void run_fixture(struct run *r, const char *fixture, const char *scenario,
                 const char *const env[]);
/* For the tests run once per source, as `test <fixture> <source>`:
 * "fixture <scenario>" with HWTOP_EVENTS=sw and HWTOP_BACKEND=<source>;
 * exits 77 when this machine does not offer the source. */
void run_fixture_on(struct run *r, int argc, char **argv,
                    const char *scenario);
/* Like run_program, but returns with exit_code set and reports loaded
 * when present, whatever the program did. */
void run_program_any(struct run *r, char *const argv[],
                     const char *const env[]);
void run_done(struct run *r);
/* The caller's environment without HWTOP_*, then extra (when not NULL)
 * and the entries of env[] that hold a '=' (env may be NULL): for
 * execve.  Free the array, not the strings; they must outlive it. */
char **harness_env(const char *extra, const char *const env[]);
/* Reads the reports at r->csv_path and r->meta_path, each when it
 * exists; fails the test when the CSV is not RFC 4180 with as many
 * fields on every line as in its header, or meta.json is not JSON. */
void harness_load_reports(struct run *r);
/* A fresh directory under $TMPDIR or /tmp, and its removal. */
void temp_dir(char *dir, size_t len);
void remove_dir(const char *dir);

/* Checks on our own, without libhwtop, that this machine offers source
 * ("papi", "kernel", "rusage"); exits 77 saying why when it does not. */
void require_source(const char *source);
/* 1 when this machine offers source, else 0 with the reason in why. */
int source_offered(const char *source, char *why, size_t len);
/* The source HWTOP_BACKEND=auto should pick here: papi, kernel, rusage. */
const char *auto_source(void);

/* "fixture: key=value" from the program's stdout; fails when absent. */
#define FACT(r, key) harness_fact(r, key, __FILE__, __LINE__)
long long harness_fact(const struct run *r, const char *key, const char *file,
                       int line);

/*
 * Rows.  ROW finds the one row of (region bytes, thread label) and fails
 * when there is not exactly one; thread NULL means "the one row that is
 * not the all row".  NUM reads an integer column and fails when it is
 * empty or not a number; EMPTY says whether a column is empty.
 */
#define ROW(r, name, len, thread)                                              \
    harness_row(r, name, len, thread, __FILE__, __LINE__)
#define ROWS(r, name)                                                          \
    harness_row(r, name, strlen(name), NULL, __FILE__, __LINE__)
#define ROW_ALL(r, name)                                                       \
    harness_row(r, name, strlen(name), "all", __FILE__, __LINE__)
#define NUM(r, rec, col) harness_num(r, rec, col, __FILE__, __LINE__)
#define STR(r, rec, col) harness_str(r, rec, col, __FILE__, __LINE__)
/* The row's flags but too_short (a fact about tiny test regions, not a
 * problem): "" when the row is clean.  A static buffer. */
#define PROBLEMS(r, rec) harness_problems(r, rec, __FILE__, __LINE__)
#define EMPTY(r, rec, col) (STR(r, rec, col)->len == 0)

const struct csv_record *harness_row(const struct run *r, const char *name,
                                     size_t len, const char *thread,
                                     const char *file, int line);
long long harness_num(const struct run *r, const struct csv_record *rec,
                      const char *col, const char *file, int line);
/* Whole file, NUL-terminated (length in *lenp when not NULL); NULL when
 * it cannot be read.  Owned by the caller. */
char *harness_slurp(const char *path, size_t *lenp);
const char *harness_problems(const struct run *r, const struct csv_record *rec,
                             const char *file, int line);
const struct csv_field *harness_str(const struct run *r,
                                    const struct csv_record *rec,
                                    const char *col, const char *file,
                                    int line);
/* Rows whose region is these bytes (any thread, all row included). */
int row_count(const struct run *r, const char *name, size_t len);
/* Is this the all-threads row? */
int row_is_all(const struct run *r, const struct csv_record *rec);
/* Does the flags column hold word (as one of its |-separated words)? */
int row_has_flag(const struct run *r, const struct csv_record *rec,
                 const char *word);

/* The event columns of the report (from "wall_ns" on: after excl_wall_ns,
 * up to the first excl_): their names, n of them. */
int event_columns(const struct run *r, const char *names[], int max);

/* meta.json: the event named name, or NULL; its "source" and "state". */
const cJSON *meta_event(const struct run *r, const char *name);
const char *meta_str(const cJSON *o, const char *key);
double meta_num(const cJSON *o, const char *key);

/* Bytes equal? (for names that may hold any byte) */
int same_bytes(const struct csv_field *f, const char *p, size_t len);

#endif /* HWTOP_TEST_HARNESS_H */
