#!/bin/bash
# SPDX-License-Identifier: MIT
# demo_tui.sh: `hwtop demo` in a terminal shows the probes' regions live;
# T shows the machine (caches, cores) and the demo's threads; T again the
# table; q ends the demo cleanly (status 0) and restores the terminal.
. "$(dirname "$0")/../tui/lib.sh"

start -- demo -d 0.3
wait_for ' branch shuffled ' 20 || fail "no 'branch shuffled' row"
wait_for '^ *sweep [0-9.]+ [KMG]iB \(in L' 20 || fail "no cache sweep row"
$T send-keys -t t T
wait_for '^Machine: ' || fail "T: no machine line"
wait_for '^  L1d +[0-9]' || fail "T: no L1d line"
wait_for 'Core 0: PU' || fail "T: no core in the tree"
wait_for '^THREAD +PID +TID +CPU +CORE' || fail "T: no thread table"
wait_for '^demo +[0-9]+ +[0-9]+ +[0-9]+ ' || fail "T: no CPU for thread demo"
$T send-keys -t t T
wait_for ' branch sorted ' || fail "T again: no table"
quit_and_check 0
