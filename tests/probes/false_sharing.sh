#!/bin/sh
# SPDX-License-Identifier: MIT
# false_sharing.sh: two threads adding to counters in one cache line are
# slower than with the counters padded apart (at least 1.1x: on a VM
# whose two vCPUs are hyperthreads of one core the line never leaves the
# core, and the penalty is only ~1.2-1.8x; across cores it is 3-20x).
. "$(dirname "$0")/lib.sh"
[ "$(nproc)" -ge 2 ] ||
    { echo "SKIP: one CPU: the threads cannot run at once"; exit 77; }
check() {
    "$1" --quick --reps 5 >"$tmp/out" 2>&1 ||
        { why="false_sharing exited $?"; return 1; }
    padded=$(value padded 4) same=$(value sameline 4)
    ge "$same" "$padded" 1.1 ||
        { why="same line $same ns/increment, padded $padded"; return 1; }
}
attempts 3 check "$1"
echo "ok: padded $padded, same line $same ns per increment"
