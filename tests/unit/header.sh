#!/bin/sh
# SPDX-License-Identifier: MIT
# header.sh: the public header and the libraries, checked with the compilers.
#
# header.sh MODE, with CC, CXX, NM, READELF, HWTOP_INC, HWTOP_SRC (this
# folder), HWTOP_SO, HWTOP_A in the environment (tests/unit/CMakeLists.txt
# sets them).  MODE is one of:
#   compile  C99, C11 and C++17 -Wall -Wextra -Wpedantic -Werror, enabled
#            and with -DHWTOP_DISABLE
#   literal  a non-literal name in each macro does not compile (a literal
#            in the same place does), enabled and disabled, C and C++
#   disable  with -DHWTOP_DISABLE the object names no hwtop symbol
#   exports  libhwtop.so and libhwtop.a define exactly the API; soname
#   samecode with -DHWTOP_DISABLE a loop with every kind of region
#            compiles to the same instructions as the loop without them
#            (objdump, -O1/-O2/-O3, C and C++); enabled, it does not
set -u

mode=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
warn="-Wall -Wextra -Wpedantic -Werror"

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# compile_use LANG STD OUT EXTRA...: compiles header_use.c to OUT.
compile_use() {
    lang=$1 std=$2 out=$3
    shift 3
    if [ "$lang" = c ]; then
        "$CC" -x c -std="$std" $warn -I"$HWTOP_INC" "$@" \
            -c "$HWTOP_SRC/header_use.c" -o "$out"
    else
        "$CXX" -x c++ -std="$std" $warn -I"$HWTOP_INC" "$@" \
            -c "$HWTOP_SRC/header_use.c" -o "$out"
    fi
}

# The API: what libhwtop exports, and all it exports.
api="hwtop_get_api_version
hwtop_region_begin
hwtop_region_begin_site
hwtop_region_end
hwtop_region_end_site
hwtop_thread_name"

# Symbols a sanitizer build adds to every shared object.
sanitizer_syms='^(__asan|__odr_asan|__ubsan|__tsan|__sancov|__lsan)'

case "$mode" in
compile)
    for v in "c c99" "c c11" "c++ c++17"; do
        set -- $v
        for d in "" "-DHWTOP_DISABLE"; do
            compile_use "$1" "$2" "$tmp/use.o" $d 2>"$tmp/err" ||
                fail "$1 -std=$2 $d: $(cat "$tmp/err")"
            echo "$1 -std=$2 $d: compiles cleanly"
        done
    done
    ;;
literal)
    for v in "c c99" "c c11" "c++ c++17"; do
        set -- $v
        for d in "" "-DHWTOP_DISABLE"; do
            for which in 1 2 3; do
                m=$(echo "PERF_REGION_BEGIN PERF_REGION_END PERF_REGION" |
                    cut -d' ' -f$which)
                cc=$CC
                [ "$1" = c++ ] && cc=$CXX
                # The control: the same place takes a literal.
                "$cc" -x "$1" -std="$2" $warn -I"$HWTOP_INC" $d \
                    -DWHICH=$which -DNAME='"lit"' \
                    -c "$HWTOP_SRC/header_literal.c" -o "$tmp/l.o" \
                    2>"$tmp/err" ||
                    fail "$m(\"lit\") $1 $2 $d: $(cat "$tmp/err")"
                for name in var arr "(var)" "var+1"; do
                    if "$cc" -x "$1" -std="$2" $warn -I"$HWTOP_INC" $d \
                        -DWHICH=$which -DNAME="$name" \
                        -c "$HWTOP_SRC/header_literal.c" -o "$tmp/l.o" \
                        2>/dev/null; then
                        fail "$m($name) compiled ($1 -std=$2 $d)"
                    fi
                done
            done
            echo "$1 -std=$2 $d: non-literals rejected by every macro"
        done
    done
    ;;
disable)
    for v in "c c99" "c c11" "c++ c++17"; do
        set -- $v
        for O in -O0 -O2; do
            compile_use "$1" "$2" "$tmp/on.o" $O || fail "$1 $2: enabled build"
            compile_use "$1" "$2" "$tmp/off.o" $O -DHWTOP_DISABLE ||
                fail "$1 $2: disabled build"
            # The control: enabled, the object refers to the API.
            n=$("$NM" -u "$tmp/on.o" | grep -c hwtop_)
            [ "$n" -ge 6 ] ||
                fail "$1 $2 $O enabled: $n hwtop references, want >= 6"
            if "$NM" "$tmp/off.o" | grep -i hwtop; then
                fail "$1 $2 $O -DHWTOP_DISABLE: hwtop symbols above"
            fi
            echo "$1 -std=$2 $O -DHWTOP_DISABLE: no hwtop symbol" \
                "(enabled: $n references)"
        done
    done
    ;;
exports)
    echo "$api" >"$tmp/want"
    "$NM" -D --defined-only "$HWTOP_SO" | awk '{print $NF}' |
        grep -Ev "$sanitizer_syms" | sort -u >"$tmp/so"
    diff -u "$tmp/want" "$tmp/so" >"$tmp/d" ||
        fail "libhwtop.so exports differ from the API:
$(cat "$tmp/d")"
    echo "libhwtop.so exports: $(tr '\n' ' ' <"$tmp/so")"
    "$NM" -g --defined-only "$HWTOP_A" | awk 'NF >= 3 {print $NF}' |
        grep -Ev "$sanitizer_syms" | sort -u >"$tmp/a"
    diff -u "$tmp/want" "$tmp/a" >"$tmp/d" ||
        fail "libhwtop.a global symbols differ from the API:
$(cat "$tmp/d")"
    echo "libhwtop.a globals: $(tr '\n' ' ' <"$tmp/a")"
    soname=$("$READELF" -d "$HWTOP_SO" | sed -n 's/.*SONAME.*\[\(.*\)\].*/\1/p')
    [ "$soname" = libhwtop.so.0 ] ||
        fail "soname is '$soname', want libhwtop.so.0"
    echo "soname: $soname"
    ;;
samecode)
    # The instructions of loop(), without addresses or bytes.
    insns() {
        "$OBJDUMP" -d --no-show-raw-insn --no-addresses "$1" |
            sed -n '/^<loop>:/,/^$/p'
    }
    for lang in c c++; do
        cc=$CC
        [ "$lang" = c++ ] && cc=$CXX
        for O in -O1 -O2 -O3; do
            build() {
                "$cc" -x "$lang" $warn $O -I"$HWTOP_INC" "$@" \
                    -c "$HWTOP_SRC/header_loop.c" -o "$tmp/loop.o" &&
                    insns "$tmp/loop.o"
            }
            build >"$tmp/plain" || fail "$lang $O: the plain loop"
            build -DWITH_REGIONS -DHWTOP_DISABLE >"$tmp/off" ||
                fail "$lang $O: the loop with regions, disabled"
            build -DWITH_REGIONS >"$tmp/on" ||
                fail "$lang $O: the loop with regions, enabled"
            [ -s "$tmp/plain" ] || fail "$lang $O: no loop() in the object"
            if ! diff -u "$tmp/plain" "$tmp/off" >"$tmp/d"; then
                fail "$lang $O -DHWTOP_DISABLE: the loop's code differs:
$(cat "$tmp/d")"
            fi
            # The control: enabled, the regions are there.
            cmp -s "$tmp/plain" "$tmp/on" &&
                fail "$lang $O: enabled regions left the code unchanged"
            echo "$lang $O -DHWTOP_DISABLE: loop() is the plain loop," \
                "$(grep -c . "$tmp/plain") lines (enabled:" \
                "$(grep -c . "$tmp/on"))"
        done
    done
    ;;
*)
    echo "usage: header.sh compile|literal|disable|exports|samecode" >&2
    exit 2
    ;;
esac
[ "$failures" -eq 0 ] || exit 1
