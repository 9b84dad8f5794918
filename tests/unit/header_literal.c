/* SPDX-License-Identifier: MIT */
/* header_literal.c: one macro given NAME; built by header.sh to fail. */
#include <hwtop.h>

void literal_check(const char *var);

void
literal_check(const char *var)
{
    static const char arr[] = "array";

    (void)var;
    (void)arr;
#if WHICH == 1
    PERF_REGION_BEGIN(NAME);
#elif WHICH == 2
    PERF_REGION_END(NAME);
#else
    PERF_REGION(NAME);
#endif
}
