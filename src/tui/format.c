/* SPDX-License-Identifier: MIT */
/* format.c: percentages, ratios and clocks for the TUI. */
#include "format.h"

#include <math.h>
#include <stdio.h>

const char *
format_pct(char *buf, size_t len, double v)
{
    if (!isfinite(v))
        buf[0] = '\0';
    else
        snprintf(buf, len, "%.1f", v);
    return buf;
}

const char *
format_ratio(char *buf, size_t len, double v)
{
    if (!isfinite(v))
        buf[0] = '\0';
    else if (fabs(v) >= 99.95)
        snprintf(buf, len, "%.1f", v);
    else
        snprintf(buf, len, "%.2f", v);
    return buf;
}

const char *
format_clock(char *buf, size_t len, uint64_t ns)
{
    uint64_t s = ns / 1000000000u;

    if (s >= 3600)
        snprintf(buf, len, "%u:%02u:%02u", (unsigned)(s / 3600),
                 (unsigned)(s / 60 % 60), (unsigned)(s % 60));
    else
        snprintf(buf, len, "%u:%02u", (unsigned)(s / 60), (unsigned)(s % 60));
    return buf;
}

const char *
format_delay(char *buf, size_t len, double s)
{
    if (!isfinite(s) || s < 0)
        s = 0;
    snprintf(buf, len, "%.3g s", s);
    return buf;
}
