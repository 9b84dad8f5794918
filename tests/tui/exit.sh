#!/bin/bash
# SPDX-License-Identifier: MIT
# exit.sh: the program ends by itself; the TUI stays on its totals with
# "exited 3" until q, and hwtop's status is the program's.  With --exit,
# hwtop leaves by itself and the terminal is clean.
. "$(dirname "$0")/lib.sh"

start -- -d 0.2 "$TUI_APP" 1 3
wait_for ' tui_slow ' || fail "no region row"
wait_for 'exited 3' 10 || fail "no 'exited 3' in the header"
screen | grep -q ' tui_slow ' || fail "the totals left the screen"
screen | grep -q '^EXIT=' && fail "hwtop left without q (no --exit)"
quit_and_check 3

# A second server: a killed one may still hold its socket for a moment.
$T kill-server
T="tmux -L hwtop-test-$$-b -f /dev/null"
start -- --exit -d 0.2 "$TUI_APP" 1 4
wait_for '^EXIT=4$' 10 ||
    fail "--exit did not leave with the program's status 4"
check_clean
