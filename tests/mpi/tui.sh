#!/bin/bash
# SPDX-License-Identifier: MIT
# tui.sh: under mpirun, --tui-rank 0 shows rank 0's TUI in the user's
# terminal (mpirun hands its ranks pipes, in background process groups),
# the other rank runs in batch; q ends the job, both reports are written
# and the terminal is as it was.  Needs HWTOP, TUI_APP (the MPI program)
# and MPIRUN in the environment.
. "$(dirname "$0")/../tui/lib.sh"

[ -x "$MPIRUN" ] || { echo "SKIP: no mpirun (${MPIRUN:-unset})"; exit 77; }
dir=$(mktemp -d)
trap '$T kill-server 2>/dev/null; rm -f "$sockets"; rm -rf "$dir"' EXIT
flags=
if "$MPIRUN" --version 2>&1 | grep -qiE 'open ?mpi|openrte'; then
    flags="--oversubscribe --allow-run-as-root"
fi

cmd="env LC_ALL=C.UTF-8 $MPIRUN $flags -np 2 $HWTOP --tui-rank 0 -d 0.2"
cmd="$cmd -e sw -o 'tui.%r.csv' $TUI_APP 2>err; echo EXIT=\$?;"
cmd="$cmd echo STTY: \$(stty -a | tr ' ;' '\n\n' |"
cmd="$cmd grep -xE -- '-?(echo|icanon)' | sort | tr '\n' ' '); sleep 600"
$T new-session -d -s t -c "$dir" -x 150 -y 30 "$cmd" || fail "no tmux"

wait_for ' skewed ' 30 || fail "no region of rank 0 on the screen"
wait_for '^hwtop \[rank 0 of 2 on ' 10 || fail "the header names no rank"
wait_for 'exited 0' 30 || fail "the program did not end"
# Rank 1 writes its report once its program ends, as rank 0's did.
end=$(($(now_ms) + 10000))
while [ ! -s "$dir/tui.1.csv" ]; do
    [ "$(now_ms)" -ge "$end" ] && fail "rank 1 (batch) wrote no report"
    sleep 0.05
done
[ -e "$dir/tui.0.csv" ] && fail "rank 0 wrote its report before q"
$T send-keys -t t q
wait_for '^EXIT=0$' 20 || { cat "$dir/err"; fail "q did not end the job"; }
[ -s "$dir/tui.0.csv" ] || fail "rank 0 wrote no report"
check_clean
echo "--tui-rank 0 under mpirun: TUI on rank 0, q, both reports, clean terminal"
