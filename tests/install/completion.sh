#!/bin/bash
# SPDX-License-Identifier: MIT
# completion.sh PREFIX: the installed bash completion, sourced by hand and
# then loaded by bash-completion from PREFIX/share, completing real
# command lines against the installed hwtop.
prefix=$1
export PATH=$prefix/bin:$PATH
file=$prefix/share/bash-completion/completions/hwtop
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# complete WORDS...: COMPREPLY for the last word of "WORDS...".
complete_line() {
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _hwtop
}
has() {
    local w
    for w in "${COMPREPLY[@]}"; do
        [[ $w == "$1" ]] && return 0
    done
    return 1
}
expect_is() { # expect_is "WANT" WORDS...
    local want=$1
    shift
    complete_line "$@"
    [[ "${COMPREPLY[*]}" == "$want" ]] ||
        fail "[$*] gives '${COMPREPLY[*]}', want '$want'"
}
expect_has() { # expect_has WORD WORDS...
    local w=$1
    shift
    complete_line "$@"
    has "$w" || fail "[$*] gives '${COMPREPLY[*]}', without $w"
}
expect_not() {
    local w=$1
    shift
    complete_line "$@"
    has "$w" && fail "[$*] offers $w: ${COMPREPLY[*]}"
}

. "$file" || { echo "FAIL: cannot source $file"; exit 1; }
expect_is "--format" hwtop --form
expect_is "csv json" hwtop --format ''
expect_is "json" hwtop --format=j
expect_is "ipc,branch" hwtop -e ipc,b
expect_is "tree csv json" hwtop topo --format ''
expect_has time hwtop report --sort ''
expect_has --fail-if-slower hwtop diff --
expect_not --events hwtop topo --
for c in demo topo diff report; do
    expect_has "$c" hwtop ''
done
for opt in $(hwtop --help | grep -E '^ +-' | grep -oE -- '--[a-z][a-z-]*' |
    sort -u); do
    expect_has "$opt" hwtop --
done
# After -o's file, still hwtop's options; after the program, not.
expect_has --format hwtop -o x.json --
expect_not --format hwtop -b -e sw ./app --
expect_not --format hwtop -- ./app -
dir=$(mktemp -d)
mkdir "$dir/sub"
touch "$dir/a.csv" "$dir/b.txt" "$dir/my run.csv"
cd "$dir" || exit 1
expect_has "my run.csv" hwtop diff ''
complete_line hwtop report ''
[[ ${#COMPREPLY[@]} -eq 3 ]] && ! has b.txt && has sub && has a.csv ||
    fail "hwtop report <TAB> in a folder: ${COMPREPLY[*]}"
cd / && rm -rf "$dir"
echo "completion: options from --help, values of -e, --format, --sort;" \
    "files for diff; the program's own line left alone"

bc=/usr/share/bash-completion/bash_completion
if [[ -f $bc ]]; then
    complete -r hwtop
    unset -f _hwtop
    . "$bc"
    # What bash-completion does on the first "hwtop <TAB>".
    XDG_DATA_DIRS=$prefix/share:/usr/share __load_completion hwtop ||
        fail "bash-completion does not find it under $prefix/share"
    complete -p hwtop 2>/dev/null | grep -q -- '-F _hwtop' ||
        fail "bash-completion loaded: $(complete -p hwtop 2>&1)"
    expect_is "--format" hwtop --form
    # The program's completion takes over (_command_offset).
    expect_not --format hwtop -b true --
    echo "completion: loaded by bash-completion from $prefix/share"
else
    echo "completion: bash-completion is not installed: its loader not tried"
fi
[[ $fails -eq 0 ]] || exit 1
echo "completion: all checked"
