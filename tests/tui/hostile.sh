#!/bin/bash
# SPDX-License-Identifier: MIT
# hostile.sh: region names holding escape sequences, invalid UTF-8 and
# 10 KB are drawn as harmless text, cut to their column.
. "$(dirname "$0")/lib.sh"

start NO_COLOR=1 -- -d 0.2 "$TUI_APP"
wait_for ' tui_slow ' || fail "no region row"
wait_for '\^\[\]0;pwned\^G' 5 ||
    fail "the OSC title name is not shown as ^[]0;pwned^G"
wait_for '\^\[\[2J\^\[\[31mred' 5 ||
    fail "the CSI name is not shown as ^[[2J^[[31mred"
wait_for 'bad\?\? utf8' 5 || fail "invalid UTF-8 is not shown as ?"
wait_for 'LLLLLLLLLL' 5 || fail "no row for the 10 KB name"
case "$($T display -p -t t '#{pane_title}')" in
*pwned*) fail "a region name set the terminal title" ;;
esac
has_colour && fail "a region name turned colour on (NO_COLOR is set)"
screen | grep -q 'Events:' || fail "the header was erased"
screen | grep -qE 'L{60}' && fail "the 10 KB name is not cut to its column"
quit_and_check 143
