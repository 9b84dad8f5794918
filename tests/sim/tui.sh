#!/bin/bash
# SPDX-License-Identifier: MIT
# tui.sh: hwtop --sim live in a real terminal: the header says SIMULATED,
# a region's simulated columns appear and grow while the program runs
# under valgrind, the status line counts callgrind's dumps, and the
# program's exit status comes back.
. "$(dirname "$0")/../tui/lib.sh"
command -v valgrind >/dev/null 2>&1 ||
    { echo "SKIP: valgrind is not installed"; exit 77; }

start -- --sim -d 0.3 "$TUI_APP" many 200000
wait_for 'SIMULATED' 20 || fail "no SIMULATED in the header"
wait_for 'running' 5 || fail "not running"
wait_for 'sBRMISS%' 20 || fail "no simulated metric column"
wait_for '^ *E? +tiny +[0-9]' 30 || fail "no live row for tiny"
screen | grep -q 'running' || fail "the program ended before a live row"
wait_for 'simulated by callgrind: [0-9.]+ ?[kM]? dumps' 5 ||
    fail "no dump count on the status line"
wait_for 'exited 0' 90 || fail "the program did not end"
screen | grep -qE '^ *E +tiny +200 k' || fail "tiny: 200 k calls, estimated"
quit_and_check 0
echo "ok: live simulated rows, then exit 0"
