/* SPDX-License-Identifier: MIT */
/* cpus.c: reads the CPU each thread last ran on from /proc. */
#include "cpus.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Fields of /proc/.../stat after the command's closing ')': the state is
 * field 3, so "processor" (field 39) is the 37th of them. */
#define STAT_PROCESSOR_AFTER_COMM 37

int
cpus_last(int pid, int tid)
{
    char path[64], buf[1024], *p, *end;
    ssize_t n;
    long cpu;
    int fd;

    if (pid <= 0 || tid <= 0)
        return -1;
    snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pid, tid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    /* The command may hold spaces and ')': skip to the last ')'. */
    p = strrchr(buf, ')');
    if (p == NULL)
        return -1;
    p++;
    for (int field = 1; field < STAT_PROCESSOR_AFTER_COMM; field++) {
        p = strchr(p + 1, ' ');
        if (p == NULL)
            return -1;
    }
    cpu = strtol(p, &end, 10);
    return end != p && cpu >= 0 && cpu < 1 << 20 ? (int)cpu : -1;
}

void
cpus_fill(struct snapshot *s)
{
    for (int i = 0; i < s->nthreads; i++) {
        struct snap_thread *t = &s->threads[i];

        t->cpu = -1;
        if (t->state == 1)
            t->cpu = cpus_last(t->pid > 0 ? t->pid : s->pid, t->tid);
    }
}
