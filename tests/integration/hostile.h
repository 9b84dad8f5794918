/* SPDX-License-Identifier: MIT */
/* hostile.h: the region and thread names the fixture uses and tests expect. */
#ifndef HWTOP_TEST_HOSTILE_H
#define HWTOP_TEST_HOSTILE_H

#include <stdlib.h>
#include <string.h>

/* Names are bytes: commas, quotes, CR/LF, controls, invalid UTF-8. */
struct hostile_name {
    const char *p;
    size_t len;
};

/* clang-format off */
#define HOSTILE(s) {s, sizeof s - 1}

static const struct hostile_name hostile_fixed[] = {
    HOSTILE("comma,name"),
    HOSTILE("\"quoted\""),
    HOSTILE("say \"hi\", ok"),
    HOSTILE("line\nfeed"),
    HOSTILE("carriage\rreturn"),
    HOSTILE("crlf\r\nend"),
    HOSTILE("tab\there"),
    HOSTILE("ctrl\x01\x02\x1b[31mred\x7f"),
    HOSTILE("bad utf8 \xff\xfe"),
    HOSTILE("lone \x80 continuation"),
    HOSTILE("cut short \xc3"),
    HOSTILE("overlong \xc0\xaf"),
    HOSTILE("surrogate \xed\xa0\x80"),
    HOSTILE(" leading and trailing space "),
    HOSTILE("\""),
    HOSTILE(","),
    HOSTILE("\r\n"),
    HOSTILE("\n"),
    HOSTILE("same"),
    HOSTILE("same "),
    HOSTILE("same\r"),
    HOSTILE("=cmd|'/C calc'!A0"),
    /* Valid UTF-8: accented letters, a check mark, two kanji. */
    HOSTILE("\xc3\xbcn\xc3\xaf" "c" "\xc3\xb6" "d" "\xc3\xa9 \xe2\x9c\x93 "
            "\xe6\xbc\xa2\xe5\xad\x97"),
    HOSTILE(""),
};
/* clang-format on */

#define HOSTILE_NFIXED (sizeof hostile_fixed / sizeof hostile_fixed[0])

/* A region nested in another, both hostile, for the parent column. */
static const struct hostile_name hostile_parent = HOSTILE("par,\"ent\"\r\n");
static const struct hostile_name hostile_child = HOSTILE("chi\tld\x01,");
/* The same bytes as a string literal, through the macros. */
#define HOSTILE_LITERAL "macro, \"literal\"\n"
/* The fixture's main thread label (under the 63-byte cut). */
#define HOSTILE_THREAD "thr,\"ead\"\r\n\x01"

/* The library keeps names up to this many bytes, cuts longer ones. */
#define HOSTILE_NAME_MAX 16384
#define HOSTILE_LONG_BYTES 10240
#define HOSTILE_HUGE_BYTES 20000

/* len bytes cycling through every value but NUL; malloc'd, NUL-ended. */
static inline char *
hostile_long(size_t len, unsigned seed)
{
    char *p = malloc(len + 1);

    if (p == NULL)
        abort();
    for (size_t k = 0; k < len; k++)
        p[k] = (char)(1 + (k * 31 + seed) % 255);
    p[len] = '\0';
    return p;
}

#endif /* HWTOP_TEST_HOSTILE_H */
