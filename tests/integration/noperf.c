/* SPDX-License-Identifier: MIT */
/* noperf.c: runs a program whose perf_event_open the kernel refuses. */

/*
 * usage: noperf <program> [args...]
 * Installs a seccomp filter that makes perf_event_open fail with EACCES
 * (as a container's default profile does), checks that it bites, then
 * executes the program, which inherits the filter.  Exits 77 with a line
 * on stderr when this kernel or architecture cannot do that.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/perf_event.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NOPERF_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NOPERF_ARCH AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define NOPERF_ARCH AUDIT_ARCH_I386
#endif

static int
install_filter(void)
{
#ifdef NOPERF_ARCH
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NOPERF_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_perf_event_open, 0, 1),
        BPF_STMT(BPF_RET | BPF_K,
                 SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof code / sizeof code[0], code};

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        fprintf(stderr, "noperf: PR_SET_NO_NEW_PRIVS: %s\n", strerror(errno));
        return -1;
    }
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        fprintf(stderr, "noperf: seccomp filters unavailable: %s\n",
                strerror(errno));
        return -1;
    }
    return 0;
#else
    fprintf(stderr, "noperf: no seccomp filter for this architecture\n");
    return -1;
#endif
}

/* The filter must bite: a software event is now refused with EACCES. */
static int
check_refused(void)
{
    struct perf_event_attr a;
    long fd;

    memset(&a, 0, sizeof a);
    a.size = sizeof a;
    a.type = PERF_TYPE_SOFTWARE;
    a.config = PERF_COUNT_SW_TASK_CLOCK;
    a.exclude_kernel = 1;
    fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
    if (fd >= 0 || errno != EACCES) {
        fprintf(stderr, "noperf: the filter did not refuse perf_event_open\n");
        if (fd >= 0)
            close((int)fd);
        return -1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: noperf <program> [args...]\n");
        return 2;
    }
    if (install_filter() != 0 || check_refused() != 0)
        return 77;
    execv(argv[1], argv + 1);
    fprintf(stderr, "noperf: exec %s: %s\n", argv[1], strerror(errno));
    return 127;
}
