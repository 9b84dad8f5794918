/* SPDX-License-Identifier: MIT */
/* exit.c: at process exit, close what is open and write HWTOP_CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "csv.h"
#include "meta.h"
#include "output.h"
#include "reader.h"
#include "state.h"

void hwtop__notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Wall time since the process started (/proc/self/stat), 0 if unknown. */
static uint64_t
process_wall_ns(void)
{
    char buf[1024], *p;
    unsigned long long start = 0;
    struct timespec now;
    FILE *f = fopen("/proc/self/stat", "re");
    size_t n;

    if (f == NULL)
        return 0;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    p = strrchr(buf, ')');
    /* Field 22 (starttime) is the 20th after the command name. */
    for (int i = 0; p != NULL && i < 20; i++)
        p = strchr(p + 1, ' ');
    if (p == NULL || sscanf(p + 1, "%llu", &start) != 1)
        return 0;
    clock_gettime(CLOCK_BOOTTIME, &now);
    uint64_t now_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
    uint64_t start_ns = start * (1000000000u / (uint64_t)sysconf(_SC_CLK_TCK));
    return now_ns > start_ns ? now_ns - start_ns : 0;
}

static int
write_csv(FILE *f, const void *s)
{
    return csv_write(f, s);
}

static int
write_meta(FILE *f, const void *s)
{
    return meta_write(f, s);
}

/* Region names may hold any byte: keep terminal controls out. */
static void
safe_name(const char *in, char *out, size_t len)
{
    size_t o = 0;

    for (; *in != '\0' && o + 5 < len; in++) {
        unsigned char c = (unsigned char)*in;

        if (c < 0x20 || c == 0x7f)
            o += (size_t)snprintf(out + o, len - o, "\\x%02x", c);
        else
            out[o++] = (char)c;
    }
    out[o] = '\0';
}

static void
misuse_summary(const struct snapshot *s, const char *where)
{
    char name[200];
    int shown = s->nmisuse < 10 ? s->nmisuse : 10;

    if (s->misuse_total == 0)
        return;
    hwtop__notice("%llu region misuse%s%s%s:",
                  (unsigned long long)s->misuse_total,
                  s->misuse_total == 1 ? "" : "s", where ? ", details in " : "",
                  where ? where : "");
    for (int i = 0; i < shown; i++) {
        safe_name(s->misuse[i].name, name, sizeof name);
        hwtop__notice("  %s:%d: %s \"%s\" (%llu time%s)", s->misuse[i].file,
                      s->misuse[i].line, s->misuse[i].what, name,
                      (unsigned long long)s->misuse[i].count,
                      s->misuse[i].count == 1 ? "" : "s");
    }
    if (s->nmisuse > shown)
        hwtop__notice("  ... and %d more sites", s->nmisuse - shown);
}

static void
write_reports(const struct snapshot *s, const char *csv)
{
    const char *why;
    /* No sidecar beside a device or FIFO (HWTOP_CSV=/dev/stdout). */
    char *meta = output_is_stream(csv) ? NULL : meta_path(csv);
    int rc = output_atomic(csv, write_csv, s, &why);

    if (rc != 0)
        fprintf(stderr, "hwtop: HWTOP_CSV=%s: %s: %s\n", csv, why,
                strerror(-rc));
    if (meta != NULL && rc == 0 &&
        (rc = output_atomic(meta, write_meta, s, &why)) != 0)
        fprintf(stderr, "hwtop: %s: %s: %s\n", meta, why, strerror(-rc));
    free(meta);
}

void
hwtop__at_exit(void)
{
    struct reader_opts o = {.open_flag = SNAP_OPEN_NOW};
    const char *sub = getenv("HWTOP_SUBTRACT_OVERHEAD");
    struct snapshot s;
    struct timespec cpu;
    const char *why;

    if (__atomic_load_n(&hwtop__proc.state, __ATOMIC_ACQUIRE) != 1)
        return;
    if (hwtop__tls != NULL)
        hwtop__thread_finish(hwtop__tls, 1);
    /* Forked children share the segment; the report is the parent's. */
    if (getpid() != hwtop__proc.pid || hwtop__proc.launcher)
        return;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0)
        o.program_cpu_ns =
            (uint64_t)cpu.tv_sec * 1000000000u + (uint64_t)cpu.tv_nsec;
    o.program_wall_ns = process_wall_ns();
    o.subtract_overhead = sub != NULL && *sub != '\0' && *sub != '0';
    if (reader_take(hwtop__proc.seg, hwtop__proc.seg_bytes, &o, &s, &why) !=
        0) {
        fprintf(stderr, "hwtop: cannot read my own segment: %s\n",
                why ? why : "out of memory");
        return;
    }
    if (hwtop__proc.csv_path != NULL)
        write_reports(&s, hwtop__proc.csv_path);
    misuse_summary(&s, hwtop__proc.csv_path ? "the report's .meta.json"
                                            : NULL);
    snapshot_fini(&s);
}
