/* SPDX-License-Identifier: MIT */
/* test_outpath.c: where -o points: read-only, full, a device, a FIFO, a
 * symbolic link; and the report's mode under umask 000. */

/*
 * usage: test_outpath <hwtop> <launcher_app>
 * tests/launcher/test_output.c covers a missing directory, a path under
 * a file, a directory and /proc.  Here, on a private 64 KiB tmpfs
 * (root only; without it, the symlink and umask checks run in /tmp):
 *   read-only mount  one "hwtop: PATH..." line, exit 1, program not run;
 *   full filesystem  the program runs, then one line ("No space left"),
 *                    exit 1, no report and no temp file, and a report
 *                    already there is left as it was;
 *   a character device (its own null and full nodes, never /dev's):
 *                    written into, still a device; full gives ENOSPC,
 *                    exit 1; no .meta.json beside a device;
 *   a FIFO           the CSV comes out of it;
 *   a symbolic link  replaced by the report, its target untouched;
 *   a dangling link  replaced, nothing created where it pointed;
 *   umask 000        the report is 0664: never world-writable.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lrun.h"

static char *hwtop, *app;
static char mnt[300];
static int mounted;

static void
unmount(void)
{
    if (mounted && umount2(mnt, MNT_DETACH) == 0)
        mounted = 0;
    if (mnt[0] != '\0')
        rmdir(mnt);
}

/* A private tmpfs of 64 KiB at mnt, or 0 when this user cannot mount. */
static int
mount_tmpfs(const char *opts)
{
    unmount();
    temp_dir(mnt, sizeof mnt);
    if (mount("tmpfs", mnt, "tmpfs", 0, opts) != 0) {
        printf("  (no tmpfs: %s)\n", strerror(errno));
        return 0;
    }
    mounted = 1;
    return 1;
}

static void
write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
        FAIL("cannot write %s: %s", path, strerror(errno));
}

static char *
read_text(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    size_t n;

    if (f == NULL)
        return NULL;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Names in dir but . and .., space separated. */
static const char *
listing(const char *dir)
{
    static char buf[1024];
    struct dirent *e;
    DIR *d = opendir(dir);

    buf[0] = '\0';
    if (d == NULL)
        return "?";
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s ",
                     e->d_name);
    closedir(d);
    return buf;
}

/* hwtop -b -o out launcher_app exit 0; its lrun (caller: lrun_done). */
static void
run_to(struct lrun *l, const char *out)
{
    lrun_init(l);
    lrun(l, ARGV(hwtop, "-b", "-e", "sw", "-o", (char *)out, app, "exit", "0"),
         NULL, 40);
}

/* stderr is exactly one "hwtop: <path>..." line holding want. */
static void
one_line(const struct lrun *l, const char *path, const char *want)
{
    const char *nl = strchr(l->r.err, '\n');

    if (strncmp(l->r.err, "hwtop: ", 7) != 0 || nl == NULL || nl[1] != '\0' ||
        strstr(l->r.err, path) == NULL || strstr(l->r.err, want) == NULL)
        FAIL("not one 'hwtop: %s...%s' line: \"%s\"", path, want, l->r.err);
}

static void
test_readonly(void)
{
    char path[400];
    struct lrun l;

    if (!mount_tmpfs("size=64k,ro"))
        return;
    snprintf(path, sizeof path, "%s/r.csv", mnt);
    lrun_init(&l);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "-o", path, "/bin/touch", l.marker),
         NULL, 40);
    CHECK_EQ(l.r.exit_code, 1);
    one_line(&l, path, "Read-only file system");
    CHECK(!file_exists(l.marker));
    printf("read-only: exit 1, %s", l.r.err);
    lrun_done(&l);
}

/* Fills the mount: a file grown until ENOSPC. */
static void
fill(void)
{
    char path[400], block[4096];
    int fd;

    snprintf(path, sizeof path, "%s/filler", mnt);
    memset(block, 'x', sizeof block);
    if ((fd = open(path, O_WRONLY | O_CREAT, 0600)) < 0)
        FAIL("open %s: %s", path, strerror(errno));
    while (write(fd, block, sizeof block) > 0)
        ;
    while (write(fd, block, 1) > 0)
        ;
    close(fd);
}

static void
test_full(void)
{
    char path[400], old[400];
    struct lrun l;

    if (!mount_tmpfs("size=64k"))
        return;
    snprintf(path, sizeof path, "%s/r.csv", mnt);
    snprintf(old, sizeof old, "%s/old.csv", mnt);
    write_text(old, "an old report\n");
    fill();
    run_to(&l, path);
    CHECK_EQ(l.r.exit_code, 1);
    one_line(&l, path, "No space left on device");
    CHECK(!file_exists(path));
    CHECK_STR(listing(mnt), "filler old.csv ");
    printf("full: exit 1, %s", l.r.err);
    lrun_done(&l);
    /* A report already there stays whole. */
    run_to(&l, old);
    CHECK_EQ(l.r.exit_code, 1);
    CHECK_STR(read_text(old), "an old report\n");
    CHECK_STR(listing(mnt), "filler old.csv ");
    lrun_done(&l);
}

static void
test_devices(void)
{
    char null[400], full[400], meta[420];
    struct stat st;
    struct lrun l;

    if (!mount_tmpfs("size=64k"))
        return;
    snprintf(null, sizeof null, "%s/null", mnt);
    snprintf(full, sizeof full, "%s/full", mnt);
    if (mknod(null, S_IFCHR | 0666, makedev(1, 3)) != 0 ||
        mknod(full, S_IFCHR | 0666, makedev(1, 7)) != 0) {
        printf("  (no mknod: %s)\n", strerror(errno));
        return;
    }
    run_to(&l, null);
    EXPECT_EXIT(&l, 0);
    CHECK(stat(null, &st) == 0 && S_ISCHR(st.st_mode));
    snprintf(meta, sizeof meta, "%s.meta.json", null);
    CHECK(!file_exists(meta));
    lrun_done(&l);
    run_to(&l, full);
    CHECK_EQ(l.r.exit_code, 1);
    one_line(&l, full, "No space left on device");
    CHECK(stat(full, &st) == 0 && S_ISCHR(st.st_mode));
    CHECK_STR(listing(mnt), "full null "); /* nothing new beside them */
    printf("devices: null written into (exit 0), full: exit 1, %s",
           l.r.err);
    lrun_done(&l);
}

static void
test_fifo(const char *dir)
{
    char fifo[400], got[400];
    struct lrun l;
    pid_t cat;
    int status;

    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    snprintf(got, sizeof got, "%s/got", dir);
    if (mkfifo(fifo, 0600) != 0)
        FAIL("mkfifo: %s", strerror(errno));
    if ((cat = fork()) == 0) {
        int in = open(fifo, O_RDONLY), out = open(got, O_WRONLY | O_CREAT,
                                                   0600);
        char buf[4096];
        ssize_t n;

        while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
            if (write(out, buf, (size_t)n) != n)
                _exit(1);
        _exit(0);
    }
    run_to(&l, fifo);
    EXPECT_EXIT(&l, 0);
    waitpid(cat, &status, 0);
    CHECK(strncmp(read_text(got), "region,parent,thread,calls,", 27) == 0);
    CHECK(strstr(read_text(got), "\nwork,") != NULL);
    printf("fifo: the report came out of the FIFO\n");
    lrun_done(&l);
}

static void
test_links(const char *dir)
{
    char target[400], link1[400], link2[400], where[400], cmd[440];
    struct stat st;
    struct lrun l;

    snprintf(target, sizeof target, "%s/precious.txt", dir);
    snprintf(link1, sizeof link1, "%s/link.csv", dir);
    snprintf(where, sizeof where, "%s/elsewhere", dir);
    snprintf(link2, sizeof link2, "%s/dangling.csv", dir);
    write_text(target, "not a report\n");
    if (symlink(target, link1) != 0 || mkdir(where, 0700) != 0)
        FAIL("symlink: %s", strerror(errno));
    snprintf(cmd, sizeof cmd, "%s/new.csv", where);
    if (symlink(cmd, link2) != 0)
        FAIL("symlink: %s", strerror(errno));

    run_to(&l, link1);
    EXPECT_EXIT(&l, 0);
    CHECK(lstat(link1, &st) == 0 && S_ISREG(st.st_mode));
    CHECK_STR(read_text(target), "not a report\n");
    CHECK(strncmp(read_text(link1), "region,", 7) == 0);
    lrun_done(&l);

    run_to(&l, link2);
    EXPECT_EXIT(&l, 0);
    CHECK(lstat(link2, &st) == 0 && S_ISREG(st.st_mode));
    CHECK(!file_exists(cmd));
    CHECK_STR(listing(where), "");
    printf("links: a link to a file and a dangling link were replaced; "
           "nothing written through them\n");
    lrun_done(&l);
}

static void
test_umask(void)
{
    struct stat st;
    struct lrun l;
    mode_t old = umask(0);
    char log[320], env[340];

    lrun_init(&l);
    /* The debugging log too (next to the marker, outside rep/). */
    snprintf(log, sizeof log, "%s.log", l.marker);
    snprintf(env, sizeof env, "HWTOP_LOG=%s", log);
    lrun(&l,
         ARGV(hwtop, "-b", "-e", "sw", "-o", l.r.csv_path, app, "exit", "0"),
         (const char *const[]){env, NULL}, 40);
    umask(old);
    EXPECT_EXIT(&l, 0);
    CHECK(stat(l.r.csv_path, &st) == 0);
    CHECK_EQ(st.st_mode & 07777, 0664);
    CHECK(stat(l.r.meta_path, &st) == 0);
    CHECK_EQ(st.st_mode & 07777, 0664);
    CHECK(stat(log, &st) == 0);
    CHECK_EQ(st.st_mode & 07777, 0664);
    CHECK(st.st_size > 0);
    printf("umask 000: report, meta.json and HWTOP_LOG are 0664\n");
    lrun_done(&l);
}

int
main(int argc, char **argv)
{
    char dir[256];

    if (argc != 3)
        FAIL("usage: test_outpath <hwtop> <launcher_app>");
    require_hwtop(argv[1]);
    hwtop = argv[1];
    app = argv[2];
    atexit(unmount);
    if (geteuid() == 0) {
        test_readonly();
        test_full();
        test_devices();
        unmount();
    } else {
        printf("not root: no tmpfs, no device nodes\n");
    }
    temp_dir(dir, sizeof dir);
    test_fifo(dir);
    test_links(dir);
    remove_dir(dir);
    test_umask();
    return 0;
}
