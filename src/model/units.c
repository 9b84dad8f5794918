/* SPDX-License-Identifier: MIT */
/* units.c: human-readable times, counts and terminal-safe names. */
#include "units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *
units_time(char *buf, size_t len, double ns)
{
    if (isnan(ns))
        snprintf(buf, len, "%s", "");
    else if (ns < 1e3)
        snprintf(buf, len, "%.0f ns", ns);
    else if (ns < 1e6)
        snprintf(buf, len, "%.*f us", ns < 1e4 ? 2 : 1, ns / 1e3);
    else if (ns < 1e9)
        snprintf(buf, len, "%.*f ms", ns < 1e7 ? 2 : 1, ns / 1e6);
    else if (ns < 60e9)
        snprintf(buf, len, "%.2f s", ns / 1e9);
    else
        snprintf(buf, len, "%.0fm%02.0fs", floor(ns / 60e9),
                 fmod(floor(ns / 1e9), 60));
    return buf;
}

const char *
units_count(char *buf, size_t len, double v)
{
    static const char *const suffix[] = {"k", "M", "G", "T", "P"};
    double a = fabs(v);
    int i = -1;

    if (isnan(v)) {
        snprintf(buf, len, "%s", "");
        return buf;
    }
    if (a < 1000) {
        snprintf(buf, len, v == floor(v) ? "%.0f" : "%.3g", v);
        return buf;
    }
    while (a >= 1000 && i < 4) {
        a /= 1000;
        v /= 1000;
        i++;
    }
    snprintf(buf, len, "%.*f %s", a < 10 ? 2 : a < 100 ? 1 : 0, v, suffix[i]);
    return buf;
}

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when invalid or a
 * C0/C1 control character (which could drive the terminal). */
static size_t
utf8_printable(const unsigned char *p)
{
    size_t n;
    unsigned cp;

    if (p[0] >= 0x20 && p[0] < 0x7f)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf)
        n = 2, cp = p[0] & 0x1fu;
    else if (p[0] >= 0xe0 && p[0] <= 0xef)
        n = 3, cp = p[0] & 0x0fu;
    else if (p[0] >= 0xf0 && p[0] <= 0xf4)
        n = 4, cp = p[0] & 0x07u;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3fu);
    }
    if (cp < 0xa0 || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

const char *
units_utf8_clean(char *buf, size_t len, const char *name)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t o = 0;

    while (*p != '\0') {
        size_t n = *p < 0x80 ? 1 : utf8_printable(p);

        /* C1 controls are valid UTF-8: keep them, JSON escapes them. */
        if (n == 0 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)
            n = 2;
        if (o + (n ? n : 3) + 1 > len)
            break;
        if (n == 0) {
            memcpy(buf + o, "\xef\xbf\xbd", 3);
            o += 3;
            p++;
        } else {
            memcpy(buf + o, p, n);
            o += n;
            p += n;
        }
    }
    buf[o] = '\0';
    return buf;
}

const char *
units_safe_name(char *buf, size_t len, const char *name, size_t width)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t o = 0, cols = 0, last = 0;

    while (*p != '\0' && cols < width) {
        size_t n = utf8_printable(p);

        if (o + (n ? n : 1) + 1 > len)
            break;
        last = o;
        if (n == 0) {
            buf[o++] = '?';
            p++;
        } else {
            memcpy(buf + o, p, n);
            o += n;
            p += n;
        }
        cols++;
    }
    if (*p != '\0' && o > 0)
        o = last, buf[o++] = '~';
    buf[o] = '\0';
    return buf;
}
