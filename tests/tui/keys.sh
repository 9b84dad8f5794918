#!/bin/bash
# SPDX-License-Identifier: MIT
# keys.sh: / filters by name (Enter applies, Esc clears), t nests the
# regions, Enter and - show and hide a region's threads, P pauses.
. "$(dirname "$0")/lib.sh"

start -- -d 0.2 "$TUI_APP"
wait_for ' tui_fast ' || fail "no region row"

$T send-keys -t t / s l o w
wait_for 'Filter: slow' 5 || fail "/ did not open the filter prompt"
$T send-keys -t t Enter
wait_gone ' tui_fast ' 5 || fail "the filter did not hide tui_fast"
screen | grep -q ' tui_slow ' || fail "the filter hid tui_slow"
$T send-keys -t t Escape
wait_for ' tui_fast ' 5 || fail "Esc did not clear the filter"

$T send-keys -t t t
wait_for '[├└]─ tui_slow' 5 ||
    fail "t did not nest tui_slow under tui_outer"
$T send-keys -t t t
wait_gone '─ tui_slow' 5 || fail "t did not come back to the flat list"

$T send-keys -t t Home Enter
wait_for 'tui-main \(' 5 || fail "Enter did not show the threads"
$T send-keys -t t -
wait_gone 'tui-main \(' 5 || fail "- did not hide the threads"
$T send-keys -t t +
wait_for 'tui-main \(' 5 || fail "+ did not show the threads"

$T send-keys -t t P
wait_for 'PAUSED' 5 || fail "P did not pause"
$T send-keys -t t P
wait_gone 'PAUSED' 5 || fail "P did not resume"
quit_and_check 143
