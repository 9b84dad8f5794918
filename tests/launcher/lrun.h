/* SPDX-License-Identifier: MIT */
/* lrun.h: run the real hwtop on a program and read what it left behind. */
#ifndef HWTOP_TEST_LRUN_H
#define HWTOP_TEST_LRUN_H

#include <stdbool.h>
#include <sys/types.h>

#include "harness.h"

/*
 * One run of hwtop in a fresh directory.  lrun_init() makes the directory
 * and names the files in it; the test then builds hwtop's command line
 * with them (r.csv_path for -o, marker for the program to create).
 * hwtop runs with the caller's environment minus every HWTOP_*, plus
 * env[] ("NAME=value", NULL-terminated, may be NULL), in that directory,
 * its stdout and stderr going to files.  After lrun_wait(), r holds the
 * exit status, both outputs and the reports when hwtop wrote them.
 */
struct lrun {
    struct run r;      /* r.csv_path is <dir>/rep/r.csv */
    char rep_dir[300]; /* <dir>/rep: holds the report and nothing else */
    char marker[300];  /* <dir>/marker, for programs that make one */
    pid_t pid;         /* hwtop, while it runs */
};

/* A compound literal argv: ARGV(hwtop, "-b", prog, NULL-free...). */
#define ARGV(...) ((char *const[]){__VA_ARGS__, NULL})

void lrun_init(struct lrun *l);
void lrun_start(struct lrun *l, char *const argv[], const char *const env[]);
/* Waits for hwtop, at most timeout_s (then kills it and fails). */
void lrun_wait(struct lrun *l, int timeout_s);
/* lrun_start, then lrun_wait. */
void lrun(struct lrun *l, char *const argv[], const char *const env[],
          int timeout_s);
/* Waits for pid (a child), at most timeout_s (then kills it and fails);
 * returns its exit status, or 128 + the signal that ended it. */
int lrun_wait_pid(pid_t pid, int timeout_s);
/* Starts `hwtop -b -e sw -o <report> app loop <marker> [how]` (how NULL:
 * none; "ignore": SIGTERM and SIGINT ignored) and waits at most
 * timeout_s for the program's 20th tick; returns the program's pid. */
long long lrun_loop(struct lrun *l, const char *hwtop, const char *app,
                   const char *how, int timeout_s);
void lrun_done(struct lrun *l);

/* Fails unless hwtop exited with want; prints its stderr when not. */
#define EXPECT_EXIT(l, want) lrun_expect_exit(l, want, __FILE__, __LINE__)
void lrun_expect_exit(const struct lrun *l, int want, const char *file,
                      int line);
/* Fails when the run wrote no CSV or no meta.json. */
#define EXPECT_REPORT(l) lrun_expect_report(l, __FILE__, __LINE__)
void lrun_expect_report(const struct lrun *l, const char *file, int line);

/* Waits until path exists, at most timeout_ms; 0 when it does. */
int wait_file(const char *path, int timeout_ms);
/* The number in a file (a marker the program wrote), or -1. */
long long read_number(const char *path);
int file_exists(const char *path);
/* Lines of text that start with prefix. */
int count_lines(const char *text, const char *prefix);
/* Distinct region names in the report. */
int distinct_regions(const struct run *r);
/* Rows of region name that are thread rows (not the all row). */
int thread_rows(const struct run *r, const char *name);
/* The i-th thread row of region name (0-based), or NULL. */
const struct csv_record *thread_row(const struct run *r, const char *name,
                                    int i);
/* Exits 77 unless hwtop was built (argv[1] is its path). */
void require_hwtop(const char *hwtop);

/* meta.json's member key ("overflow"); fails when there is none. */
const cJSON *meta_object(const struct lrun *l, const char *key);
/* The first misuse meta.json lists whose "what" holds what, or NULL. */
const cJSON *meta_misuse(const struct lrun *l, const char *what);

/*
 * The segment (/memfd:hwtop-segment) seen from outside process pid, in
 * /proc.  Both fail the test when pid maps or holds anything under
 * /dev/shm.  segment_maps: how many mappings of it /proc/<pid>/maps has;
 * the permissions ("rw-s") of the first max go to perms[].  segment_fds:
 * how many descriptors link to it; the first goes to *fd (fd may be
 * NULL); verbose prints every descriptor's link.
 */
int segment_maps(long long pid, char perms[][5], int max);
int segment_fds(long long pid, int *fd, bool verbose);

#endif /* HWTOP_TEST_LRUN_H */
