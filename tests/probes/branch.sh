#!/bin/sh
# SPDX-License-Identifier: MIT
# branch.sh: the same loop over shuffled bytes takes at least 1.3x its time
# over the same bytes sorted (mispredicts; typically 5-15x).
. "$(dirname "$0")/lib.sh"
check() {
    "$1" --quick >"$tmp/out" 2>&1 || { why="branch exited $?"; return 1; }
    sorted=$(value sorted 2) shuffled=$(value shuffled 2)
    ge "$shuffled" "$sorted" 1.3 ||
        { why="shuffled $shuffled ns/element, sorted $sorted"; return 1; }
}
attempts 3 check "$1"
echo "ok: sorted $sorted, shuffled $shuffled ns per element"
