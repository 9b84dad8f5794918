#!/bin/bash
# SPDX-License-Identifier: MIT
# tui.sh: the TUI under a SIGWINCH storm (signals and resizes down to
# 1x1 and back), then SIGTERM; a second run ends with SIGHUP.  hwtop keeps
# drawing, ends with the program's status, and the terminal comes back
# clean each time.  Reuses tests/tui/lib.sh (TUI_LIB).
. "$TUI_LIB"

hwtop_pid() {
    pane=$($T display -p -t t '#{pane_pid}')
    pgrep -P "$pane" -x hwtop | head -n 1
}

start -- -d 0.2 "$TUI_APP"
wait_for ' tui_slow ' || fail "no region row"
pid=$(hwtop_pid)
[ -n "$pid" ] || fail "cannot find hwtop's pid"
sizes="1x1 2x2 200x60 10x3 80x24 1x40 120x1 40x10"
for round in 1 2 3 4 5; do
    for wh in $sizes; do
        $T resize-window -t t -x "${wh%x*}" -y "${wh#*x}" 2>/dev/null
        for k in 1 2 3 4 5 6 7 8 9 10; do
            kill -WINCH "$pid" 2>/dev/null || fail "hwtop died in the storm"
        done
    done
done
kill -0 "$pid" 2>/dev/null || fail "hwtop died in the storm"
$T resize-window -t t -x 120 -y 40
wait_for 'REGION' 5 || fail "no table after the storm"
wait_for ' tui_slow ' 5 || fail "no region row after the storm"
wait_for 'Events:' 5 || fail "no header after the storm"
kill -TERM "$pid"
wait_for '^EXIT=143$' 10 || fail "SIGTERM did not end hwtop with 143"
check_clean
$T kill-server 2>/dev/null
sleep 0.2

start -- -d 0.2 "$TUI_APP"
wait_for ' tui_slow ' || fail "no region row (second run)"
pid=$(hwtop_pid)
kill -HUP "$pid"
wait_for '^EXIT=129$' 10 || fail "SIGHUP did not end hwtop with 129"
check_clean
$T kill-server 2>/dev/null
sleep 0.2

# The hostile names of tests/integration (CR, LF, tab, controls, invalid
# UTF-8) in the TUI: each on its own row, controls shown as ^X.
start -- -d 0.2 "$FIXTURE" names
$T resize-window -t t -x 200 -y 100
wait_for 'exited 0' 10 || fail "the fixture did not end"
wait_for 'line\^Jfeed' 5 || fail "LF not shown as ^J"
for name in 'tab\^Ihere' 'carriage\^Mreturn' 'crlf\^M\^Jend' \
    'par,"ent"\^M\^J' 'ctrl\^A\^B\^\[\[31mred\^\?' 'chi\^Ild\^A,'; do
    screen | grep -qE -- "$name" || fail "no row showing $name"
done
rows=$(screen | grep -cE ' 2 +[0-9.]+ (ns|us|ms) ')
[ "$rows" = "$FIXTURE_NAMES" ] ||
    fail "$rows rows of 2 calls, expected $FIXTURE_NAMES: a name broke a line"
case "$($T display -p -t t '#{pane_title}')" in
*red*) fail "a region name reached the terminal title" ;;
esac
quit_and_check 0
$T kill-server 2>/dev/null
sleep 0.2

# More threads than the segment holds: the header says how many were
# dropped (20 threads, room for 8), and the table shows the 8.
start -- -d 0.2 --max-threads 8 "$FAULT_APP" threads 20
wait_for 'exited 0' 10 || fail "fault_app threads 20 did not end"
wait_for 'Overflow: +threads 12' 5 ||
    fail "the header does not show the 12 dropped threads"
wait_for '^[A-Z ]+ t +8 ' 5 || fail "no row of the 8 threads that fit"
quit_and_check 0
echo "tui: 400 SIGWINCH and 40 resizes (1x1 to 200x60) survived; SIGTERM" \
    "143, SIGHUP 129, terminal clean each time; $rows hostile names, one" \
    "row each, controls as ^X; 12 dropped threads shown"
