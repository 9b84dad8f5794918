/* SPDX-License-Identifier: MIT */
/* whatif.c: "if this region were S times faster": input and answer. */
#include "whatif.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "metrics.h"

static const char *
skip_space(const char *p)
{
    while (*p != '\0' && isspace((unsigned char)*p))
        p++;
    return p;
}

/* "inf", "infinity" or "∞", alone. */
static bool
is_infinite(const char *p, size_t n)
{
    return (n == 3 && strncasecmp(p, "inf", 3) == 0) ||
           (n == 8 && strncasecmp(p, "infinity", 8) == 0) ||
           (n == 3 && memcmp(p, "\xe2\x88\x9e", 3) == 0);
}

int
whatif_parse(const char *text, double *s)
{
    const char *p = skip_space(text), *end;
    size_t n;
    double v;
    char *stop;

    end = p + strlen(p);
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    /* A trailing "x" or "×" says "times". */
    if (end > p && (end[-1] == 'x' || end[-1] == 'X'))
        end--;
    else if (end - p >= 2 && memcmp(end - 2, "\xc3\x97", 2) == 0)
        end -= 2;
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    n = (size_t)(end - p);
    if (n == 0)
        return -EINVAL;
    if (is_infinite(p, n)) {
        *s = INFINITY;
        return 0;
    }
    /* Decimal only: strtod would take "nan", hex and "inf" spelt
     * otherwise. */
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)p[i]) && p[i] != '.' && p[i] != 'e' &&
            p[i] != 'E' && p[i] != '+' && p[i] != '-')
            return -EINVAL;
    errno = 0;
    v = strtod(p, &stop);
    if (stop != end || errno == ERANGE || !isfinite(v) || v <= 0)
        return -EINVAL;
    *s = v;
    return 0;
}

const char *
whatif_factor(char *buf, size_t len, double x, bool utf8)
{
    const char *times = utf8 ? "\xc3\x97" : "x";

    if (isinf(x))
        snprintf(buf, len, "%s", utf8 ? "\xe2\x88\x9e" : "unbounded");
    else if (isnan(x))
        snprintf(buf, len, "?");
    else if (x < 100)
        snprintf(buf, len, "%.2f%s", x, times);
    else
        snprintf(buf, len, "%.0f%s", x, times);
    return buf;
}

const char *
whatif_text(char *buf, size_t len, const char *name, double share_pct, double s,
            bool utf8)
{
    char how[48], x[32], ceiling[32];
    double p = share_pct / 100;

    if (isinf(s))
        snprintf(how, sizeof how, "cost nothing");
    else
        snprintf(how, sizeof how, "were %.3g%s faster", s,
                 utf8 ? "\xc3\x97" : "x");
    if (isnan(share_pct)) {
        snprintf(buf, len,
                 "if %s %s: unknown, the program's total time is not known "
                 "yet",
                 name, how);
        return buf;
    }
    if (p > 1)
        p = 1; /* a share above 100% is rounding, or threads added up */
    whatif_factor(x, sizeof x, metrics_amdahl(p, s), utf8);
    whatif_factor(ceiling, sizeof ceiling, metrics_amdahl(p, INFINITY), utf8);
    snprintf(buf, len,
             "if %s %s: the whole program would run %s faster (Amdahl: "
             "share %.1f%%, ceiling %s)",
             name, how, x, share_pct, ceiling);
    return buf;
}
