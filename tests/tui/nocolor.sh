#!/bin/bash
# SPDX-License-Identifier: MIT
# nocolor.sh: colours by default; none at all with NO_COLOR set, where
# the sorted column and the selection still show (bold, reverse).
. "$(dirname "$0")/lib.sh"

start -- -d 0.2 "$TUI_APP"
wait_for ' tui_slow ' || fail "no region row"
has_colour || fail "no colour without NO_COLOR"
quit_and_check 143
# A second server: a killed one may still hold its socket for a moment.
$T kill-server
T="tmux -L hwtop-test-$$-b -f /dev/null"

start NO_COLOR=1 -- -d 0.2 "$TUI_APP"
wait_for ' tui_slow ' || fail "no region row with NO_COLOR"
has_colour && fail "a colour with NO_COLOR=1"
screen -e | grep -q "$(printf '\033')\[[0-9;]*7m" ||
    fail "no reverse video for the header and selection"
quit_and_check 143
