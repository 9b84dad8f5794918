#!/bin/sh
# SPDX-License-Identifier: MIT
# diff.sh HWTOP CTL: measure, change one region, measure again.  Three
# times over: with -r 5 on each side the slowed region is "slower", the
# other "same"; --fail-if-slower gates; report prints a saved report;
# malformed reports get one line naming file and line, exit 2.
set -u
hwtop=$1 ctl=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

verdict() { # diff.csv region -> verdict of its first metric line
    awk -F, -v r="$2" '$1 == r { print $2; exit }' "$1"
}

for i in 1 2 3; do
    "$hwtop" -b -r 5 -e sw -o "$dir/a.csv" "$ctl" 2000 >/dev/null 2>&1 ||
        fail "run a $i"
    # 10x slower: the verdict must hold even when a loaded machine makes
    # sleeps vary by half (noise from -r 5 then exceeds 100%).
    "$hwtop" -b -r 5 -e sw -o "$dir/b.csv" "$ctl" 20000 >/dev/null 2>&1 ||
        fail "run b $i"
    grep -q ',runs,noisy,' "$dir/a.csv" || fail "no repeat columns"
    [ "$(awk -F, 'NR == 2 { print $0 }' "$dir/a.csv" | tr ',' '\n' |
        grep -c '')" -gt 30 ] || fail "short rows"
    "$hwtop" diff -o "$dir/d.csv" "$dir/a.csv" "$dir/b.csv" >"$dir/out" ||
        fail "diff exit $?"
    v=$(verdict "$dir/d.csv" tuned)
    [ "$v" = slower ] || { cat "$dir/out"; fail "round $i: tuned is $v"; }
    v=$(verdict "$dir/d.csv" steady)
    [ "$v" = same ] || { cat "$dir/out"; fail "round $i: steady is $v"; }
    grep -q 'noise from the runs' "$dir/out" || fail "noise not from repeats"
done
echo "diff: tuned slower, steady same, 3 rounds of -r 5"

"$hwtop" diff --fail-if-slower 200 "$dir/a.csv" "$dir/b.csv" >/dev/null 2>"$dir/err"
[ $? -eq 1 ] || fail "--fail-if-slower 200 did not exit 1"
grep -q 'tuned got' "$dir/err" || fail "gate did not name the region"
"$hwtop" diff --fail-if-slower 5000 "$dir/a.csv" "$dir/b.csv" >/dev/null ||
    fail "--fail-if-slower 5000 failed"

"$hwtop" report --sort calls --top 1 "$dir/a.csv" >"$dir/rep" || fail report
[ "$(grep -c -E '^(steady|tuned) ' "$dir/rep")" -eq 1 ] || fail "--top 1"
"$hwtop" report --sort nonsense "$dir/a.csv" >/dev/null 2>&1
[ $? -eq 2 ] || fail "bad --sort not exit 2"

printf 'region,parent\r\nx,y\r\n' >"$dir/bad.csv"
"$hwtop" diff "$dir/a.csv" "$dir/bad.csv" >/dev/null 2>"$dir/err"
[ $? -eq 2 ] || fail "malformed: exit not 2"
grep -q "bad.csv:1: not a hwtop report" "$dir/err" || fail "malformed: $(cat "$dir/err")"
head -c 300 "$dir/a.csv" >"$dir/cut.csv"
"$hwtop" diff "$dir/a.csv" "$dir/cut.csv" >/dev/null 2>"$dir/err"
[ $? -eq 2 ] || fail "cut file: exit not 2"
grep -q "cut.csv:" "$dir/err" || fail "cut file: $(cat "$dir/err")"
"$hwtop" diff "$dir/a.csv" "$dir/missing.csv" >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing file: exit not 2"
echo "report and malformed input: ok"

# --what-if in batch: Amdahl's law on the printed share, recomputed here.
"$hwtop" -b -e sw --what-if tuned=2 --what-if steady=inf "$ctl" 3000 \
    >"$dir/wi" 2>/dev/null || fail "what-if run"
awk '/^what-if: if tuned were 2x/ {
        for (i = 1; i <= NF; i++) {
            if ($i == "run") x = $(i + 1)
            if ($i == "(share") p = $(i + 1)
        }
        sub(/x$/, "", x); sub(/%$/, "", p); p /= 100
        want = 1 / ((1 - p) + p / 2)
        if (x - want > 0.0002 || want - x > 0.0002) { print "bad", x, want; exit 1 }
        found = 1
     }
     END { exit found ? 0 : 1 }' "$dir/wi" || { cat "$dir/wi"; fail "what-if tuned"; }
grep -q "^what-if: if steady cost nothing" "$dir/wi" || fail "what-if inf"
"$hwtop" -b --what-if tuned=0 "$ctl" >/dev/null 2>&1
[ $? -eq 2 ] || fail "--what-if with speedup 0 is not a usage error"
echo "what-if: Amdahl's law checked"
