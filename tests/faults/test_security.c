/* SPDX-License-Identifier: MIT */
/* test_security.c: the segment's permissions, and hwtop refusing setuid. */

/*
 * usage: test_security <hwtop> <launcher_app> <scratch dir>
 * segment: while the program runs, its mapping of /memfd:hwtop-segment is
 *   rw-s and hwtop's r--s: shared, never executable; the memfd's mode is
 *   0600 and it is sealed against shrinking and growing (the program
 *   cannot pull pages from under hwtop's reader).  tests/launcher/
 *   test_memfd.c checks that nothing goes to /dev/shm.
 * setuid: a copy of hwtop owned by another user with the setuid bit, run
 *   by root, refuses in one line and exits 1 before running anything
 *   (root only: skipped otherwise).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "lrun.h"

/* The descriptor of pid that is the segment, opened anew through /proc. */
static int
open_segment(long long pid)
{
    char path[64];
    int fd;

    if (segment_fds(pid, &fd, false) == 0)
        return -1;
    snprintf(path, sizeof path, "/proc/%lld/fd/%d", pid, fd);
    return open(path, O_RDONLY);
}

static void
test_segment(char *hwtop, char *app)
{
    char perms[8][5];
    struct lrun l;
    struct stat st;
    long long pid;
    int n, fd, seals;

    lrun_init(&l);
    pid = lrun_loop(&l, hwtop, app, NULL, 30);
    n = segment_maps(pid, perms, 8);
    CHECK_INT(n, >=, 1);
    for (int i = 0; i < n && i < 8; i++) {
        printf("  program maps the segment %s\n", perms[i]);
        CHECK_STR(perms[i], "rw-s");
    }
    n = segment_maps(l.pid, perms, 8);
    CHECK_EQ(n, 1);
    printf("  hwtop maps the segment %s\n", perms[0]);
    CHECK_STR(perms[0], "r--s");
    if ((fd = open_segment(l.pid)) < 0)
        FAIL("hwtop holds no segment descriptor");
    CHECK(fstat(fd, &st) == 0);
    CHECK_EQ(st.st_mode & 0777, 0600);
    seals = fcntl(fd, F_GET_SEALS);
    CHECK_INT(seals, >=, 0);
    CHECK((seals & (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)) ==
          (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL));
    CHECK(ftruncate(fd, 0) != 0);
    close(fd);
    CHECK(kill(l.pid, SIGTERM) == 0);
    lrun_wait(&l, 40);
    EXPECT_EXIT(&l, 128 + SIGTERM);
    EXPECT_REPORT(&l);
    printf("segment: no executable mapping, mode 0%o, sealed 0x%x\n",
           st.st_mode & 0777, seals);
    lrun_done(&l);
}

static void
copy_file(const char *from, const char *to)
{
    char buf[65536];
    int in = open(from, O_RDONLY), out;
    ssize_t n;

    out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0700);
    if (in < 0 || out < 0)
        FAIL("copy %s to %s: %s", from, to, strerror(errno));
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            FAIL("copy: %s", strerror(errno));
    close(in);
    close(out);
}

static void
test_setuid(char *hwtop, const char *scratch)
{
    char copy[600];
    const char *nl;
    struct statvfs vfs;
    struct lrun l;

    if (geteuid() != 0) {
        printf("setuid: not root: skipped (needs a file of another user)\n");
        return;
    }
    if (statvfs(scratch, &vfs) != 0 || (vfs.f_flag & ST_NOSUID)) {
        printf("setuid: %s is mounted nosuid: skipped\n", scratch);
        return;
    }
    snprintf(copy, sizeof copy, "%s/hwtop-setuid-copy", scratch);
    copy_file(hwtop, copy);
    if (chown(copy, 65534, 65534) != 0 || chmod(copy, 04755) != 0)
        FAIL("cannot make %s setuid: %s", copy, strerror(errno));
    lrun_init(&l);
    lrun(&l, ARGV(copy, "-b", "/bin/touch", l.marker), NULL, 40);
    unlink(copy);
    CHECK_EQ(l.r.exit_code, 1);
    nl = strchr(l.r.err, '\n');
    /* In a sanitized build LeakSanitizer, which cannot work in a setuid
     * process, adds its own "==PID==" lines: only those may follow. */
    for (const char *p = nl; p != NULL && p[1] != '\0'; p = strchr(p + 1, '\n'))
        if (strncmp(p + 1, "==", 2) != 0)
            FAIL("more than the refusal on stderr: \"%s\"", l.r.err);
    if (strncmp(l.r.err, "hwtop: refusing to run setuid", 29) != 0 ||
        nl == NULL)
        FAIL("not one 'hwtop: refusing to run setuid' line: \"%s\"", l.r.err);
    CHECK(!file_exists(l.marker));
    printf("setuid: %.*s\n", (int)(nl - l.r.err), l.r.err);
    lrun_done(&l);
}

int
main(int argc, char **argv)
{
    if (argc != 4)
        FAIL("usage: test_security <hwtop> <launcher_app> <scratch dir>");
    require_hwtop(argv[1]);
    test_segment(argv[1], argv[2]);
    test_setuid(argv[1], argv[3]);
    return 0;
}
