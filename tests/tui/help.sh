#!/bin/bash
# SPDX-License-Identifier: MIT
# help.sh: h, ? and F1 open the help screen; any key closes it.
. "$(dirname "$0")/lib.sh"

start -- -d 0.2 "$TUI_APP"
wait_for ' tui_slow ' || fail "no region row"
for key in h '?' F1; do
    $T send-keys -t t "$key"
    wait_for 'hwtop help' 5 || fail "$key did not open the help screen"
    screen | grep -q 'sort by the next column' || fail "no keys in the help"
    screen | grep -q ' tui_slow ' && fail "the table shows under the help"
    $T send-keys -t t x
    wait_gone 'hwtop help' 5 || fail "a key did not close the help screen"
    wait_for ' tui_slow ' 5 || fail "no table after the help"
done
# q on the help screen closes it; it does not quit.
$T send-keys -t t h
wait_for 'hwtop help' 5 || fail "h did not open the help screen"
$T send-keys -t t q
wait_for ' tui_slow ' 5 || fail "q did not close the help screen"
screen | grep -q '^EXIT=' && fail "q on the help screen quit"
quit_and_check 143
