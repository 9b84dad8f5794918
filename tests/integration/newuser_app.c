/* SPDX-License-Identifier: MIT */
/* newuser_app.c: a first program with hwtop, written from the README. */
#include <hwtop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
load(size_t n)
{
    char *buf = malloc(n);

    if (buf != NULL)
        memset(buf, 1, n);
    return buf;
}

static long
step(const char *buf, size_t n, int i)
{
    long sum = 0;

    for (size_t k = (size_t)i; k < n; k += 64)
        sum += buf[k];
    return sum;
}

int
main(void)
{
    size_t n = 8u << 20;
    long sum = 0;
    char *buf;

    PERF_REGION_BEGIN("load");
    buf = load(n);
    PERF_REGION_END("load");
    if (buf == NULL)
        return 1;
    for (int i = 0;; i++) {
        PERF_REGION("step");
        if (i == 9)
            break;
        sum += step(buf, n, i);
    }
    free(buf);
    printf("sum %ld\n", sum);
    return 0;
}
