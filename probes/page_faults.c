/* SPDX-License-Identifier: MIT */
/* page_faults.c: touching fresh pages (a fault each) vs pages already mapped.
 */
#include <hwtop.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "probe.h"

/*
 * Fresh anonymous memory has no pages behind it: the first write to each
 * page traps into the kernel, which finds a zeroed page and maps it (a
 * minor fault).  The second time round the pages are there and the same
 * writes cost a few nanoseconds.  Transparent huge pages are turned off
 * for the fresh mapping (MADV_NOHUGEPAGE) so that it is one fault per
 * base page on every machine.  Faults are counted here with getrusage,
 * and by hwtop per region (the page_faults software counter).
 */

static long
minor_faults(void)
{
    struct rusage ru;

    getrusage(RUSAGE_THREAD, &ru);
    return ru.ru_minflt;
}

/* Writes one byte per page. */
static __attribute__((noinline)) void
touch(volatile char *p, size_t bytes, size_t page)
{
    for (size_t i = 0; i < bytes; i += page)
        p[i] = (char)i;
}

struct pf_case {
    uint64_t best_ns;
    long faults; /* over all repetitions */
};

static int
fresh(size_t bytes, size_t page, struct pf_case *c)
{
    char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t t0, dt;
    long f0;

    if (p == MAP_FAILED)
        return -1;
    madvise(p, bytes, MADV_NOHUGEPAGE);
    f0 = minor_faults();
    t0 = probe_now_ns();
    PERF_REGION_BEGIN("pages fresh");
    touch(p, bytes, page);
    PERF_REGION_END("pages fresh");
    dt = probe_now_ns() - t0;
    c->faults += minor_faults() - f0;
    if (c->best_ns == 0 || dt < c->best_ns)
        c->best_ns = dt;
    munmap(p, bytes);
    return 0;
}

static void
reused(char *p, size_t bytes, size_t page, struct pf_case *c)
{
    uint64_t t0, dt;
    long f0 = minor_faults();

    t0 = probe_now_ns();
    PERF_REGION_BEGIN("pages reused");
    touch(p, bytes, page);
    PERF_REGION_END("pages reused");
    dt = probe_now_ns() - t0;
    c->faults += minor_faults() - f0;
    if (c->best_ns == 0 || dt < c->best_ns)
        c->best_ns = dt;
}

static void
report(size_t pages, size_t page, int done, const struct pf_case *f,
       const struct pf_case *r)
{
    printf("page_faults: writing one byte in each of %zu pages of %zu B, %d "
           "times each\n",
           pages, page, done);
    printf("%-8s %8s %12s %9s\n", "case", "pages", "faults/page", "ns/page");
    printf("%-8s %8zu %12.2f %9.1f\n", "fresh", pages,
           (double)f->faults / (double)(pages * (size_t)done),
           (double)f->best_ns / (double)pages);
    printf("%-8s %8zu %12.2f %9.1f\n", "reused", pages,
           (double)r->faults / (double)(pages * (size_t)done),
           (double)r->best_ns / (double)pages);
    printf("page_faults: a fresh page costs %.0f ns more: the kernel maps it "
           "on the first touch\n",
           ((double)f->best_ns - (double)r->best_ns) / (double)pages);
}

int
probe_page_faults(const struct probe_opts *o)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t bytes = o->quick ? 16u << 20 : 64u << 20, pages = bytes / page;
    struct pf_case f = {0, 0}, r = {0, 0};
    int reps = probe_reps(o, 3, 5), done = 0;
    char *mine = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (mine == MAP_FAILED) {
        perror("page_faults: mmap");
        return -1;
    }
    madvise(mine, bytes, MADV_NOHUGEPAGE);
    touch(mine, bytes, page); /* mapped once, before the measurements */
    for (; done < reps && !probe_stop; done++) {
        if (fresh(bytes, page, &f) != 0) {
            perror("page_faults: mmap");
            break;
        }
        reused(mine, bytes, page, &r);
    }
    munmap(mine, bytes);
    if (done == 0)
        return -1;
    if (!o->silent)
        report(pages, page, done, &f, &r);
    return 0;
}
