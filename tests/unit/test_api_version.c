/* SPDX-License-Identifier: MIT */
/* test_api_version.c: the header's version is the loaded library's. */
#include <hwtop.h>

#include "check.h"

int
main(void)
{
    CHECK_EQ(hwtop_get_api_version(), HWTOP_API_VERSION);
    CHECK_EQ(HWTOP_API_VERSION, (HWTOP_VERSION_MAJOR << 16) |
                                    (HWTOP_VERSION_MINOR << 8) |
                                    HWTOP_VERSION_PATCH);
    printf("HWTOP_API_VERSION 0x%06x == hwtop_get_api_version()\n",
           (unsigned)HWTOP_API_VERSION);
    return 0;
}
