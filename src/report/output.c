/* SPDX-License-Identifier: MIT */
/* output.c: atomic report files. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
output_atomic(const char *path, int (*write)(FILE *f, const void *arg),
              const void *arg, const char **why)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    FILE *f = NULL;
    int fd, rc;

    if (tmp == NULL) {
        *why = "out of memory";
        return -ENOMEM;
    }
    snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
    fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        rc = -errno;
        *why = "cannot create";
        free(tmp);
        return rc;
    }
    /* Reports are the user's files: honour the umask, as fopen would. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    f = fdopen(fd, "w");
    if (f == NULL) {
        rc = -errno;
        close(fd);
        *why = "cannot open";
        goto fail;
    }
    rc = write(f, arg);
    if (rc == 0 && fflush(f) != 0)
        rc = -errno;
    if (rc == 0 && fsync(fileno(f)) != 0 && errno != EINVAL)
        rc = -errno;
    if (fclose(f) != 0 && rc == 0)
        rc = -errno;
    if (rc != 0) {
        *why = "write failed";
        goto fail;
    }
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
