/* SPDX-License-Identifier: MIT */
/* hostile_report.h: the report of "fixture names", checked name by name. */
#ifndef HWTOP_TEST_HOSTILE_REPORT_H
#define HWTOP_TEST_HOSTILE_REPORT_H

#include "harness.h"

/*
 * Fails the test unless r (the reports of "fixture names", however they
 * were written) holds every name of hostile.h byte for byte: one row on
 * the thread HOSTILE_THREAD and one all row each, 2 calls, the parent
 * column right; the 10 KB name whole, the 20 KB one cut at
 * HOSTILE_NAME_MAX bytes and flagged name_cut; nothing else, and no
 * misuse counted.
 */
void hostile_report_check(const struct run *r);

#endif /* HWTOP_TEST_HOSTILE_REPORT_H */
