/* SPDX-License-Identifier: MIT */
/* demo.c: finds hwtop-demo and runs it under the normal session. */
#include "demo.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"
#include "session.h"

#define DEMO_NAME "hwtop-demo"

/*
 * Where hwtop-demo may be, first found wins: $HWTOP_DEMO; beside the
 * hwtop binary; in probes/ beside it (the build tree); in
 * ../libexec/hwtop/ from it (a moved install); the install prefix and
 * the build tree compiled in.
 */
static int
find_demo(char *path, size_t len)
{
    static const char *const rel[] = {"/" DEMO_NAME, "/probes/" DEMO_NAME,
                                      "/../libexec/hwtop/" DEMO_NAME};
    const char *env = getenv("HWTOP_DEMO");
    char exe[PATH_MAX];
    ssize_t n;

    if (env != NULL && env[0] != '\0') {
        snprintf(path, len, "%s", env);
        return access(path, X_OK) == 0 ? 0 : -1;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        *strrchr(exe, '/') = '\0';
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            snprintf(path, len, "%s%s", exe, rel[i]);
            if (access(path, X_OK) == 0)
                return 0;
        }
    }
#ifdef HWTOP_DEMO_INSTALLED
    snprintf(path, len, "%s", HWTOP_DEMO_INSTALLED);
    if (access(path, X_OK) == 0)
        return 0;
#endif
#ifdef HWTOP_DEMO_BUILD
    snprintf(path, len, "%s", HWTOP_DEMO_BUILD);
    if (access(path, X_OK) == 0)
        return 0;
#endif
    return -1;
}

static void
not_found(const char *path)
{
    const char *env = getenv("HWTOP_DEMO");

    if (env != NULL && env[0] != '\0')
        fprintf(stderr, "hwtop: demo: cannot run %s ($HWTOP_DEMO)\n", path);
    else
        fprintf(stderr,
                "hwtop: demo: cannot find %s (beside hwtop, in "
                "libexec/hwtop, or $HWTOP_DEMO)\n",
                DEMO_NAME);
}

static void
usage(FILE *f)
{
    fputs("Usage: hwtop demo [OPTIONS]   (or hwtop with no arguments)\n"
          "Runs hwtop-demo under hwtop: probes with known effects on this\n"
          "machine (cache latency per working set, sorted vs shuffled\n"
          "branches, dependent vs independent chains, false sharing, page\n"
          "faults), a region per case.  In the TUI it runs until you quit\n"
          "(q); when stdout is not a terminal, one round and a table.\n"
          "\n"
          "OPTIONS are hwtop's own (hwtop --help), for example:\n"
          "  -b, --batch         one round, then the table\n"
          "  -e, --events LIST   what to count (default, ipc, branch, cache, "
          "sw)\n"
          "  -o, --output FILE   the report: CSV, or JSON for FILE.json\n"
          "  -h, --help          this help\n"
          "\n"
          "The demo is libexec/hwtop/hwtop-demo beside hwtop's prefix, or\n"
          "$HWTOP_DEMO.  Exit status: as hwtop's.\n",
          f);
}

int
demo_main(int argc, char **argv)
{
    char path[PATH_MAX], rounds[8] = "0";
    char **args = calloc((size_t)argc + 5, sizeof *args);
    struct options o;
    int n = 0, rc;

    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            free(args);
            return 0;
        }
    if (args == NULL)
        return 1;
    if (find_demo(path, sizeof path) != 0) {
        not_found(path);
        free(args);
        return 1;
    }
    /* hwtop [options] hwtop-demo --rounds N: parsed as any run is. */
    args[n++] = "hwtop";
    for (int i = 1; i < argc; i++)
        args[n++] = argv[i];
    args[n++] = path;
    args[n++] = "--rounds";
    args[n++] = rounds;
    rc = options_parse(n, args, &o);
    if (rc == 0 && o.argv != args + n - 3) {
        fprintf(stderr,
                "hwtop: demo: '%s': the demo takes hwtop's options "
                "only, no program\n",
                o.argv[0]);
        rc = 2;
    }
    if (rc == 0) {
        /* Batch: one round, then the table; the TUI: until q. */
        if (o.batch)
            snprintf(rounds, sizeof rounds, "1");
        rc = session_run(&o);
    }
    free(args);
    return rc == 1 && o.argv == NULL ? 0 : rc;
}
