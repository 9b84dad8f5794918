#!/bin/sh
# SPDX-License-Identifier: MIT
# report.sh MODE HWTOP APP SRC: JSON reports of a real run, read in Python.
#
#   json    -o run.json and --format json: no sidecar, schema-valid, the
#           program's shape, metadata checked against this machine, every
#           column of a CSV report of the same program placed in the JSON;
#           broken copies refused by the schema; -r 3 gives the spread
#   pandas  the CSV loads with pandas.read_csv defaults without a warning,
#           and docs/json.md's snippets run as written on both reports
#   sim     hwtop --sim -o sim.json: simulated counters, schema-valid
#   errors  bad --format, --format without -o, an unwritable -o, a JSON
#           report given to report or diff: one line, exit 2 or 1
set -u
mode=$1 hwtop=$2 app=$3 src=$4
schema=$src/docs/schema/hwtop-report.schema.json
check=$src/tests/json/check_report.py
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Debian's python3 (python3-jsonschema, python3-pandas), else the first
# python3 on PATH that has the modules.
python_with() {
    for py in /usr/bin/python3 python3; do
        if "$py" -c "import $1" 2>/dev/null; then
            echo "$py"
            return 0
        fi
    done
    return 1
}

run() { # run OUT ARGS...: hwtop in batch mode, software counters
    out=$1
    shift
    "$hwtop" -b -e sw "$@" "$app" >"$dir/stdout" 2>"$dir/stderr" ||
        fail "hwtop $* $app: exit $?: $(cat "$dir/stderr")"
    [ -s "$out" ] || fail "no report at $out"
}

case "$mode" in
json)
    py=$(python_with jsonschema) || fail "python3-jsonschema is not " \
        "installed (.ci/packages lists it)"
    version=$("$hwtop" --version | head -n 1 | cut -d' ' -f2)
    run "$dir/run.json" -o "$dir/run.json"
    [ ! -e "$dir/run.json.meta.json" ] || fail "a sidecar beside run.json"
    head -c 1 "$dir/run.json" | grep -q '{' || fail "run.json is not JSON"
    run "$dir/run.out" --format json -o "$dir/run.out"
    run "$dir/run.csv" -o "$dir/run.csv"
    [ -s "$dir/run.csv.meta.json" ] || fail "no sidecar beside run.csv"
    # --format csv wins over the name.
    run "$dir/forced.json" --format csv -o "$dir/forced.json"
    head -n 1 "$dir/forced.json" | grep -q '^region,parent,thread,' ||
        fail "--format csv -o forced.json did not write CSV"
    "$py" "$check" validate "$schema" "$dir/run.json" "$dir/run.out" || exit 1
    "$py" "$check" shape "$schema" "$dir/run.json" "$dir/run.csv" \
        "$version" "$app" || exit 1
    "$py" "$check" negative "$schema" "$dir/run.json" || exit 1
    run "$dir/rep.json" -r 3 -o "$dir/rep.json"
    run "$dir/rep.csv" -r 3 -o "$dir/rep.csv"
    "$py" "$check" repeat "$schema" "$dir/rep.json" "$dir/rep.csv" 3 || exit 1
    ;;
pandas)
    py=$(python_with pandas) || fail "python3-pandas is not installed " \
        "(.ci/packages lists it)"
    run "$dir/run.csv" -o "$dir/run.csv"
    run "$dir/run.json" -o "$dir/run.json"
    "$py" "$check" pandas "$dir/run.csv" "$dir/run.json" \
        "$src/docs/json.md" || exit 1
    ;;
sim)
    command -v valgrind >/dev/null || { echo "SKIP: no valgrind"; exit 77; }
    py=$(python_with jsonschema) || fail "python3-jsonschema is not installed"
    "$hwtop" --sim -b -o "$dir/sim.json" "$app" >/dev/null 2>"$dir/stderr" ||
        fail "hwtop --sim: exit $?: $(cat "$dir/stderr")"
    "$py" "$check" sim "$schema" "$dir/sim.json" || exit 1
    ;;
errors)
    expect() { # expect STATUS WORDS ARGS...: one line on stderr, that status
        want=$1 words=$2
        shift 2
        "$hwtop" "$@" >"$dir/out" 2>"$dir/err"
        rc=$?
        [ "$rc" -eq "$want" ] || fail "hwtop $*: exit $rc, want $want"
        grep -q "$words" "$dir/err" || fail "hwtop $*: said $(cat "$dir/err")"
        [ "$(grep -vc '^Try ' "$dir/err")" -eq 1 ] ||
            fail "hwtop $*: not one line: $(cat "$dir/err")"
    }
    expect 2 "^hwtop: --format 'xml': csv or json" --format xml -o x "$app"
    expect 2 "^hwtop: --format json: which file" --format json "$app"
    expect 1 "^hwtop: $dir/no/such/r.json: cannot write there" -b -e sw \
        -o "$dir/no/such/r.json" "$app"
    run "$dir/r.json" -o "$dir/r.json"
    expect 2 "reads CSV reports" report "$dir/r.json"
    expect 2 "reads CSV reports" diff "$dir/r.json" "$dir/r.json"
    echo "errors: bad --format, --format without -o, unwritable -o;" \
        "report and diff say they read CSV"
    ;;
*)
    fail "usage: report.sh json|pandas|sim|errors HWTOP APP SRC"
    ;;
esac
echo "json.$mode: ok"
