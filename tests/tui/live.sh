#!/bin/bash
# SPDX-License-Identifier: MIT
# live.sh: a region appears while the program runs, and updates; q stops
# the program (SIGTERM: status 143) and returns a clean terminal.
. "$(dirname "$0")/lib.sh"

start -- -d 0.2 "$TUI_APP"
wait_for 'running' || fail "no 'running' state in the header"
wait_for ' tui_slow ' || fail "no live region row"
wait_for '\[whole program\]' || fail "no whole-program row"
calls() {
    # The flag column may hold a letter (S: too short to trust).
    screen | awk '$1 == "tui_fast" { print $2 $3; exit }
                  $2 == "tui_fast" { print $3 $4; exit }'
}
first=$(calls)
end=$(($(now_ms) + 5000))
while [ "$(calls)" = "$first" ]; do
    [ "$(now_ms)" -ge "$end" ] && fail "tui_fast calls stayed at $first"
    sleep 0.1
done
screen | grep -q 'running' || fail "the program stopped early"
quit_and_check 143
