/* SPDX-License-Identifier: MIT */
/* text.c: untrusted bytes to safe, clipped characters on the screen. */
#include "text.h"

#include <langinfo.h>
#include <string.h>
#include <wctype.h>

static bool utf8;

void
text_init(void)
{
    const char *cs = nl_langinfo(CODESET);

    utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;
}

bool
text_utf8(void)
{
    return utf8;
}

/* The next character of p: its safe form in out[0..2] (NUL-terminated),
 * its width, and how many bytes it took. */
static size_t
next_char(const char *p, size_t len, wchar_t out[3], int *width)
{
    unsigned char c = (unsigned char)p[0];
    mbstate_t st;
    wchar_t wc;
    size_t n;

    out[1] = L'\0';
    *width = 1;
    if (c < 0x20 || c == 0x7f) {
        out[0] = L'^';
        out[1] = c == 0x7f ? L'?' : (wchar_t)(c + 0x40);
        out[2] = L'\0';
        *width = 2;
        return 1;
    }
    if (c < 0x7f) {
        out[0] = (wchar_t)c;
        return 1;
    }
    out[0] = L'?';
    if (!utf8)
        return 1;
    memset(&st, 0, sizeof st);
    n = mbrtowc(&wc, p, len, &st);
    if (n == 0 || n == (size_t)-1 || n == (size_t)-2)
        return 1;
    /* Printable and one or two columns wide: combining marks and format
     * characters (bidi overrides) are refused, they act on neighbours. */
    if (iswprint((wint_t)wc)) {
        int w = wcwidth(wc);

        if (w == 1 || w == 2) {
            out[0] = wc;
            *width = w;
        }
    }
    return n;
}

/* text_sanitize, also telling how many bytes it took. */
static int
sanitize(wchar_t *dst, size_t dstn, const char *p, size_t len, int maxw,
         size_t *taken)
{
    size_t o = 0, i = 0;
    int used = 0;

    while (i < len && p[i] != '\0' && o + 3 < dstn) {
        wchar_t ch[3];
        int w;
        size_t n = next_char(p + i, len - i, ch, &w);

        if (used + w > maxw)
            break;
        for (int k = 0; ch[k] != L'\0'; k++)
            dst[o++] = ch[k];
        used += w;
        i += n;
    }
    dst[o] = L'\0';
    *taken = i;
    return used;
}

int
text_sanitize(wchar_t *dst, size_t dstn, const char *p, size_t len, int maxw)
{
    size_t taken;

    return sanitize(dst, dstn, p, len, maxw, &taken);
}

int
text_width(const char *p, size_t len, int maxw)
{
    size_t i = 0;
    int used = 0;

    while (i < len && p[i] != '\0') {
        wchar_t ch[3];
        int w;

        i += next_char(p + i, len - i, ch, &w);
        if (used + w > maxw)
            break;
        used += w;
    }
    return used;
}

size_t
text_fit(const char *p, size_t len, int maxw)
{
    size_t i = 0;
    int used = 0;

    while (i < len && p[i] != '\0') {
        wchar_t ch[3];
        int w;
        size_t n = next_char(p + i, len - i, ch, &w);

        if (used + w > maxw)
            break;
        used += w;
        i += n;
    }
    return i;
}

void
pen_at(struct pen *p, WINDOW *win, int y, int x, int right)
{
    p->win = win;
    p->y = y;
    p->x = x;
    p->right = right;
}

int
pen_left(const struct pen *p)
{
    return p->right > p->x ? p->right - p->x : 0;
}

int
pen_wide(struct pen *p, attr_t a, const wchar_t *w)
{
    int left = pen_left(p), used = 0;

    if (left <= 0)
        return 0;
    wattrset(p->win, a);
    wmove(p->win, p->y, p->x);
    for (; *w != L'\0'; w++) {
        int cw = *w < 0x80 ? 1 : wcwidth(*w);

        if (cw < 0 || used + cw > left)
            break;
        waddnwstr(p->win, w, 1);
        used += cw;
    }
    p->x += used;
    return used;
}

int
pen_bytes(struct pen *p, attr_t a, const char *s, size_t len)
{
    wchar_t buf[256];
    int total = 0;

    /* In chunks, so that a long text costs only what fits. */
    while (len > 0 && *s != '\0' && pen_left(p) > 0) {
        size_t take = len < 64 ? len : 64;
        size_t taken;
        int w;

        /* Never split a UTF-8 sequence between chunks. */
        while (take < len && ((unsigned char)s[take] & 0xc0) == 0x80 &&
               take < 68)
            take++;
        w = sanitize(buf, sizeof buf / sizeof buf[0], s, take, pen_left(p),
                     &taken);
        pen_wide(p, a, buf);
        total += w;
        /* Stopped short: the next character does not fit. */
        if (taken < take)
            break;
        len -= take;
        s += take;
    }
    return total;
}

int
pen_text(struct pen *p, attr_t a, const char *s)
{
    return pen_bytes(p, a, s, strlen(s));
}

int
pen_textw(struct pen *p, attr_t a, const char *s, int maxw)
{
    int right = p->right, used;

    if (maxw >= 0 && p->x + maxw < right)
        p->right = p->x + maxw;
    used = pen_text(p, a, s);
    p->right = right;
    return used;
}

void
pen_spaces(struct pen *p, attr_t a, int n)
{
    int left = pen_left(p);

    if (n > left)
        n = left;
    if (n <= 0)
        return;
    wattrset(p->win, a);
    mvwhline(p->win, p->y, p->x, ' ', n);
    p->x += n;
}

void
pen_fill(struct pen *p, attr_t a)
{
    pen_spaces(p, a, pen_left(p));
}
