#!/bin/sh
# SPDX-License-Identifier: MIT
# cli.sh HWTOP SRC: --help and --version as GNU tools give them, a --help
# for every command, bad options refused in one line, and the manual
# pages keeping up: every option of every --help and every HWTOP_*
# variable the sources read is in hwtop(1) or hwtop(3).
set -u
hwtop=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# out_only ARGS...: exit 0, output on stdout, nothing on stderr.
out_only() {
    "$hwtop" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 0 ] || fail "hwtop $*: exit $rc"
    [ -s "$tmp/out" ] || fail "hwtop $*: nothing on stdout"
    [ -s "$tmp/err" ] && fail "hwtop $*: on stderr: $(cat "$tmp/err")"
}

# refused ARGS...: exit 2, nothing on stdout, one line saying why
# ("hwtop[ COMMAND]: ..."), perhaps followed by GNU's "Try ... --help".
refused() {
    "$hwtop" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 2 ] || fail "hwtop $*: exit $rc, want 2"
    [ -s "$tmp/out" ] && fail "hwtop $*: wrote to stdout"
    n=$(grep -c '' "$tmp/err")
    head -n 1 "$tmp/err" | grep -q '^hwtop[ a-z]*: ' &&
        { [ "$n" -eq 1 ] || { [ "$n" -eq 2 ] && tail -n 1 "$tmp/err" |
            grep -q "^Try 'hwtop.* --help' for more"; }; } ||
        fail "hwtop $*: said: $(cat "$tmp/err")"
}

version=$(sed -n 's/^project(hwtop VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
out_only --version
[ "$(head -n 1 "$tmp/out")" = "hwtop $version" ] ||
    fail "--version says '$(head -n 1 "$tmp/out")', CMakeLists.txt $version"
grep -q '^License MIT' "$tmp/out" && grep -q 'NO WARRANTY' "$tmp/out" ||
    fail "--version has no licence lines"
"$hwtop" -V >"$tmp/v" 2>&1 && cmp -s "$tmp/v" "$tmp/out" || fail "-V differs"

out_only --help
cp "$tmp/out" "$tmp/help"
head -n 1 "$tmp/help" | grep -q '^Usage: hwtop ' || fail "--help: no Usage line"
"$hwtop" -h >"$tmp/h" 2>&1 && cmp -s "$tmp/h" "$tmp/help" || fail "-h differs"
refused --no-such-option
refused -d nonsense true

commands=$(sed -n '/^Commands/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$tmp/help")
for c in demo topo diff report; do
    echo "$commands" | grep -qx "$c" || fail "--help lists no '$c' command"
done
man1=$src/man/hwtop.1
long_options() { # the long options of a help text, one a line
    grep -E '^ +-' "$1" | grep -oE -- '--[a-z][a-z-]*' | sort -u
}
for opt in $(long_options "$tmp/help"); do
    esc=$(echo "$opt" | sed 's/-/\\\\-/g')
    grep -q -- "$esc" "$man1" || fail "hwtop(1) does not say $opt"
done
for c in $commands; do
    out_only "$c" --help
    cp "$tmp/out" "$tmp/help-$c"
    head -n 1 "$tmp/help-$c" | grep -q "^Usage: hwtop $c" ||
        fail "hwtop $c --help: first line $(head -n 1 "$tmp/help-$c")"
    "$hwtop" "$c" -h >"$tmp/h" 2>&1 && cmp -s "$tmp/h" "$tmp/help-$c" ||
        fail "hwtop $c -h differs from --help"
    refused "$c" --no-such-option
    grep -q "^\.B hwtop $c" "$man1" || fail "hwtop(1) has no 'hwtop $c'"
    for opt in $(long_options "$tmp/help-$c"); do
        esc=$(echo "$opt" | sed 's/-/\\\\-/g')
        grep -q -- "$esc" "$man1" || fail "hwtop(1) does not say $c $opt"
    done
done
echo "help: hwtop and $(echo $commands | wc -w) commands ($(echo $commands))"

# Every variable the sources read, documented in a manual page.
for v in $(grep -rhoE 'getenv\("HWTOP_[A-Z_]+"\)' "$src/src" |
    sed 's/getenv("\(.*\)")/\1/' | sort -u); do
    grep -q "$v" "$man1" "$src/man/hwtop.3" ||
        fail "$v is read by hwtop but in neither manual page"
done
echo "man: every option and HWTOP_* variable documented"
[ "$failures" -eq 0 ] || exit 1
echo "cli: ok"
