#!/bin/sh
# SPDX-License-Identifier: MIT
# cache_sweep.sh: the sweep steps across the caches hwloc reports (the "=
# Lx" working sets are exactly the sizes `hwtop topo` shows), loads get
# slower as the working set outgrows each level (4x a level at least
# 1.3x slower than half of it), and the largest set is at least 2x slower
# per load than the smallest.  Bounded at 64 MiB to stay fast.
. "$(dirname "$0")/lib.sh"
probe=$1 hwtop=$2
bound=$((64 << 20))
"$hwtop" topo --format csv | tr -d '\r' >"$tmp/topo.csv" ||
    fail "hwtop topo failed"

# The row whose step is "$1 $2" ("1/2 L2"): its ns per load, its bytes.
ns_of() {
    awk -v s="$1 $2" '$1 ~ /^[0-9]+$/ && index($0, "  " s " ") {
        print $(NF - 1); exit }' "$tmp/out"
}
bytes_of() {
    awk -v s="$1 $2" '$1 ~ /^[0-9]+$/ && index($0, "  " s " ") {
        print $1; exit }' "$tmp/out"
}

# The working sets are hwloc's sizes: not a matter of timing.
sizes() {
    levels=$(sed -n 's/^cache_sweep: caches (hwloc)://p' "$tmp/out" |
        tr ' ' '\n' | grep '^L[0-9]')
    [ -n "$levels" ] || fail "no cache levels in the header"
    for l in $levels; do
        want=$(awk -F, -v n="$l" '$2 == n { print $7; exit }' "$tmp/topo.csv")
        got=$(bytes_of = "$l")
        if [ -z "$got" ]; then
            [ "$want" -gt $bound ] || fail "no '= $l' row ($want bytes)"
        else
            [ "$got" = "$want" ] || fail "'= $l' is $got bytes, topo: $want"
        fi
    done
}

steps() {
    steps=0
    for l in $levels; do
        below=$(ns_of 1/2 "$l") above=$(ns_of 4x "$l")
        # Past the bound, or merged with a neighbouring working set.
        [ -n "$above" ] && [ -n "$below" ] || continue
        ge "$above" "$below" 1.3 ||
            { why="no step at $l: 1/2 $below ns, 4x $above ns"; return 1; }
        echo "step at $l: $below -> $above ns per load"
        steps=$((steps + 1))
    done
    [ $steps -ge 1 ] || fail "no level with a working set 4x its size"
}

check() {
    "$probe" --quick --max-mb 64 >"$tmp/out" 2>&1 ||
        { why="cache_sweep exited $?"; return 1; }
    sizes
    steps || return 1
    first=$(awk '$1 ~ /^[0-9]+$/ { print $(NF - 1); exit }' "$tmp/out")
    last=$(awk '$1 ~ /^[0-9]+$/ { v = $(NF - 1) } END { print v }' "$tmp/out")
    ge "$last" "$first" 2 ||
        { why="largest $last ns is not 2x smallest $first ns"; return 1; }
}
attempts 3 check
echo "ok: $first ns per load in the smallest set, $last in the largest"
