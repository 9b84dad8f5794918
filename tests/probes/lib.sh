# SPDX-License-Identifier: MIT
# lib.sh: helpers for the probe tests: a temporary directory, failing
# with the probe's output, reading its result table, retrying.

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "FAIL: $*"
    [ -s "$tmp/out" ] && { echo "--- probe output:"; cat "$tmp/out"; }
    exit 1
}

# value CASE COLUMN: the COLUMN-th field of the table row starting CASE.
value() {
    awk -v c="$1" -v k="$2" '$1 == c { print $k; exit }' "$tmp/out"
}

# ge A B RATIO: A >= RATIO * B (floating point); false when A or B is
# empty.
ge() {
    [ -n "$1" ] && [ -n "$2" ] &&
        awk -v a="$1" -v b="$2" -v r="$3" 'BEGIN { exit !(a >= r * b) }'
}

# attempts N FUNCTION: runs FUNCTION (which runs the probe into
# $tmp/out and sets $why when the shape is wrong) up to N times.  A busy
# neighbour (another build on the VM, a hyperthread sibling) can hide an
# effect for a moment, not three times in a row.
attempts() {
    n=$1
    shift
    for i in $(seq "$n"); do
        why=""
        "$@" && return 0
        [ -n "$why" ] || why="the probe failed"
        echo "note: attempt $i: $why"
        [ "$i" -lt "$n" ] && sleep 1
    done
    fail "$why"
}
