/* SPDX-License-Identifier: MIT */
/* rdpmc.c: asks the kernel, through a cycles event's mmap page, whether
 * user space may read counters with rdpmc. */
#include "rdpmc.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *
rdpmc_state(char *buf, size_t len)
{
    struct perf_event_attr a;
    struct perf_event_mmap_page *pg;
    long page = sysconf(_SC_PAGESIZE);
    int fd;

    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = PERF_TYPE_HARDWARE;
    a.config = PERF_COUNT_HW_CPU_CYCLES;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    fd = (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) {
        snprintf(buf, len, "n/a (no hardware counter: %s)",
                 errno == ENOENT || errno == EOPNOTSUPP ? "no PMU"
                                                        : strerror(errno));
        return buf;
    }
    pg = mmap(NULL, (size_t)page, PROT_READ, MAP_SHARED, fd, 0);
    if (pg == MAP_FAILED)
        snprintf(buf, len, "unknown (mmap: %s)", strerror(errno));
    else
        snprintf(buf, len, "%s", pg->cap_user_rdpmc ? "yes" : "no (kernel "
                                                                  "disallows)");
    if (pg != MAP_FAILED)
        munmap(pg, (size_t)page);
    close(fd);
    return buf;
}
