#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: clang 16, ASan+UBSan) and fuzzes each one for a
# bounded time on a copy of its seed corpus, then prints per target the executions, the
# coverage (cov/ft from libFuzzer's final status line) and the findings. Fails when any
# target finds a crash, leak, timeout or out-of-memory, or stops without finishing.
#
#   deploy/fuzz.sh [seconds per target] [target...]    (default 60; all targets)
#
# The targets are listed in cmake/ChampionFuzz.cmake. Generated inputs and findings go to
# .local/fuzz/<target>/ (corpus/, artifacts/, fuzz.log), never into the repository's corpus.
# A finding is reproduced with: build/fuzz/fuzz/<target> .local/fuzz/<target>/artifacts/<file>
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
seconds=${1:-60}
shift || true
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: deploy/fuzz.sh [seconds per target] [target...]" >&2
  exit 2
fi
# ccache keys on paths relative to the checkout, like the other builds.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -- -j"$(nproc)"

manifest="$root/build/fuzz/fuzz_targets.tsv"
work_root="$root/.local/fuzz"
# One input taking longer than this (seconds) is a finding (a hang or a quadratic blow-up).
timeout_s=${CHAMPION_FUZZ_TIMEOUT:-10}
# The per-process memory cap (MB), above which libFuzzer reports an out-of-memory.
rss_limit_mb=${CHAMPION_FUZZ_RSS_LIMIT_MB:-2048}
# Leaks are findings; a UBSan report already aborts (-fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
# Sanitizer reports with file:line. Without an explicit path only some reports (not a
# deadly signal's stack) find Debian's llvm-symbolizer.
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  symbolizer=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)
  [ -n "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH="$symbolizer"
fi

selected=("$@")
# wanted NAME: no target was named on the command line, or NAME (or NAME without _fuzz) was.
wanted() {
  ((${#selected[@]} == 0)) && return 0
  local w
  for w in "${selected[@]}"; do
    [[ "$1" == "$w" || "$1" == "${w}_fuzz" ]] && return 0
  done
  return 1
}

rows=()
failed=()
ran=0
while IFS=$'\t' read -r name binary corpus max_len dict; do
  wanted "$name" || continue
  ran=$((ran + 1))
  work="$work_root/$name"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp -R "$corpus/." "$work/corpus/"
  args=(-max_total_time="$seconds" -max_len="$max_len" -timeout="$timeout_s"
        -rss_limit_mb="$rss_limit_mb" -print_final_stats=1 -artifact_prefix="$work/artifacts/")
  [ -n "$dict" ] && args+=(-dict="$dict")
  printf '=== %s: %ss, max_len %s\n' "$name" "$seconds" "$max_len"
  status=0
  # The outer timeout only guards against a fuzzer that never returns.
  timeout --kill-after=30 $((seconds + 120)) "$binary" "${args[@]}" "$work/corpus" \
    >"$work/fuzz.log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -1)
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE ' "$work/fuzz.log" | tail -1 || true)
  # Coverage from the final status line, or the last one before a finding stopped the run.
  last_status=$(grep -E '^#[0-9]+[[:space:]].* cov: ' "$work/fuzz.log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\) .*/\1/p' <<<"$last_status")
  ft=$(sed -n 's/.* ft: \([0-9]*\) .*/\1/p' <<<"$last_status")
  corp=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last_status")
  findings=$(find "$work/artifacts" -type f \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  verdict=ok
  if ((status != 0 || findings > 0)) || [ -z "$done_line" ]; then
    verdict="FAILED (exit $status)"
    failed+=("$name")
    echo "--- $name: end of $work/fuzz.log"
    tail -n 60 "$work/fuzz.log"
    find "$work/artifacts" -type f ! -name 'slow-unit-*' -printf 'finding: %p\n'
  fi
  rows+=("$(printf '%-26s %12s %7s %7s %7s %8s  %s' "$name" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
    "${corp:-?}" "$findings" "$verdict")")
done <"$manifest"

if ((ran == 0)); then
  echo "fuzz: no target matches: $*" >&2
  exit 2
fi
printf '\n%-26s %12s %7s %7s %7s %8s  %s\n' target executions cov ft corpus findings result
printf '%s\n' "${rows[@]}"
if ((${#failed[@]})); then
  echo "fuzz: findings in ${failed[*]} (inputs under $work_root/<target>/artifacts/)" >&2
  exit 1
fi
