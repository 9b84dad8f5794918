/* SPDX-License-Identifier: MIT */
/* test_memfd.c: the segment is a memfd, nothing is left in /dev/shm. */

/*
 * usage: test_memfd <hwtop> <launcher_app>
 * From inside: the program's HWTOP_SEGMENT_FD is a /memfd:hwtop-segment
 * descriptor, and it has nothing open under /dev/shm.  From outside,
 * while the program runs: /proc/<pid>/fd links to /memfd:hwtop-segment,
 * /proc/<pid>/maps maps it, and /dev/shm has no new hwtop file, during
 * the run or after.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lrun.h"

#define MAX_SHM 4096

/* Names in /dev/shm (none when it does not exist). */
static int
shm_names(char names[][256], int max)
{
    DIR *d = opendir("/dev/shm");
    struct dirent *e;
    int n = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL && n < max)
        snprintf(names[n++], 256, "%s", e->d_name);
    closedir(d);
    return n;
}

/* Fails when /dev/shm has a name with "hwtop" in it not in before[]. */
static void
no_new_shm(char before[][256], int nbefore, const char *when)
{
    static char now[MAX_SHM][256];
    int n = shm_names(now, MAX_SHM);

    for (int i = 0; i < n; i++) {
        int old = 0;

        for (int j = 0; j < nbefore && !old; j++)
            old = strcmp(now[i], before[j]) == 0;
        if (!old && strcasestr(now[i], "hwtop") != NULL)
            FAIL("%s: /dev/shm/%s appeared", when, now[i]);
    }
}

static void
test_inside(char *hwtop, char *app)
{
    struct lrun l;
    long long fd;

    lrun_init(&l);
    lrun(&l, ARGV(hwtop, "-b", "-e", "sw", app, "fdcheck"), NULL, 20);
    EXPECT_EXIT(&l, 0);
    fd = FACT(&l.r, "env_fd");
    CHECK_INT(fd, >=, 0);
    CHECK_EQ(FACT(&l.r, "memfd_fd"), fd);
    CHECK(strstr(l.r.out, "fixture: shm_fd=") == NULL);
    CHECK(count_lines(l.r.out, "fixture: memfd_fd=") == 1);
    printf("inside: HWTOP_SEGMENT_FD=%lld is /memfd:hwtop-segment\n", fd);
    lrun_done(&l);
}

static void
test_outside(char *hwtop, char *app)
{
    static char before[MAX_SHM][256];
    int nbefore = shm_names(before, MAX_SHM);
    struct lrun l;
    long long pid;

    lrun_init(&l);
    pid = lrun_loop(&l, hwtop, app, NULL, 10);
    CHECK_EQ(segment_fds(pid, NULL, true), 1);
    CHECK_INT(segment_maps(pid, NULL, 0), >=, 1);
    /* hwtop itself reads the same memfd. */
    CHECK_INT(segment_maps(l.pid, NULL, 0), >=, 1);
    no_new_shm(before, nbefore, "while the program runs");
    CHECK(kill(l.pid, SIGTERM) == 0);
    lrun_wait(&l, 20);
    EXPECT_EXIT(&l, 128 + SIGTERM);
    EXPECT_REPORT(&l);
    no_new_shm(before, nbefore, "after the run");
    printf("outside: pid %lld holds one /memfd:hwtop-segment, /dev/shm has "
           "nothing new\n",
           pid);
    lrun_done(&l);
}

int
main(int argc, char **argv)
{
    if (argc != 3)
        FAIL("usage: test_memfd <hwtop> <launcher_app>");
    require_hwtop(argv[1]);
    test_inside(argv[1], argv[2]);
    test_outside(argv[1], argv[2]);
    return 0;
}
