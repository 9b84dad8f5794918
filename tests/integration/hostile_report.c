/* SPDX-License-Identifier: MIT */
/* hostile_report.c: the report of "fixture names", checked name by name. */
#include "hostile_report.h"

#include <stdlib.h>
#include <string.h>

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

void
hostile_report_check(const struct run *r)
{
    char *lng = hostile_long(HOSTILE_LONG_BYTES, 7);
    char *huge = hostile_long(HOSTILE_HUGE_BYTES, 11);

    for (size_t i = 0; i < HOSTILE_NFIXED; i++)
        check_name(r, hostile_fixed[i].p, hostile_fixed[i].len, NULL);
    check_name(r, lng, HOSTILE_LONG_BYTES, NULL);
    CHECK(!row_has_flag(r, ROW(r, lng, HOSTILE_LONG_BYTES, "all"), "name_cut"));
    check_name(r, hostile_parent.p, hostile_parent.len, NULL);
    check_name(r, hostile_child.p, hostile_child.len, &hostile_parent);
    check_name(r, HOSTILE_LITERAL, strlen(HOSTILE_LITERAL), NULL);

    /* Past the limit: the first HOSTILE_NAME_MAX bytes, flagged. */
    check_name(r, huge, HOSTILE_NAME_MAX, NULL);
    CHECK(row_has_flag(r, ROW(r, huge, HOSTILE_NAME_MAX, HOSTILE_THREAD),
                       "name_cut"));
    CHECK(row_has_flag(r, ROW(r, huge, HOSTILE_NAME_MAX, "all"), "name_cut"));

    /* Nothing else: one thread row and one all row per name. */
    CHECK_EQ(r->csv.nrecords, 1 + 2 * FACT(r, "names"));
    CHECK_EQ(meta_num(r->meta, "misuse_total"), 0);
    free(lng);
    free(huge);
}
