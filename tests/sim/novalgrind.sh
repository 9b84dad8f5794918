#!/bin/sh
# SPDX-License-Identifier: MIT
# novalgrind.sh: --sim where valgrind is not on PATH fails in one line
# that says how to install it, with status 127, and runs nothing.
hwtop=$1 app=$2
out=$(env PATH=/nonexistent "$hwtop" --sim -b "$app" branch 2>&1)
rc=$?
[ "$rc" -eq 127 ] || { echo "FAIL: exit $rc, expected 127: $out"; exit 1; }
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] ||
    { echo "FAIL: more than one line: $out"; exit 1; }
case $out in
*"apt-get install valgrind"*) ;;
*) echo "FAIL: no install hint: $out"; exit 1 ;;
esac
case $out in
*fixture:*) echo "FAIL: the program ran: $out"; exit 1 ;;
esac
echo "ok: $out"
