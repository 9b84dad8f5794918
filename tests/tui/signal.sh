#!/bin/bash
# SPDX-License-Identifier: MIT
# signal.sh: Ctrl-C in the TUI stops the program (SIGINT: status 130) and
# hwtop, and the terminal comes back clean.
. "$(dirname "$0")/lib.sh"

start -- -d 0.2 "$TUI_APP"
wait_for ' tui_slow ' || fail "no region row"
$T send-keys -t t C-c
wait_for '^EXIT=130$' 10 || fail "Ctrl-C did not end hwtop with status 130"
check_clean
