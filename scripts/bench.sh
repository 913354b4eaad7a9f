#!/usr/bin/env bash
# Benchmark: profile-diff's whole semantic history against `git log -p` on the same synthetic repositories.
# Runs are interleaved (profile-diff, git, profile-diff, git, ...) so machine noise hits both alike.
# Prints median / min / max wall time of RUNS runs each, their ratio, and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000"}
BENCH_DIR=${BENCH_DIR:-.build/bench}
BIN=.build/release
mkdir -p "$BENCH_DIR"

measure() { # prints "seconds max_rss_kb" for one run of the command, output discarded
    /usr/bin/time -f "%e %M" -o "$BENCH_DIR/time.txt" "$@" >/dev/null 2>"$BENCH_DIR/stderr.txt" || {
        echo "command failed: $*" >&2; cat "$BENCH_DIR/stderr.txt" >&2; exit 1; }
    cat "$BENCH_DIR/time.txt"
}

stats() { # reads numbers on stdin, prints "median min max"
    sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'
}

printf '%-8s %-13s %-26s %-7s %s\n' commits tool "wall s: median min max" ratio "peak RSS"
for size in $SIZES; do
    repo="$BENCH_DIR/synthetic-$size.git"
    if [ ! -d "$repo" ]; then
        "$BIN/profile-diff-synth" --commits "$size" "$repo" >/dev/null
        # Real repositories are packed; loose objects would slow both tools and say nothing about either.
        git -C "$repo" repack -adq
    fi
    : >"$BENCH_DIR/pd.txt"; : >"$BENCH_DIR/git.txt"
    for _ in $(seq "$RUNS"); do
        measure "$BIN/profile-diff" -C "$repo" --root --format json >>"$BENCH_DIR/pd.txt"
        measure git -C "$repo" log -p --no-renames --format=%H -- '*.md' >>"$BENCH_DIR/git.txt"
    done
    read -r pd_med pd_min pd_max < <(cut -d' ' -f1 "$BENCH_DIR/pd.txt" | stats)
    read -r git_med git_min git_max < <(cut -d' ' -f1 "$BENCH_DIR/git.txt" | stats)
    pd_rss=$(cut -d' ' -f2 "$BENCH_DIR/pd.txt" | sort -g | tail -1)
    git_rss=$(cut -d' ' -f2 "$BENCH_DIR/git.txt" | sort -g | tail -1)
    ratio=$(awk -v a="$pd_med" -v b="$git_med" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    printf '%-8s %-13s %-26s %-7s %s\n' "$size" profile-diff "$pd_med $pd_min $pd_max" "${ratio}x" "$((pd_rss / 1024)) MB"
    printf '%-8s %-13s %-26s %-7s %s\n' "$size" "git log -p" "$git_med $git_min $git_max" "1.00x" "$((git_rss / 1024)) MB"
done

# One large page against its edited copy, parsed and compared in process (no git, no process start).
"$BIN/profile-diff-pagebench" 1000000 "$RUNS"

# Interactive latency: the mission's command on the sample repository, process start included.
if [ -d .build/sample-site ]; then
    : >"$BENCH_DIR/head5.txt"
    for _ in $(seq "$RUNS"); do measure "$BIN/profile-diff" -C .build/sample-site HEAD~5 >>"$BENCH_DIR/head5.txt"; done
    read -r h_med h_min h_max < <(cut -d' ' -f1 "$BENCH_DIR/head5.txt" | stats)
    echo "profile-diff HEAD~5 on the sample repository: median ${h_med}s (min $h_min, max $h_max)"
fi

# Wall time on a shared or virtual machine drifts by a third within minutes; the ratios above are interleaved
# for that reason. Instructions do not drift: with valgrind installed, the CPU work of the 1,000-commit run is
# counted too (a copy without debug info, whose DWARF 5 valgrind 3.19 cannot read). Threads add a little noise.
if command -v valgrind >/dev/null 2>&1 && [ -d "$BENCH_DIR/synthetic-1000.git" ]; then
    strip -g -o "$BENCH_DIR/profile-diff-stripped" "$BIN/profile-diff"
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BENCH_DIR/profile-diff-stripped" \
        -C "$BENCH_DIR/synthetic-1000.git" --root --format json 2>"$BENCH_DIR/callgrind.txt" >/dev/null
    instructions=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$BENCH_DIR/callgrind.txt")
    echo "instructions, 1,000 commits --root --format json (callgrind): $instructions"
else
    echo "(install valgrind for an instruction count of the 1,000-commit run, steadier than wall time)"
fi
