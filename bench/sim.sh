#!/bin/bash
# SPDX-License-Identifier: MIT
# sim.sh BUILD_DIR: what hwtop --sim costs on top of valgrind's callgrind.
#  1. The same program under plain `valgrind --tool=callgrind --cache-sim=yes
#     --branch-sim=yes` (built without hwtop: HWTOP_DISABLE) and under
#     `hwtop --sim`: wall time and CPU (program + hwtop), their ratio.
#  2. A region called 10^6 times with a tiny body (sampled, the default),
#     and 10^4 times with every call marked (--sim-exact): dumps, bytes,
#     most bytes on disk at once, time; the cost of one dump.
# Figures, not assertions: timings depend on the machine and its load.
set -euo pipefail
build=${1:?usage: sim.sh BUILD_DIR}
hwtop=$build/hwtop
app=$build/tests/sim/sim_app
off=$build/tests/sim/sim_app_off
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v valgrind >/dev/null || { echo "sim.sh: valgrind is not installed"; exit 77; }
[ -x "$app" ] && [ -x "$off" ] || { echo "sim.sh: $app not built"; exit 77; }

# run LABEL CMD...: "wall cpu" seconds of the command and its children.
run() {
    local label=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >"$tmp/$label.out" 2>"$tmp/$label.err" || true
    awk '{ printf "%.2f %.2f", $1, $2 + $3 }' "$tmp/time"
}

meta() { # CSV KEY: a number from the report's "simulation" object
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['simulation'][sys.argv[2]])" "$1.meta.json" "$2"
}

echo "1. plain callgrind vs hwtop --sim, same binary ($(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
printf "%-22s %12s %12s %12s %12s %8s %8s\n" program "plain wall" "plain cpu" "--sim wall" "--sim cpu" "wall x" "cpu x"
for args in "branch" "cache" "nest" "many 100000"; do
    # shellcheck disable=SC2086
    read -r pw pc <<<"$(run plain valgrind -q --tool=callgrind --cache-sim=yes --branch-sim=yes --callgrind-out-file="$tmp/plain.%p" "$off" $args)"
    # shellcheck disable=SC2086
    read -r sw sc <<<"$(run sim "$hwtop" --sim -b -o "$tmp/r.csv" "$app" $args)"
    printf "%-22s %11ss %11ss %11ss %11ss %8.2f %8.2f\n" "sim_app $args" "$pw" "$pc" "$sw" "$sc" \
        "$(echo "$sw / $pw" | bc -l)" "$(echo "$sc / $pc" | bc -l)"
done
echo
echo "2. one region, tiny body: dumps and disk"
printf "%-26s %9s %9s %8s %12s %14s %9s\n" case wall cpu dumps "bytes read" "peak on disk" "per dump"
for c in "1000000 sampled" "10000 exact" "10000 sampled"; do
    set -- $c
    opt=""
    [ "$2" = exact ] && opt=--sim-exact
    read -r w cpu <<<"$(run many "$hwtop" --sim $opt -b -o "$tmp/m.csv" "$app" many "$1")"
    d=$(meta "$tmp/m.csv" dumps)
    b=$(meta "$tmp/m.csv" dump_bytes)
    p=$(meta "$tmp/m.csv" peak_disk_bytes)
    printf "%-26s %8ss %8ss %8d %12d %14d %8dB\n" "$1 calls, $2" "$w" "$cpu" "$d" "$b" "$p" "$((b / (d > 0 ? d : 1)))"
    [ "$2" = exact ] && { exact_cpu=$cpu exact_d=$d; }
    [ "$1" = 10000 ] && [ "$2" = sampled ] && { samp_cpu=$cpu samp_d=$d; }
done
# The cost of a dump: the same calls, every one marked or sampled.
echo "so one dump costs about $(echo "($exact_cpu - $samp_cpu) * 1000000 / ($exact_d - $samp_d)" | bc) us of CPU (callgrind and hwtop)"
