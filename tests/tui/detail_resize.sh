#!/bin/bash
# SPDX-License-Identifier: MIT
# detail_resize.sh: the detail view survives any size, ASCII and no colour
# too: bars and sparkline fall back to ASCII outside UTF-8.
. "$(dirname "$0")/lib.sh"
[ -x "$DETAIL_APP" ] || { echo "SKIP: detail_app is not built"; exit 77; }

start LC_ALL=C NO_COLOR=1 -- -d 0.2 "$DETAIL_APP" 300
wait_for ' dt_half ' || fail "no region row"
$T send-keys -t t d
wait_for '^Region dt_half' 20 || fail "d did not open the detail view"
wait_for "^ +[0-9.]+ (ns|us|ms|s) - [0-9.]+ (ns|us|ms|s)  [#|]+ " 5 ||
    fail "no ASCII histogram bars"
wait_for 'Calls/s, last minute +[ _.,=+*#-]*[_.,=+*#-]{3}' 10 ||
    fail "no ASCII sparkline"
screen | grep -q '[▁▂▃▄▅▆▇█]' && fail "block characters outside UTF-8"
size() {
    $T resize-window -t t -x "$1" -y "$2" || fail "tmux cannot resize"
}
for wh in "80 24" "60 15" "40 10" "39 10" "40 9" "20 5" "1 1" "200 60" \
    "41 11"; do
    size $wh
    sleep 0.3
    screen | grep -q '^EXIT=' && fail "hwtop died at $wh"
done
size 40 10
wait_for '^Region dt_half' 20 || fail "no detail view at 40x10"
size 120 40
wait_for '^Region dt_half' 20 || fail "no detail view back at 120x40"
wait_for '^  dt-main \(' 20 || fail "no thread lines back at 120x40"
$T send-keys -t t End
wait_for '^Slowest calls' 20 || fail "End did not scroll"
size 60 15
size 120 40
wait_for '^Slowest calls' 20 || fail "the scroll was lost, or not clamped"
$T send-keys -t t Escape
wait_for ' dt_half ' 20 || fail "no table after Esc"
quit_and_check 143
