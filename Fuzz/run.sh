#!/usr/bin/env bash
# Runs each libFuzzer target for FUZZ_SECONDS on a working copy of its seed corpus, one after another,
# and prints executions, exec/s, corpus size and crashes per target. Exit status 1 if any target crashed.
# Called by `make fuzz` after the sanitizer build; BIN is the build's product directory.
set -u
BIN=${BIN:?BIN must name the sanitizer build directory}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
MAX_LEN=${FUZZ_MAX_LEN:-262144}
WORK=.build-fuzz
mkdir -p "$WORK/corpus" "$WORK/artifacts" "$WORK/logs"
status=0
# Swift's own backtracer would trip over ASan; libFuzzer prints the stack and keeps the input.
export SWIFT_BACKTRACE=enable=no
# Leaks are not what this run looks for, and the Swift runtime's caches read as leaks at exit.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
summary=()
for target in "$@"; do
    corpus="$WORK/corpus/$target"
    mkdir -p "$corpus"
    log="$WORK/logs/$target.log"
    before=$(ls "$WORK/artifacts" | grep -c "^$target-" || true)
    echo "== $target: ${SECONDS_PER_TARGET}s, log in $log"
    # New inputs go to the first directory only, so the committed seeds and regressions are never modified.
    # Fuzz/Regressions holds the inputs of every crash found and fixed, so each run checks them again first.
    regressions=()
    [ -d "Fuzz/Regressions/$target" ] && regressions=("Fuzz/Regressions/$target")
    "$BIN/$target" "$corpus" "Fuzz/Corpus/$target" "${regressions[@]}" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len="$MAX_LEN" -timeout=5 -rss_limit_mb=2048 \
        -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$WORK/artifacts/$target-" >"$log" 2>&1
    rc=$?
    after=$(ls "$WORK/artifacts" | grep -c "^$target-" || true)
    crashes=$((after - before))
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
    if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
        status=1
        grep -m1 -E 'ERROR: libFuzzer|ERROR: AddressSanitizer|Fatal error|fuzz property violated' "$log" | sed 's/^/   /'
        ls "$WORK/artifacts" | grep "^$target-" | sed "s|^|   artifact: $WORK/artifacts/|"
    fi
    summary+=("$(printf '%-16s %12s %8s %14s %8s' "$target" "${runs:-?}" "${speed:-?}" "${corp:-?}" "$crashes")")
done
echo
printf '%-16s %12s %8s %14s %8s\n' target executions exec/s corpus crashes
printf '%s\n' "${summary[@]}"
exit $status
