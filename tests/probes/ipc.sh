#!/bin/sh
# SPDX-License-Identifier: MIT
# ipc.sh: one dependent chain of multiply-adds takes at least 1.5x the time
# of the same work as four independent chains (typically 3-4x).
. "$(dirname "$0")/lib.sh"
check() {
    "$1" --quick >"$tmp/out" 2>&1 || { why="ipc exited $?"; return 1; }
    one=$(value 1chain 2) four=$(value 4chains 2)
    ge "$one" "$four" 1.5 ||
        { why="1 chain $one ns/op, 4 chains $four"; return 1; }
}
attempts 3 check "$1"
echo "ok: 1 chain $one, 4 chains $four ns per op"
