/* SPDX-License-Identifier: MIT */
/* testapp.h: what the programs the tests run hwtop on have in common. */
#ifndef HWTOP_TEST_APP_H
#define HWTOP_TEST_APP_H

/*
 * Facts for the test go to stdout as "fixture: key=value" lines (under
 * `hwtop -b` the program's stdout is hwtop's); each program picks a
 * scenario by argv[1] from a table of them.
 */
#include <hwtop.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* "fixture: key=value", flushed: it survives a crash or an _exit. */
static inline void
fact(const char *key, long long value)
{
    printf("fixture: %s=%lld\n", key, value);
    fflush(stdout);
}

/* value to path atomically (a rename), for the test to wait on: it sees
 * all of it or nothing.  _exit(1) when it cannot. */
static inline void
write_marker(const char *path, long long value)
{
    char tmp[4200];
    FILE *f;

    snprintf(tmp, sizeof tmp, "%s.part", path);
    f = fopen(tmp, "w");
    if (f == NULL || fprintf(f, "%lld\n", value) < 0 || fclose(f) != 0 ||
        rename(tmp, path) != 0) {
        perror("write_marker");
        _exit(1);
    }
}

/* npages fresh anonymous pages, no huge pages: the first touch of each
 * is a page fault.  munmap() them (npages * _SC_PAGESIZE bytes); exits
 * when they cannot be had. */
static inline char *
fresh_pages(long npages)
{
    size_t len = (size_t)npages * (size_t)sysconf(_SC_PAGESIZE);
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED) {
        perror("fresh_pages: mmap");
        exit(1);
    }
    madvise(p, len, MADV_NOHUGEPAGE);
    return p;
}

/* Writes a byte into each of the npages pages at p. */
static inline void
touch_each(char *p, long npages)
{
    long page = sysconf(_SC_PAGESIZE);

    for (long i = 0; i < npages; i++)
        ((volatile char *)p)[i * page] = 1;
}

/* Touches npages fresh pages, then unmaps them: a page fault each. */
static inline void
touch_pages(long npages)
{
    char *p = fresh_pages(npages);

    touch_each(p, npages);
    munmap(p, (size_t)npages * (size_t)sysconf(_SC_PAGESIZE));
}

static pthread_barrier_t app_barrier;

static inline void *
app_thread(void *arg)
{
    (void)arg;
    pthread_barrier_wait(&app_barrier);
    PERF_REGION_BEGIN("t");
    PERF_REGION_END("t");
    pthread_barrier_wait(&app_barrier);
    return NULL;
}

/* n threads alive at once (none ends before all have begun: no thread
 * block is claimed after another ends), one call of region "t" each; the
 * caller runs no region.  Returns 0 with the fact threads=n, 2 for a bad
 * n, 3 when not all n threads could start. */
static inline int
app_threads(int n)
{
    pthread_t *t = n > 0 ? calloc((size_t)n, sizeof *t) : NULL;
    pthread_attr_t attr;
    int made = 0;

    if (t == NULL)
        return 2;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_barrier_init(&app_barrier, NULL, (unsigned)n + 1);
    for (int i = 0; i < n; i++)
        if (pthread_create(&t[i], &attr, app_thread, NULL) == 0)
            made++;
    if (made != n) {
        fprintf(stderr, "app_threads: %d of %d threads\n", made, n);
        return 3; /* the barrier would wait forever: not our test */
    }
    pthread_barrier_wait(&app_barrier);
    pthread_barrier_wait(&app_barrier);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    fact("threads", n);
    free(t);
    return 0;
}

/* NULL, behind a volatile: the compiler cannot see the crash coming. */
static int *volatile app_nowhere;

/* A segmentation fault.  The default action first: a sanitizer's handler
 * would turn the crash into an exit; UBSan would report the NULL store
 * and exit 1, and this crash is the test. */
__attribute__((no_sanitize("undefined"))) static inline void
segfault(void)
{
    signal(SIGSEGV, SIG_DFL);
    *app_nowhere = 1;
}

struct app_scenario {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[1] is the scenario's name */
};

/* Runs the scenario argv[1] names (of n); 2 and usage on stderr when
 * none does. */
static inline int
app_run(const struct app_scenario *sc, size_t n, int argc, char **argv,
        const char *usage)
{
    for (size_t i = 0; argc >= 2 && i < n; i++)
        if (strcmp(argv[1], sc[i].name) == 0)
            return sc[i].run(argc, argv);
    fprintf(stderr, "usage: %s\n", usage);
    return 2;
}

#define APP_RUN(table, argc, argv, usage)                                      \
    app_run(table, sizeof table / sizeof table[0], argc, argv, usage)

#endif /* HWTOP_TEST_APP_H */
