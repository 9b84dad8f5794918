#!/bin/bash
# SPDX-License-Identifier: MIT
# sort.sh: inclusive time sorts by default; < moves the sort to CALLS
# (marked) and reorders the rows; > moves it back.
. "$(dirname "$0")/lib.sh"

# The screen lines of the tui_slow and tui_fast rows, in $slow and $fast.
rows() {
    slow=$(line_of ' tui_slow ')
    fast=$(line_of ' tui_fast ')
}

start -- -d 0.2 "$TUI_APP"
wait_for ' tui_fast ' || fail "no tui_fast row"
wait_for 'INCL▼' || fail "inclusive time is not the marked sort column"
rows
[ "$slow" -lt "$fast" ] ||
    fail "by time, tui_slow ($slow) not above tui_fast ($fast)"

$T send-keys -t t '<'
wait_for 'CALLS▼' || fail "< did not mark CALLS"
screen | grep -q 'INCL▼' && fail "INCL still marked"
rows
[ "$fast" -lt "$slow" ] ||
    fail "by calls, tui_fast ($fast) not above tui_slow ($slow)"

$T send-keys -t t '>'
wait_for 'INCL▼' || fail "> did not come back to INCL"
rows
[ "$slow" -lt "$fast" ] || fail "back by time, order not restored"
quit_and_check 143
