#!/bin/sh
# fuzz.sh - run the fuzz targets built by `make fuzz` (docs/FUZZING.md):
#
#   sh scripts/fuzz.sh SECONDS JOBS TARGET...
#
# runs build/fuzz/fuzz_TARGET for SECONDS each, JOBS targets at a time, on
# build/fuzz/corpus/TARGET (which keeps what it finds) and the seeds in
# build/fuzz/seeds/TARGET, with the dictionary tests/fuzz/fuzz.dict.  Prints
# one line per target with the executions done (libFuzzer's final
# stat::number_of_executed_units) and exits 1 when any target crashed,
# leaked, hit undefined behaviour, timed out or ran out of memory; the
# input is then in build/fuzz/crashes/TARGET/ and the log in
# build/fuzz/log/TARGET.log.
set -u
cd "$(dirname "$0")/.." || exit 2
[ $# -ge 3 ] || { echo "usage: fuzz.sh SECONDS JOBS TARGET..." >&2; exit 2; }
secs=$1
jobs=$2
shift 2
# A slow input is a finding: no input of these sizes needs a second.
TIMEOUT=10
RSS_MB=2048

# Largest input per target: index files need room for a segment; queries
# are short (QRY_MAX_BYTES is 4096).
max_len() {
    case $1 in
    segment) echo 16384 ;;
    manifest | tomb) echo 1024 ;;
    query | meta) echo 1024 ;;
    document) echo 8192 ;;
    *) echo 4096 ;;
    esac
}

run_one() { # target
    t=$1
    mkdir -p "build/fuzz/corpus/$t" "build/fuzz/crashes/$t" "build/fuzz/seeds/$t"
    "build/fuzz/fuzz_$t" -max_total_time="$secs" -max_len="$(max_len "$t")" \
        -timeout=$TIMEOUT -rss_limit_mb=$RSS_MB -print_final_stats=1 \
        -dict=tests/fuzz/fuzz.dict -artifact_prefix="build/fuzz/crashes/$t/" \
        "build/fuzz/corpus/$t" "build/fuzz/seeds/$t" >"build/fuzz/log/$t.log" 2>&1
    rc=$?
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "build/fuzz/log/$t.log" | tail -n 1)
    if [ "$rc" = 0 ]; then
        echo "fuzz $t: ${n:-?} executions in $secs s: ok"
    else
        echo "fuzz $t: ${n:-?} executions: FAILED (exit $rc; build/fuzz/log/$t.log," \
            "input in build/fuzz/crashes/$t/)"
        grep -m 3 -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: )' "build/fuzz/log/$t.log" | sed 's/^/    /'
    fi
    return "$rc"
}

mkdir -p build/fuzz/log
# JOBS lanes, each running every JOBS-th target in turn.
status=0
lane=0
pids=""
while [ "$lane" -lt "$jobs" ]; do
    (
        i=0
        fail=0
        for t in "$@"; do
            [ $((i % jobs)) = "$lane" ] && { run_one "$t" || fail=1; }
            i=$((i + 1))
        done
        exit $fail
    ) &
    pids="$pids $!"
    lane=$((lane + 1))
done
for p in $pids; do wait "$p" || status=1; done
[ "$status" = 0 ] && echo "fuzz: all $# targets ok" || echo "fuzz: FAILED"
exit $status
