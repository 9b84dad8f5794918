#!/bin/bash
# SPDX-License-Identifier: MIT
# topo_view.sh: T shows the machine and where each thread last ran: two
# threads pinned to one CPU are on the same CPU in the thread table, on
# that core's line of the tree, and share its caches; T goes back.
. "$(dirname "$0")/../tui/lib.sh"

start -- -d 0.2 "$TUI_APP"
wait_for ' pinned ' || fail "no region row"
$T send-keys -t t T
wait_for '^Machine: ' || fail "T: no machine line"
wait_for '^Threads sharing a core or a cache' || fail "T: no sharing section"
wait_for '^  Core [0-9]+: PUs? [0-9,-]+: .*(pin-a.*pin-b|pin-b.*pin-a)' ||
    fail "T: pin-a and pin-b do not share a core"
wait_for '^  L1d [^:]*:.*(pin-a.*pin-b|pin-b.*pin-a)' ||
    fail "T: pin-a and pin-b do not share the L1d"
wait_for 'Core [0-9]+: PUs? [0-9,-]+ +<- .*pin-a' ||
    fail "T: pin-a is on no core line"
cpu_of() {
    screen | awk -v n="$1" '$1 == n { print $4; exit }'
}
a=$(cpu_of pin-a) b=$(cpu_of pin-b)
[[ "$a" =~ ^[0-9]+$ ]] || fail "pin-a has no CPU ($a)"
[ "$a" = "$b" ] || fail "pin-a on CPU $a, pin-b on CPU $b"
$T send-keys -t t T
wait_for ' REGION ' || fail "T again: no table"
wait_gone '^Machine: ' || fail "T again: the topology stays"
quit_and_check 143
