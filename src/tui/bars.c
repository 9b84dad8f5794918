/* SPDX-License-Identifier: MIT */
/* bars.c: sparklines and horizontal bars as characters, UTF-8 or ASCII. */
#include "bars.h"

#include <math.h>

/* ▁▂▃▄▅▆▇█ */
static const wchar_t spark_utf8[8] = {0x2581, 0x2582, 0x2583, 0x2584,
                                      0x2585, 0x2586, 0x2587, 0x2588};
static const wchar_t spark_ascii[8] = {'_', '.', ',', '-', '=', '+', '*', '#'};
/* ▏▎▍▌▋▊▉ then █: eighths of a cell. */
static const wchar_t eighths[8] = {0x258f, 0x258e, 0x258d, 0x258c,
                                   0x258b, 0x258a, 0x2589, 0x2588};

int
bars_spark(wchar_t *out, size_t outn, const double *v, int n, bool utf8)
{
    const wchar_t *g = utf8 ? spark_utf8 : spark_ascii;
    double max = 0;
    int o = 0;

    if (outn == 0)
        return 0;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] > max)
            max = v[i];
    for (int i = 0; i < n && (size_t)o + 1 < outn; i++) {
        int level = 0;

        if (!isfinite(v[i])) {
            out[o++] = L' ';
            continue;
        }
        if (max > 0 && v[i] > 0)
            level = (int)lround(v[i] / max * 7);
        out[o++] = g[level < 0 ? 0 : level > 7 ? 7 : level];
    }
    out[o] = L'\0';
    return o;
}

int
bars_hbar(wchar_t *out, size_t outn, double frac, int width, bool utf8)
{
    long eighth;
    int o = 0;

    if (outn == 0)
        return 0;
    if (!isfinite(frac) || frac < 0)
        frac = 0;
    if (frac > 1)
        frac = 1;
    if (width < 0)
        width = 0;
    eighth = lround(frac * width * 8);
    if (eighth == 0 && frac > 0)
        eighth = 1;
    while (eighth >= 8 && (size_t)o + 1 < outn) {
        out[o++] = utf8 ? eighths[7] : L'#';
        eighth -= 8;
    }
    /* ASCII rounds to whole cells; a sliver keeps a count visible. */
    if (eighth > 0 && (size_t)o + 1 < outn && (utf8 || eighth >= 4 || o == 0))
        out[o++] = utf8 ? eighths[eighth - 1] : eighth >= 4 ? L'#' : L'|';
    out[o] = L'\0';
    return o;
}
