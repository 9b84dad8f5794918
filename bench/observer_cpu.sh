#!/bin/bash
# SPDX-License-Identifier: MIT
# observer_cpu.sh BUILD_DIR [SECONDS]: hwtop's own CPU while it watches
# 1,000 regions x 16 threads at the default refresh (1 s), in batch mode
# and in the TUI (tmux), next to the program's CPU.  Target: hwtop <= 1%
# of one core in steady state (sampled from /proc over the second half
# of the run); the one-off costs (start, first reads of the segment's
# pages, which a starved hwtop may take seconds of wall time to get
# through, the final exact snapshot and report) are in the whole-run
# figure.
set -euo pipefail
build=${1:?usage: observer_cpu.sh BUILD_DIR [SECONDS]}
secs=${2:-30}
[ "$secs" -ge 20 ] || secs=20
half=$((secs / 2))
hwtop=$build/hwtop
app=$build/bench/many_regions
tmp=$(mktemp -d)
t="tmux -L hwtop-bench-$$ -f /dev/null"
trap '$t kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
hz=$(getconf CLK_TCK)

cpu_ticks() { # pid: utime+stime in clock ticks
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# pid_of MODE: the hwtop process running the benchmark app (the oldest
# match: its child is "hwtop" too until it execs the app).
pid_of() {
    for _ in $(seq 1 100); do
        p=$(pgrep -o -f "^$hwtop .*-o $tmp/$1.csv" || true)
        [ -n "$p" ] && { echo "$p"; return; }
        sleep 0.05
    done
}

measure() { # mode pid
    local mode=$1 pid=$2 c1 c2
    sleep "$half"
    c1=$(cpu_ticks "$pid")
    sleep $((secs - half - 2))
    c2=$(cpu_ticks "$pid")
    for _ in $(seq 1 600); do [ -e "$tmp/$mode.csv.meta.json" ] && break; sleep 0.1; done
    sleep 0.5
    python3 - "$mode" "$tmp/$mode.csv.meta.json" "$c1" "$c2" "$hz" "$((secs - half - 2))" <<'PY'
import json, sys
mode, path, c1, c2, hz, span = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
m = json.load(open(path))
wall = m["whole_program"]["wall_ns"] / 1e9
total = m.get("hwtop_cpu_ns", 0) / 1e9
steady = (c2 - c1) / hz / span
app = m["program_cpu_ns"] / 1e9
rows = sum(1 for _ in open(path[:-len(".meta.json")])) - 1
print(f"{mode:6s} hwtop steady {100*steady:5.2f}% of one core (target <= 1%) | "
      f"whole run {total:6.3f} s of {wall:5.1f} s = {100*total/wall:5.2f}% | "
      f"program {100*app/wall:6.1f}% | {rows} CSV rows")
PY
}

echo "hwtop watching $app: 16 threads x 1000 regions, $secs s, refresh 1 s"
"$hwtop" -b -e sw -o "$tmp/batch.csv" "$app" "$secs" 16 1000 >/dev/null &
measure batch $!
wait

if command -v tmux >/dev/null && [ -x "$hwtop" ]; then
    $t new-session -d -x 160 -y 50 \
        "$hwtop -e sw --exit -o $tmp/tui.csv $app $secs 16 1000"
    measure tui "$(pid_of tui)"
fi
