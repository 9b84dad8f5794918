#!/bin/sh
# SPDX-License-Identifier: MIT
# xml.sh: `hwtop topo --input` on saved machines gives the expected tree
# and CSV; JSON agrees with the CSV; trees fit 80 columns; errors are
# said.  The XMLs: vm-2c (this project's 2-vCPU VM, lstopo --no-io --of
# xml), synthetic-2p8c (2 packages x 4 SMT cores, shared L3) and
# cluster-1p4c (L2 shared by pairs of cores, no L3), both from hwloc
# synthetic descriptions with ways and a CPU model added by hand.
set -u
HWTOP=$1
dir=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

fail() {
    echo "FAIL: $*"
    status=1
}

version() {
    sed 's/hwloc [0-9][0-9.]*/hwloc VERSION/'
}

width_ok() { # name: every line of stdin fits 80 columns
    awk -v n="$1" 'length($0) > 80 { print "FAIL: " n ": line " NR " has " \
        length($0) " columns: " $0; bad = 1 } END { exit bad }' || status=1
}

cd "$dir" || exit 1
for x in vm-2c synthetic-2p8c cluster-1p4c; do
    "$HWTOP" topo --input "$x.xml" >"$tmp/$x.tree" || fail "$x: tree exit $?"
    version <"$tmp/$x.tree" | diff -u "$x.tree" - || fail "$x: tree differs"
    width_ok "$x" <"$tmp/$x.tree"
    "$HWTOP" topo --input "$x.xml" --format csv >"$tmp/$x.csv" ||
        fail "$x: csv exit $?"
    diff -u "$x.csv" "$tmp/$x.csv" || fail "$x: CSV differs"
    "$HWTOP" topo -i "$x.xml" -f json >"$tmp/$x.json" || fail "$x: json exit"
    if command -v jq >/dev/null 2>&1; then
        # Every cache's size in the JSON tree is the CSV's, in order.
        jq -r '.. | objects | select(.type == "cache") | .size_bytes' \
            "$tmp/$x.json" >"$tmp/json.sizes" || fail "$x: JSON does not parse"
        awk -F, '$1 == "cache" { print $7 }' "$x.csv" | tr -d '\r' |
            diff - "$tmp/json.sizes" || fail "$x: JSON cache sizes differ"
        [ "$(jq '.pus' "$tmp/$x.json")" = \
          "$(grep -c '^pu,' "$x.csv")" ] || fail "$x: JSON PU count"
    else
        echo "note: no jq: the JSON is not compared"
    fi
done

# This machine, and a large synthetic one, fit 80 columns too.
"$HWTOP" topo | width_ok "this machine"
"$HWTOP" topo --synthetic "pack:4 group:2 numa:1(memory=64GiB)
    l3:1(size=96MiB) l2:8(size=2MiB) l1d:1(size=48KiB) l1i:1(size=32KiB)
    core:1 pu:4" >"$tmp/big.tree" || fail "synthetic: exit $?"
width_ok "synthetic" <"$tmp/big.tree"
grep -q '^    L2 2 MiB + L1d 48 KiB + L1i 32 KiB + Core 63: PUs 252-255$' \
    "$tmp/big.tree" || fail "synthetic: no line for core 63"

# Errors: a missing file (1, named), a bad format or argument (2).
"$HWTOP" topo --input "$tmp/none.xml" 2>"$tmp/err" && fail "missing file ok"
grep -q "none.xml" "$tmp/err" || fail "the error does not name the file"
"$HWTOP" topo --format yaml 2>/dev/null
[ $? -eq 2 ] || fail "--format yaml is not a usage error"
"$HWTOP" topo extra 2>/dev/null
[ $? -eq 2 ] || fail "an extra argument is not a usage error"
[ $status -eq 0 ] && echo "ok"
exit $status
