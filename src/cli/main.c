/* SPDX-License-Identifier: MIT */
/* main.c: hwtop's entry: subcommands, or run a program under hwtop. */
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "session.h"

int
main(int argc, char **argv)
{
    struct options o;
    int rc;

    if (argc < 2) {
        options_usage(stderr);
        return 2;
    }
    rc = options_parse(argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? 0 : rc;
    return session_run(&o);
}
