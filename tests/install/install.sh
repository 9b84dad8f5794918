#!/bin/sh
# SPDX-License-Identifier: MIT
# install.sh MODE: hwtop installed into a fresh prefix, used as a new user
# would.  Each mode installs on its own (cmake --install BUILD --prefix),
# with CMAKE, CC, CXX, READELF, BUILD, SRC, VERSION and SAN (sanitizer
# flags for programs linking a sanitized libhwtop, else empty) in the
# environment (tests/install/CMakeLists.txt sets them).
#
#   tree        the files and links, the soname, relocatable text files,
#               DESTDIR staging, probes that run from libexec/hwtop
#   pkgconfig   cc and c++ -std=c++17 with `pkg-config --cflags --libs`
#   cmake       find_package(hwtop): hwtop::hwtop, hwtop::static, C++17;
#               a version it cannot satisfy is refused
#   launcher    the installed hwtop runs a program, writes a JSON report
#               that Python validates against the installed schema, and
#               finds its installed demo
#   man         man hwtop, man 3 hwtop, man PERF_REGION from the prefix,
#               rendered without a warning
#   completion  the installed completion, sourced and then loaded by
#               bash-completion (tests/install/completion.sh)
set -u
mode=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" # man drops root's rights to read pages
prefix=$tmp/prefix
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
die() {
    echo "FAIL: $*"
    exit 1
}
skip() {
    echo "SKIP: $*"
    exit 77
}

"$CMAKE" --install "$BUILD" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
    die "cmake --install: $(tail -n 5 "$tmp/install.log")"

# csv_has CSV REGION THREAD CALLS: the report has that row.
csv_has() {
    grep -q "^$2,[^,]*,$3,$4," "$1" || fail "$1: no row '$2' on $3 with $4 calls:
$(cut -d, -f1-4 "$1")"
}

# run_app APP: runs it with HWTOP_CSV, checks its report and its output.
run_app() {
    rm -f "$tmp/app.csv" "$tmp/app.csv.meta.json"
    HWTOP_EVENTS=sw HWTOP_CSV=$tmp/app.csv "$@" >"$tmp/app.out" 2>"$tmp/app.err" ||
        { fail "$*: exit $?: $(cat "$tmp/app.err")"; return; }
    grep -q 'library matches header' "$tmp/app.out" ||
        fail "$*: $(cat "$tmp/app.out")"
    [ -s "$tmp/app.csv" ] || { fail "$*: no report"; return; }
    csv_has "$tmp/app.csv" load main 1
    csv_has "$tmp/app.csv" step main 10
    csv_has "$tmp/app.csv" step all 10
}

case "$mode" in
tree)
    for f in bin/hwtop include/hwtop.h include/hwtop.hpp lib/libhwtop.a \
        "lib/libhwtop.so.$VERSION" lib/pkgconfig/hwtop.pc \
        lib/cmake/hwtop/hwtop-config.cmake \
        lib/cmake/hwtop/hwtop-config-version.cmake \
        lib/cmake/hwtop/hwtop-targets.cmake share/man/man1/hwtop.1 \
        share/man/man3/hwtop.3 share/man/man3/PERF_REGION.3 \
        share/man/man3/HWTOP_SCOPE.3 share/bash-completion/completions/hwtop \
        share/hwtop/hwtop-report.schema.json share/doc/hwtop/README.md \
        share/doc/hwtop/json.md libexec/hwtop/hwtop-demo \
        libexec/hwtop/cache_sweep libexec/hwtop/branch libexec/hwtop/ipc \
        libexec/hwtop/page_faults libexec/hwtop/false_sharing; do
        [ -f "$prefix/$f" ] || fail "not installed: $f"
    done
    major=${VERSION%%.*}
    [ "$(readlink "$prefix/lib/libhwtop.so")" = "libhwtop.so.$major" ] ||
        fail "libhwtop.so -> $(readlink "$prefix/lib/libhwtop.so")"
    [ "$(readlink "$prefix/lib/libhwtop.so.$major")" = "libhwtop.so.$VERSION" ] ||
        fail "libhwtop.so.$major -> $(readlink "$prefix/lib/libhwtop.so.$major")"
    soname=$("$READELF" -d "$prefix/lib/libhwtop.so.$VERSION" |
        sed -n 's/.*SONAME.*\[\(.*\)\].*/\1/p')
    [ "$soname" = "libhwtop.so.$major" ] || fail "soname '$soname'"
    # Nothing installed points back into the build tree.
    for f in "$prefix"/lib/pkgconfig/hwtop.pc "$prefix"/lib/cmake/hwtop/*.cmake \
        "$prefix"/share/bash-completion/completions/hwtop; do
        if grep -q "$BUILD" "$f"; then fail "$f names the build tree"; fi
    done
    for f in "$prefix"/bin/hwtop "$prefix"/lib/libhwtop.so.* \
        "$prefix"/libexec/hwtop/*; do
        rp=$("$READELF" -d "$f" | sed -n 's/.*R\(UN\)*PATH.*\[\(.*\)\].*/\2/p')
        case "$rp" in
        *"$BUILD"*) fail "$f: RUNPATH into the build tree: $rp" ;;
        esac
    done
    # The probes find libhwtop relative to themselves.
    "$prefix/libexec/hwtop/branch" --quick >"$tmp/branch.out" 2>&1 ||
        fail "libexec/hwtop/branch: $(tail -n 3 "$tmp/branch.out")"
    "$prefix/bin/hwtop" --version | head -n 1 | grep -qx "hwtop $VERSION" ||
        fail "installed hwtop --version: $("$prefix/bin/hwtop" --version)"
    # Staged for a package: DESTDIR, prefix /usr.
    DESTDIR=$tmp/stage "$CMAKE" --install "$BUILD" --prefix /usr \
        >"$tmp/stage.log" 2>&1 || fail "DESTDIR install: $(tail -n 3 "$tmp/stage.log")"
    grep -qx 'prefix=/usr' "$tmp/stage/usr/lib/pkgconfig/hwtop.pc" ||
        fail "staged hwtop.pc: $(head -n 5 "$tmp/stage/usr/lib/pkgconfig/hwtop.pc")"
    echo "tree: $(find "$prefix" -type f | wc -l) files, soname $soname," \
        "probes run from libexec/hwtop, DESTDIR staging"
    ;;
pkgconfig)
    command -v pkg-config >/dev/null || die "no pkg-config (.ci/packages)"
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
    pkg-config --validate hwtop || fail "pkg-config --validate hwtop"
    [ "$(pkg-config --modversion hwtop)" = "$VERSION" ] ||
        fail "modversion $(pkg-config --modversion hwtop)"
    [ "$(pkg-config --variable=prefix hwtop)" = "$prefix" ] ||
        fail "prefix $(pkg-config --variable=prefix hwtop)"
    [ "$(pkg-config --cflags hwtop | tr -d ' ')" = "-I$prefix/include" ] ||
        fail "cflags $(pkg-config --cflags hwtop)"
    pkg-config --static --libs hwtop | grep -q -- '-lpapi' ||
        fail "static libs: $(pkg-config --static --libs hwtop)"
    # shellcheck disable=SC2046
    "$CC" -O2 $SAN -o "$tmp/app_c" "$SRC/project/app.c" \
        $(pkg-config --cflags --libs hwtop) 2>"$tmp/cc.err" ||
        die "cc with pkg-config: $(cat "$tmp/cc.err")"
    # shellcheck disable=SC2046
    "$CXX" -std=c++17 -Wall -Wextra -Wpedantic -O2 $SAN -o "$tmp/app_cxx" \
        "$SRC/project/app.cpp" $(pkg-config --cflags --libs hwtop) \
        2>"$tmp/cxx.err" || die "c++ with pkg-config: $(cat "$tmp/cxx.err")"
    export LD_LIBRARY_PATH="$prefix/lib"
    ldd "$tmp/app_c" | grep -q "libhwtop.so.0 => $prefix/lib/" ||
        fail "app_c does not load the installed libhwtop: $(ldd "$tmp/app_c")"
    run_app "$tmp/app_c"
    run_app "$tmp/app_cxx"
    echo "pkgconfig: cc and c++ -std=c++17 built and ran against $prefix"
    ;;
cmake)
    project=$SRC/project
    if ! "$CMAKE" -S "$project" -B "$tmp/b" -DCMAKE_PREFIX_PATH="$prefix" \
        -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
        -DCMAKE_C_FLAGS="$SAN" -DCMAKE_CXX_FLAGS="$SAN" \
        >"$tmp/cfg.log" 2>&1; then
        die "configuring the user's project: $(tail -n 20 "$tmp/cfg.log")"
    fi
    grep -q "hwtop $VERSION: $prefix/bin/hwtop" "$tmp/cfg.log" ||
        fail "find_package said: $(grep hwtop "$tmp/cfg.log")"
    "$CMAKE" --build "$tmp/b" >"$tmp/build.log" 2>&1 ||
        die "building the user's project: $(tail -n 20 "$tmp/build.log")"
    for app in app_shared app_static app_cxx; do
        run_app "$tmp/b/$app"
    done
    "$READELF" -d "$tmp/b/app_static" | grep -q 'libhwtop' &&
        fail "app_static needs libhwtop.so"
    if "$CMAKE" -S "$project" -B "$tmp/b1" -DCMAKE_PREFIX_PATH="$prefix" \
        -DHWTOP_WANT=1.0 >"$tmp/cfg1.log" 2>&1; then
        fail "find_package(hwtop 1.0) accepted $VERSION"
    fi
    grep -q 'requested version "1.0"' "$tmp/cfg1.log" ||
        fail "find_package(hwtop 1.0): $(tail -n 5 "$tmp/cfg1.log")"
    echo "cmake: hwtop::hwtop, hwtop::static and C++17 built and ran;" \
        "version 1.0 refused"
    ;;
launcher)
    py=
    for p in /usr/bin/python3 python3; do
        if "$p" -c 'import jsonschema' 2>/dev/null; then
            py=$p
            break
        fi
    done
    [ -n "$py" ] || die "python3-jsonschema is not installed (.ci/packages)"
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig" LD_LIBRARY_PATH="$prefix/lib"
    # shellcheck disable=SC2046
    "$CC" -O2 $SAN -o "$tmp/app" "$SRC/project/app.c" \
        $(pkg-config --cflags --libs hwtop) || die "cc with pkg-config"
    "$prefix/bin/hwtop" -b -e sw -o "$tmp/run.json" "$tmp/app" \
        >"$tmp/out" 2>"$tmp/err" || die "installed hwtop: $(cat "$tmp/err")"
    "$py" - "$prefix/share/hwtop/hwtop-report.schema.json" "$tmp/run.json" \
        "$tmp/app" <<'EOF' || fail "the JSON report, in Python"
import json, sys, jsonschema
schema, report = (json.load(open(p)) for p in sys.argv[1:3])
jsonschema.validate(report, schema)
step = [r for r in report["regions"] if r["name"] == "step"][0]
assert step["calls"] == 10 and step["threads"][0]["thread"] == "main", step
assert report["meta"]["command"] == [sys.argv[3]], report["meta"]["command"]
print("launcher: installed hwtop wrote run.json; valid, step has 10 calls")
EOF
    # The demo it runs is the installed one (the command in the report).
    "$prefix/bin/hwtop" demo -b -e sw -o "$tmp/demo.json" \
        >"$tmp/demo.out" 2>"$tmp/demo.err" ||
        fail "installed hwtop demo: $(tail -n 3 "$tmp/demo.err")"
    grep -q "\"$prefix/\(bin/../\)*libexec/hwtop/hwtop-demo\"" "$tmp/demo.json" ||
        fail "the demo run is not libexec's: $(grep -A2 command "$tmp/demo.json")"
    echo "launcher: hwtop demo ran $prefix/libexec/hwtop/hwtop-demo"
    ;;
man)
    command -v man >/dev/null || skip "man is not installed (man-db)"
    export MANPATH="$prefix/share/man" MANWIDTH=80
    [ "$(man -w hwtop)" = "$prefix/share/man/man1/hwtop.1" ] ||
        fail "man -w hwtop: $(man -w hwtop 2>&1)"
    [ "$(man -w 3 hwtop)" = "$prefix/share/man/man3/hwtop.3" ] ||
        fail "man -w 3 hwtop: $(man -w 3 hwtop 2>&1)"
    for page in "1 hwtop" "3 hwtop" "3 PERF_REGION_BEGIN" "3 HWTOP_SCOPE"; do
        # shellcheck disable=SC2086
        man --warnings -P cat $page >"$tmp/page" 2>"$tmp/warn" ||
            fail "man $page: exit $?: $(cat "$tmp/warn")"
        [ -s "$tmp/warn" ] && fail "man $page warns: $(cat "$tmp/warn")"
        case "$page" in
        1*) grep -q 'hwtop(3)' "$tmp/page" || fail "man $page: no hwtop(3)" ;;
        *) grep -q 'PERF_REGION' "$tmp/page" || fail "man $page: no PERF_REGION" ;;
        esac
    done
    grep -q 'HWTOP_CSV' "$tmp/page" || fail "hwtop(3) has no HWTOP_CSV"
    echo "man: hwtop(1), hwtop(3) and its macros' names, no warnings"
    ;;
completion)
    command -v bash >/dev/null || skip "no bash"
    bash "$SRC/completion.sh" "$prefix" >"$tmp/comp.out" 2>&1
    rc=$?
    cat "$tmp/comp.out"
    # The last line says it got to the end: a bash error may exit 0.
    [ $rc -eq 0 ] && tail -n 1 "$tmp/comp.out" | grep -qx 'completion: all checked' ||
        fail "the installed completion (exit $rc)"
    ;;
*)
    die "usage: install.sh tree|pkgconfig|cmake|launcher|man|completion"
    ;;
esac
[ "$failures" -eq 0 ] || exit 1
echo "install.$mode: ok"
