/* SPDX-License-Identifier: MIT */
/* main.c: hwtop's entry: subcommands, or run a program under hwtop. */
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "diff_cmd.h"
#include "merge_cmd.h"
#include "options.h"
#include "report_cmd.h"
#include "session.h"
#include "topo_cmd.h"

/* Closed 0, 1 or 2 get /dev/null: otherwise the next descriptor hwtop
 * opens (a pipe, the segment) would take their number, and the program,
 * which inherits them, would write its output into it. */
static void
std_fds_open(void)
{
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) < 0)
            _exit(1);
}

int
main(int argc, char **argv)
{
    struct options o;
    int rc;

    /* hwtop runs other people's programs: never with borrowed rights. */
    if (geteuid() != getuid() || getegid() != getgid()) {
        fprintf(stderr, "hwtop: refusing to run setuid or setgid (uid %d, "
                        "effective uid %d): run it as yourself\n",
                (int)getuid(), (int)geteuid());
        return 1;
    }
    std_fds_open();

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
    if (argc >= 2 && strcmp(argv[1], "merge") == 0)
        return merge_main(argc - 1, argv + 1);
    if (argc < 2 || strcmp(argv[1], "demo") == 0)
        return demo_main(argc < 2 ? 1 : argc - 1, argc < 2 ? argv : argv + 1);
    rc = options_parse(argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? 0 : rc;
    return session_run(&o);
}
