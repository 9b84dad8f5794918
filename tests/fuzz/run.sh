#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh: runs the libFuzzer targets of a HWTOP_FUZZ=ON build.
#
#   bash tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
#
# Each target (default: all) runs SECONDS on its kept corpus
# (tests/fuzz/corpus/TARGET), adding what it finds to a scratch copy, never
# to the kept corpus.  Prints libFuzzer's final line (exec/s, cov, ft) per
# target; a crash, leak or sanitizer report fails, its input kept in
# BUILD_DIR/fuzz-artifacts/ to replay with fuzz_replay_TARGET.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}
secs=${2:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(reader_raw reader_patch csv events)

art="$build/fuzz-artifacts"
mkdir -p "$art"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hwtop-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
failed=0
for t in "${targets[@]}"; do
    bin="$build/tests/fuzz/fuzz_$t"
    if [ ! -x "$bin" ]; then
        echo "fuzz $t: $bin is not built (cmake --build $build --target fuzzers)"
        failed=1
        continue
    fi
    mkdir -p "$scratch/$t"
    log="$scratch/$t.log"
    "$bin" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$art/$t-" "$scratch/$t" "$here/corpus/$t" \
        >"$log" 2>&1
    rc=$?
    # The last status line: "#N DONE cov: C ft: F corp: ... exec/s: E ...".
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    echo "fuzz $t: ${secs}s, ${execs:-?} runs, ${rate:-?} exec/s; $last"
    if [ $rc -ne 0 ] || grep -qE '^==[0-9]+==ERROR|runtime error:|deadly signal' "$log"; then
        echo "fuzz $t: FAILED (status $rc); its log:"
        grep -vE '^#[0-9]+' "$log" | tail -n 60
        failed=1
    fi
done
exit $failed
