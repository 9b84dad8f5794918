/* SPDX-License-Identifier: MIT */
/* header_use.c: every macro and function of hwtop.h, as C or C++. */
#include <hwtop.h>

int header_use(const char *runtime_name, int n);

static int
scoped(int n)
{
    int i;

    for (i = 0; i < n; i++) {
        PERF_REGION("loop");
        if (i == 3)
            break;
    }
    {
        PERF_REGION("outer");
        PERF_REGION("inner");
        if (n == 1)
            goto out;
        if (n == 2)
            return 2;
    }
out:
    return 0;
}

int
header_use(const char *runtime_name, int n)
{
    int rc = 0;
    unsigned v;

    PERF_REGION_BEGIN("begin-end");
    rc |= scoped(n);
    PERF_REGION_END("begin-end");
    hwtop_thread_name("worker");
    hwtop_region_begin(runtime_name);
    hwtop_region_end(runtime_name);
    rc |= hwtop_region_begin(runtime_name);
    rc |= hwtop_region_end(runtime_name);
    rc |= hwtop_thread_name(runtime_name);
    v = hwtop_get_api_version();
#if HWTOP_API_VERSION < 0x000100
#error "HWTOP_API_VERSION is not 0xMMmmpp"
#endif
    return rc + (v == HWTOP_API_VERSION ? 0 : 1);
}
