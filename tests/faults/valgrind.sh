#!/bin/bash
# SPDX-License-Identifier: MIT
# valgrind.sh: the launcher's batch path under memcheck: no memory error
# and no leak of hwtop's own (third-party ones are listed, with reasons,
# in valgrind.supp).
#
#   valgrind.sh <hwtop> <launcher_app> <suppressions>
set -u
hwtop=$1 app=$2 supp=$3
if [ ! -x "$hwtop" ]; then
    echo "SKIP: hwtop is not built"
    exit 77
fi
if ! command -v valgrind >/dev/null; then
    echo "SKIP: valgrind is not installed"
    exit 77
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/hwtop-vg.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# One run with a report and one without, a program with threads and
# regions; the program itself runs natively (no --trace-children).
run() {
    name=$1 want=$2
    shift 2
    valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible \
        --error-exitcode=99 --suppressions="$supp" \
        --log-file="$dir/$name.vg" "$hwtop" "$@" >"$dir/$name.out" 2>"$dir/$name.err"
    rc=$?
    if [ $rc -ne "$want" ]; then
        echo "FAIL: $name: hwtop under memcheck exited $rc, not $want" \
            "(99: memcheck found something)"
        cat "$dir/$name.err" "$dir/$name.vg"
        exit 1
    fi
    grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost' \
        "$dir/$name.vg" | sed "s/^==[0-9]*==/$name:/"
}
run report 0 -b -e sw -o "$dir/r.csv" "$app" same 16
grep -q '^touch,' "$dir/r.csv" || { echo "FAIL: no report"; exit 1; }
run table 0 -b -I 100 -e sw "$app" ticks 400
run crash 139 -b -e sw -o "$dir/c.csv" "$app" segv
echo "valgrind: hwtop's batch path: no error, no leak"
