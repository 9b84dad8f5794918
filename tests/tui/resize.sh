#!/bin/bash
# SPDX-License-Identifier: MIT
# resize.sh: down to 40x10 the table stays; below, one "too small" line;
# back to 120x40 everything returns; hwtop never dies on the way.
. "$(dirname "$0")/lib.sh"

start -- -d 0.2 "$TUI_APP"
wait_for ' tui_slow ' || fail "no region row"
size() {
    $T resize-window -t t -x "$1" -y "$2" || fail "tmux cannot resize"
}
for wh in "80 24" "60 15" "40 10"; do
    size $wh
    wait_for 'REGION' 5 || fail "no column header at $wh"
    wait_for ' tui_' 5 || fail "no region row at $wh"
    wait_for 'F1Help' 5 || fail "no key bar at $wh"
done
for wh in "39 10" "40 9" "20 5" "1 1"; do
    size $wh
    sleep 0.2
    screen | grep -q '^EXIT=' && fail "hwtop died at $wh"
done
size 60 5
wait_for 'terminal too small' 5 || fail "no 'too small' line at 60x5"
[ "$(screen | grep -c .)" = 1 ] || fail "more than one line when too small"
size 120 40
wait_for 'REGION' 5 || fail "no table back at 120x40"
wait_for ' tui_slow ' 5 || fail "no region row back at 120x40"
wait_for 'Events:' 5 || fail "no header back at 120x40"
quit_and_check 143
