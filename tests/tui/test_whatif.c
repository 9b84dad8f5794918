/* SPDX-License-Identifier: MIT */
/* test_whatif.c: the what-if's input and answer, and the bars it sits by. */
#include <math.h>
#include <string.h>
#include <wchar.h>

#include "bars.h"
#include "check.h"
#include "whatif.h"

static void
good(const char *text, double want)
{
    double s = -1;

    if (whatif_parse(text, &s) != 0)
        FAIL("\"%s\" refused", text);
    CHECK_DBL(s, ==, want);
}

static void
bad(const char *text)
{
    double s = 42;

    if (whatif_parse(text, &s) == 0)
        FAIL("\"%s\" taken as %g", text, s);
    CHECK_DBL(s, ==, 42);
}

static void
test_parse(void)
{
    good("2", 2);
    good(" 1.5 ", 1.5);
    good("2x", 2);
    good("3 \xc3\x97", 3);
    good("0.5", 0.5);
    good("1e3", 1000);
    good("inf", INFINITY);
    good("Infinity", INFINITY);
    good("\xe2\x88\x9e", INFINITY);
    bad("");
    bad("   ");
    bad("x");
    bad("0");
    bad("-2");
    bad("nan");
    bad("NaN");
    bad("abc");
    bad("2 3");
    bad("0x10");
    bad("1e999");
    bad("2..5");
    bad("-inf");
}

static void
test_text(void)
{
    char buf[256];

    /* Share 50%, twice as fast: 1 / (0.5 + 0.25) = 1.33; ceiling 2. */
    whatif_text(buf, sizeof buf, "work", 50, 2, true);
    CHECK_STR(buf, "if work were 2\xc3\x97 faster: the whole program would "
                   "run 1.33\xc3\x97 faster (Amdahl: share 50.0%, ceiling "
                   "2.00\xc3\x97)");
    /* 90%, 10 times: 1 / (0.1 + 0.09) = 5.26; ceiling 10. */
    whatif_text(buf, sizeof buf, "hot", 90, 10, false);
    CHECK_STR(buf, "if hot were 10x faster: the whole program would run "
                   "5.26x faster (Amdahl: share 90.0%, ceiling 10.00x)");
    whatif_text(buf, sizeof buf, "hot", 75, INFINITY, false);
    CHECK_STR(buf, "if hot cost nothing: the whole program would run 4.00x "
                   "faster (Amdahl: share 75.0%, ceiling 4.00x)");
    whatif_text(buf, sizeof buf, "all", 100, INFINITY, false);
    CHECK(strstr(buf, "run unbounded faster") != NULL);
    whatif_text(buf, sizeof buf, "r", NAN, 2, false);
    CHECK(strstr(buf, "unknown") != NULL);
    /* Slower is a speedup below 1: 1 / (0.5 + 1) = 0.67. */
    whatif_text(buf, sizeof buf, "r", 50, 0.5, false);
    CHECK(strstr(buf, "were 0.5x faster: the whole program would run 0.67x") !=
          NULL);
}

static void
test_bars(void)
{
    const double v[] = {0, 1, 2, 3, 4, 5, 6, 7, NAN, 7};
    wchar_t out[32];

    CHECK_EQ(bars_spark(out, 32, v, 10, true), 10);
    CHECK(wcscmp(out, L"\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588 "
                      L"\u2588") == 0);
    CHECK_EQ(bars_spark(out, 32, v, 10, false), 10);
    CHECK(wcscmp(out, L"_.,-=+*# #") == 0);
    CHECK_EQ(bars_spark(out, 4, v, 10, false), 3);
    CHECK_EQ(bars_hbar(out, 32, 1, 10, false), 10);
    CHECK(wcscmp(out, L"##########") == 0);
    CHECK_EQ(bars_hbar(out, 32, 0.55, 10, true), 6);
    CHECK(wcscmp(out, L"\u2588\u2588\u2588\u2588\u2588\u258c") == 0);
    CHECK_EQ(bars_hbar(out, 32, 0.001, 10, false), 1); /* a sliver */
    CHECK_EQ(bars_hbar(out, 32, 0, 10, true), 0);
    CHECK_EQ(bars_hbar(out, 32, NAN, 10, true), 0);
    CHECK_EQ(bars_hbar(out, 4, 1, 10, true), 3);
}

int
main(void)
{
    test_parse();
    test_text();
    test_bars();
    printf("ok\n");
    return 0;
}
