#!/bin/sh
# SPDX-License-Identifier: MIT
# branch_asm.sh: branch_count kept its branch: the disassembly has a
# conditional jump besides the loop's, and no conditional move or select.
. "$(dirname "$0")/lib.sh"
command -v "${OBJDUMP:-objdump}" >/dev/null 2>&1 ||
    { echo "SKIP: no objdump"; exit 77; }
"${OBJDUMP:-objdump}" -d --no-show-raw-insn "$1" |
    awk '/^[0-9a-f]+ <branch_count[.>]/ { on = 1; next } /^$/ { on = 0 } on' \
        >"$tmp/out"
[ -s "$tmp/out" ] || fail "no branch_count in $1"
case $(uname -m) in
x86_64 | i?86)
    cmov='cmov|set[a-z]+ |adc |sbb '
    jcc='j(a|ae|b|be|c|e|g|ge|l|le|na|nae|nb|nbe|nc|ne|ng|nge|nl|nle|no|np|ns|nz|o|p|pe|po|s|z) '
    ;;
aarch64)
    cmov='csel|csinc|csneg|cinc|cset'
    jcc='b\.[a-z]+|cbn?z|tbn?z'
    ;;
*)
    echo "SKIP: no check for $(uname -m)"
    exit 77
    ;;
esac
grep -Eq "$cmov" "$tmp/out" && fail "a conditional move/select in branch_count"
n=$(grep -Ec "[[:space:]]($jcc)" "$tmp/out")
[ "$n" -ge 2 ] || fail "$n conditional jump(s): the data branch is gone"
grep -Eq 'xmm|ymm|zmm|v[0-9]+\.' "$tmp/out" && fail "branch_count is vectorised"
echo "ok: $n conditional jumps, no cmov"
