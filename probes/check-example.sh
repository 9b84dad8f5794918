#!/bin/sh
# SPDX-License-Identifier: MIT
# check-example.sh: the quick start's example writes the regions it marks.
set -eu
example=$1 csv=$2
rm -f "$csv"
HWTOP_EVENTS=sw HWTOP_CSV="$csv" HWTOP_QUIET=1 "$example" 1
fail() { echo "check-example: $*" >&2; cat "$csv" >&2; exit 1; }
test -s "$csv" || fail "no report at $csv"
head -n 1 "$csv" | grep -q '^region,parent,thread,calls,wall_ns,' ||
    fail "unexpected header"
for r in branch_sorted branch_shuffled sweep_rows sweep_columns; do
    # region,parent,thread,calls: one call, inside "round", in thread main.
    grep -q "^$r,round,main,1," "$csv" || fail "no row for $r in round"
    grep -q "^$r,round,all,1," "$csv" || fail "no 'all' row for $r"
done
grep -q '^init_matrix,,main,1,' "$csv" || fail "no row for init_matrix"
echo "check-example: ok"
