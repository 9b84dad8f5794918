#!/bin/bash
# SPDX-License-Identifier: MIT
# detail.sh: d opens the region detail view: times, share, percentiles,
# one line per thread, counters per call, durations as bars, and after a
# few refreshes the call rate as a sparkline; Esc and d close it, and the
# table comes back with its selection.
. "$(dirname "$0")/lib.sh"
[ -x "$DETAIL_APP" ] || { echo "SKIP: detail_app is not built"; exit 77; }

start -- -d 0.2 "$DETAIL_APP" 300
wait_for ' dt_half ' 30 || fail "no region row"
wait_for 'F1Help.*dDetail' 20 || fail "no d in the key bar"

$T send-keys -t t d
wait_for '^Region dt_half' 20 || fail "d did not open the detail view"
screen | grep -q 'REGION.*CALLS' && fail "the table shows under the detail"
time='[0-9.]+ (ns|us|ms|s)'
wait_for "^Calls [0-9.]+ ?k?  Incl $time  Excl $time  Share [0-9.]+%  Amdahl ceiling [0-9.]+×" 20 ||
    fail "no calls, times, share and ceiling"
wait_for "^p50 $time  p90 $time  p99 $time  p999 $time  max $time" 20 ||
    fail "no percentiles"
wait_for '^  dt-main \([0-9]+\) +[0-9.]+' 20 || fail "no line for dt-main"
wait_for '^  dt-worker \([0-9]+\) +[0-9.]+' 20 || fail "no line for dt-worker"
[ "$(screen | grep -cE '^  dt-(main|worker) \(')" = 2 ] ||
    fail "not one line per thread"
wait_for '^Per call' 20 || fail "no counters per call"
wait_for '^  task_clock_ns +[0-9.]+ (ns|us|ms|s)' 20 ||
    fail "no task_clock_ns per call"
wait_for '^Durations  \([0-9]+ calls in [0-9]+ bins\)' 20 ||
    fail "no histogram title"
# Four clusters of durations (0.5 to 4 ms): at least two bars (a loaded
# machine may take a few refreshes to fill the histogram).
end=$(($(now_ms) + 30000))
while :; do
    bars=$(screen | grep -cE "^ +$time - $time  [▏▎▍▌▋▊▉█]+ +[0-9.]+ ?k? +[0-9.]+%")
    [ "$bars" -ge 2 ] && break
    [ "$(now_ms)" -ge "$end" ] && fail "fewer than two histogram bars ($bars)"
    sleep 0.2
done
# One rate a second: a few refreshes give a few marks.
wait_for 'Calls/s, last minute +[ ▁▂▃▄▅▆▇█]*[▁▂▃▄▅▆▇█]{3}' 30 ||
    fail "no sparkline of the call rate"
screen | grep -qE 'Calls/s.*now [0-9.]+ ?k?/s' || fail "no current rate"

# Scrolling down shows the rest: the slowest 1% of the calls (the 4 ms
# cluster) per call beside all calls, with their ratio.
$T send-keys -t t End
wait_for '^Slowest calls' 20 || fail "End did not scroll to the last section"
wait_for '^Slowest calls  \(the slowest 1%: [0-9]+ of [0-9.]+ ?k? calls\)' 20 ||
    fail "no size of the slow set"
wait_for '^ +all calls +slowest +ratio' 20 || fail "no slow-call columns"
wait_for "^  time per call +$time +$time +[0-9.]+x" 20 ||
    fail "no time per call of the slowest calls"
wait_for "^  task_clock_ns +$time +$time +[0-9.]+x" 20 ||
    fail "no task clock of the slowest calls"
$T send-keys -t t Home
wait_for '^Region dt_half' 20 || fail "Home did not scroll back"

$T send-keys -t t Escape
wait_gone '^Region dt_half' 20 || fail "Esc did not close the detail view"
wait_for 'REGION.*CALLS' 20 || fail "no table after Esc"
wait_for ' dt_half ' 20 || fail "no region row after Esc"

$T send-keys -t t d
wait_for '^Region dt_half' 20 || fail "d did not open the detail view again"
$T send-keys -t t d
wait_gone '^Region dt_half' 20 || fail "d did not close the detail view"
wait_for ' dt_half ' 20 || fail "no region row after d"
quit_and_check 143
