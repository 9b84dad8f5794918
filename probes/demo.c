/* SPDX-License-Identifier: MIT */
/* demo.c: hwtop-demo, every probe in turn, round after round, for `hwtop demo`.
 */
#include <getopt.h>
#include <hwtop.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

/*
 * What `hwtop demo` (and `hwtop` alone) runs under the TUI: each probe
 * quick, a region per case, so that the table shows this machine's
 * cache latencies, the cost of a mispredicted branch, instruction-level
 * parallelism, false sharing and page faults side by side.  The tables
 * are printed in the first round only (hwtop shows them when the demo
 * ends).  SIGTERM or SIGINT (q in hwtop) ends it cleanly after the case
 * in progress.
 *
 * Usage: hwtop-demo [--rounds N]   (0: until stopped; default 1)
 */

static const struct {
    const char *name;
    int (*run)(const struct probe_opts *o);
} probes[] = {
    {"branch", probe_branch}, /* fast: the first rows come at once */
    {"cache_sweep", probe_cache_sweep},
    {"ipc", probe_ipc},
    {"false_sharing", probe_false_sharing},
    {"page_faults", probe_page_faults},
};

static void
on_signal(int sig)
{
    (void)sig;
    probe_stop = 1;
}

static void
intro(void)
{
    uint64_t sizes[8];
    char names[8][8], size[32];
    int n = probe_caches(sizes, names, 8);

    printf("hwtop-demo: this machine's caches (hwloc):");
    for (int i = 0; i < n; i++)
        printf(" %s %s", names[i], probe_size(size, sizeof size, sizes[i]));
    printf("%s\n", n ? "" : " none reported");
    printf("hwtop-demo: each probe case is a region: compare their times\n\n");
    fflush(stdout);
}

int
main(int argc, char **argv)
{
    struct probe_opts o = {.quick = true, .max_bytes = 64ull << 20};
    struct sigaction sa = {.sa_handler = on_signal};
    long rounds = 1, done = 0;

    if (argc == 3 && strcmp(argv[1], "--rounds") == 0) {
        rounds = strtol(argv[2], NULL, 10);
    } else if (argc != 1) {
        fprintf(stderr, "usage: hwtop-demo [--rounds N]  (0: until "
                        "stopped)\n");
        return 2;
    }
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    hwtop_thread_name("demo");
    intro();
    for (; (rounds == 0 || done < rounds) && !probe_stop; done++) {
        for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
            if (probe_stop)
                break;
            if (probes[i].run(&o) != 0)
                fprintf(stderr, "hwtop-demo: %s failed\n", probes[i].name);
            if (!o.silent)
                printf("\n");
            fflush(stdout);
        }
        o.silent = true;
    }
    printf("hwtop-demo: %ld round%s%s\n", done, done == 1 ? "" : "s",
           probe_stop ? ", stopped" : "");
    return 0;
}
