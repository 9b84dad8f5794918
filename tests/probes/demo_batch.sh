#!/bin/sh
# SPDX-License-Identifier: MIT
# demo_batch.sh: `hwtop demo` with stdout not a terminal runs one round
# of every probe and prints their tables and hwtop's table with a row per
# probe case; with -o, the report's sidecar names the machine (the same
# caches and counts as `hwtop topo`).  `hwtop` alone runs the demo too
# ($HWTOP_DEMO, a stand-in here); `hwtop demo PROGRAM` is a usage error.
. "$(dirname "$0")/lib.sh"
hwtop=$1
HWTOP_EVENTS=sw "$hwtop" demo -o "$tmp/demo.csv" >"$tmp/out" 2>&1 ||
    fail "hwtop demo exited $?"
for s in '^cache_sweep: ' '^branch: ' '^ipc: ' '^false_sharing: ' \
    '^page_faults: ' '^hwtop-demo: 1 round$' '^REGION ' \
    '^branch sorted ' '^branch shuffled ' '^sweep [0-9.]+ [KMG]iB \(in ' \
    '^ipc 1 chain ' '^ipc 4 chains ' '^false sharing: same line ' \
    '^false sharing: padded ' '^pages fresh ' '^pages reused '; do
    grep -Eq "$s" "$tmp/out" || fail "no line like /$s/"
done
grep -q '^"*branch shuffled"*,,demo,' "$tmp/demo.csv" ||
    fail "no 'branch shuffled' row for thread demo in the CSV"
meta="$tmp/demo.csv.meta.json"
[ -s "$meta" ] || fail "no $meta"
"$hwtop" topo --format csv | tr -d '\r' >"$tmp/topo.csv"
if command -v jq >/dev/null 2>&1; then
    [ "$(jq '.machine.pus' "$meta")" = "$(grep -c '^pu,' "$tmp/topo.csv")" ] ||
        fail "meta: machine.pus differs from hwtop topo"
    [ "$(jq '.machine.cores' "$meta")" = \
      "$(grep -c '^core,' "$tmp/topo.csv")" ] || fail "meta: machine.cores"
    jq -r '.machine.caches[] | "\(.name) \(.size_bytes)"' "$meta" | sort -u \
        >"$tmp/meta.caches"
    awk -F, '$1 == "cache" { print $2, $7 }' "$tmp/topo.csv" | sort -u |
        diff - "$tmp/meta.caches" || fail "meta: caches differ from hwtop topo"
    [ "$(jq -r '.machine.cpu_model | length > 0' "$meta")" = true ] ||
        echo "note: hwloc names no CPU model here"
    jq -e '.hwtop_version and (.events | length > 0)' "$meta" >/dev/null ||
        fail "meta: no version or events"
else
    grep -q '"machine"' "$meta" || fail "meta: no machine"
fi
# hwtop alone runs the demo too (here a stand-in, for speed).
HWTOP_DEMO=/bin/true "$hwtop" >"$tmp/out" 2>&1 || fail "hwtop alone: $?"
grep -q '^hwtop: /bin/true --rounds 1 (pid [0-9]*): exited with status 0' \
    "$tmp/out" || fail "hwtop alone does not run the demo"
"$hwtop" demo ./prog >"$tmp/out" 2>&1
[ $? -eq 2 ] || fail "hwtop demo PROGRAM is not a usage error"
echo "ok"
