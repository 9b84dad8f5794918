/* SPDX-License-Identifier: MIT */
/* output.c: report files, written whole or not at all. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

bool
output_is_stream(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

/* Runs write on fd (closed here); 0 or -errno. */
static int
write_fd(int fd, bool sync, int (*write)(FILE *f, const void *arg),
         const void *arg)
{
    FILE *f = fdopen(fd, "w");
    int rc;

    if (f == NULL) {
        rc = -errno;
        close(fd);
        return rc;
    }
    rc = write(f, arg);
    if (rc == 0 && fflush(f) != 0)
        rc = -errno;
    if (rc == 0 && sync && fsync(fileno(f)) != 0 && errno != EINVAL)
        rc = -errno;
    if (fclose(f) != 0 && rc == 0)
        rc = -errno;
    return rc;
}

/* A device or FIFO (/dev/null, /dev/stdout, a pipe): written into as it
 * is; replacing it would put a file where a device was. */
static int
output_stream(const char *path, int (*write)(FILE *f, const void *arg),
              const void *arg, const char **why)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC), rc;

    if (fd < 0) {
        *why = "cannot open";
        return -errno;
    }
    if ((rc = write_fd(fd, false, write, arg)) != 0)
        *why = "write failed";
    return rc < 0 ? rc : rc != 0 ? -EIO : 0;
}

/* A new temporary file beside path; its fd, or -errno.  Created with
 * O_EXCL (a link planted at the name is not followed) and mode 0664
 * less the umask: a report is never world-writable. */
static int
temp_beside(const char *path, char *tmp, size_t len)
{
    struct timespec ts;

    for (int i = 0; i < 100; i++) {
        int fd;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        snprintf(tmp, len, "%s.tmp.%06lx", path,
                 ((unsigned long)ts.tv_nsec ^ (unsigned long)getpid() << 8 ^
                  (unsigned long)i * 7919) &
                     0xffffff);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0664);
        if (fd >= 0 || errno != EEXIST)
            return fd >= 0 ? fd : -errno;
    }
    return -EEXIST;
}

int
output_atomic(const char *path, int (*write)(FILE *f, const void *arg),
              const void *arg, const char **why)
{
    size_t len = strlen(path) + 16;
    char *tmp;
    int fd, rc;

    if (output_is_stream(path))
        return output_stream(path, write, arg, why);
    if ((tmp = malloc(len)) == NULL) {
        *why = "out of memory";
        return -ENOMEM;
    }
    if ((fd = temp_beside(path, tmp, len)) < 0) {
        *why = "cannot create";
        free(tmp);
        return fd;
    }
    if ((rc = write_fd(fd, true, write, arg)) != 0) {
        *why = "write failed";
        goto fail;
    }
    /* rename() replaces path itself: a symbolic link there is replaced,
     * never written through. */
    if (rename(tmp, path) != 0) {
        rc = -errno;
        *why = "cannot rename into place";
        goto fail;
    }
    free(tmp);
    return 0;
fail:
    unlink(tmp);
    free(tmp);
    return rc < 0 ? rc : -EIO;
}
