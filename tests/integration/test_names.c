/* SPDX-License-Identifier: MIT */
/* test_names.c: hostile region and thread names round-trip byte for byte. */

/*
 * usage: test_names <fixture>
 * "fixture names" opens each name of hostile.h twice (run-time API), a
 * 10 KB name, a 20 KB one (cut at the documented limit, flagged), a
 * hostile parent with a hostile child, and a hostile literal through the
 * macros, on a thread with a hostile label.  The report is parsed back
 * with the strict RFC 4180 reader and every name compared byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "hostile.h"

/* The name's thread row and all row, 2 calls each, parent as given. */
static void
check_name(const struct run *r, const char *p, size_t len,
           const struct hostile_name *parent)
{
    const struct csv_record *t = ROW(r, p, len, HOSTILE_THREAD);
    const struct csv_record *a = ROW(r, p, len, "all");
    const struct csv_field *pf = STR(r, t, "parent");

    if (row_count(r, p, len) != 2)
        FAIL("%d rows named \"%.40s\" (%zu bytes), expected 2",
             row_count(r, p, len), p, len);
    CHECK_EQ(NUM(r, t, "calls"), 2);
    CHECK_EQ(NUM(r, a, "calls"), 2);
    if (parent == NULL)
        CHECK_EQ(pf->len, 0);
    else
        CHECK(same_bytes(pf, parent->p, parent->len));
    CHECK(same_bytes(STR(r, a, "parent"), pf->p, pf->len));
}

int
main(int argc, char **argv)
{
    const char *env[] = {"HWTOP_EVENTS=sw", NULL};
    char *lng = hostile_long(HOSTILE_LONG_BYTES, 7);
    char *huge = hostile_long(HOSTILE_HUGE_BYTES, 11);
    const struct csv_record *cut;
    struct run r;

    if (argc != 2)
        FAIL("usage: test_names <fixture>");
    run_fixture(&r, argv[1], "names", env);

    for (size_t i = 0; i < HOSTILE_NFIXED; i++)
        check_name(&r, hostile_fixed[i].p, hostile_fixed[i].len, NULL);
    check_name(&r, lng, HOSTILE_LONG_BYTES, NULL);
    CHECK(
        !row_has_flag(&r, ROW(&r, lng, HOSTILE_LONG_BYTES, "all"), "name_cut"));
    check_name(&r, hostile_parent.p, hostile_parent.len, NULL);
    check_name(&r, hostile_child.p, hostile_child.len, &hostile_parent);
    check_name(&r, HOSTILE_LITERAL, strlen(HOSTILE_LITERAL), NULL);

    /* Past the limit: the first HOSTILE_NAME_MAX bytes, flagged. */
    check_name(&r, huge, HOSTILE_NAME_MAX, NULL);
    cut = ROW(&r, huge, HOSTILE_NAME_MAX, HOSTILE_THREAD);
    CHECK(row_has_flag(&r, cut, "name_cut"));
    CHECK(row_has_flag(&r, ROW(&r, huge, HOSTILE_NAME_MAX, "all"), "name_cut"));

    /* Nothing else: one thread row and one all row per name. */
    CHECK_EQ(r.csv.nrecords, 1 + 2 * FACT(&r, "names"));
    CHECK_EQ(meta_num(r.meta, "misuse_total"), 0);

    printf("figures: %lld names (commas, quotes, CR/LF, tabs, controls, "
           "invalid UTF-8, empty, %d and %d bytes) round-tripped byte for "
           "byte; the %d-byte one cut at %d and flagged name_cut\n",
           FACT(&r, "names"), HOSTILE_LONG_BYTES, HOSTILE_HUGE_BYTES,
           HOSTILE_HUGE_BYTES, HOSTILE_NAME_MAX);
    free(lng);
    free(huge);
    run_done(&r);
    return 0;
}
