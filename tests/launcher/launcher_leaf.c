/* SPDX-License-Identifier: MIT */
/* launcher_leaf.c: another instrumented program, exec'd by launcher_app. */
#include <hwtop.h>

#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

/* launcher_leaf NAME: region NAME three times; says its pid and tid. */
int
main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    for (int i = 0; i < 3; i++) {
        hwtop_region_begin(argv[1]);
        hwtop_region_end(argv[1]);
    }
    printf("fixture: %s_pid=%d\n", argv[1], (int)getpid());
    printf("fixture: %s_tid=%ld\n", argv[1], (long)syscall(SYS_gettid));
    return 0;
}
