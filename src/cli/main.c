/* SPDX-License-Identifier: MIT */
/* main.c: hwtop's entry: subcommands, or run a program under hwtop. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "diff_cmd.h"
#include "options.h"
#include "report_cmd.h"
#include "session.h"
#include "topo_cmd.h"

int
main(int argc, char **argv)
{
    struct options o;
    int rc;

    /* Snapshots of large runs are tens of MB, taken every refresh: keep
     * them on the heap instead of fresh (page-faulting) mappings. */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    if (argc >= 2 && strcmp(argv[1], "topo") == 0)
        return topo_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "diff") == 0)
        return diff_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "report") == 0)
        return report_main(argc - 1, argv + 1);
    if (argc < 2 || strcmp(argv[1], "demo") == 0)
        return demo_main(argc < 2 ? 1 : argc - 1, argc < 2 ? argv : argv + 1);
    rc = options_parse(argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? 0 : rc;
    return session_run(&o);
}
