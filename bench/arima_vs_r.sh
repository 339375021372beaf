#!/usr/bin/env bash
# auto_arima against R's forecast::auto.arima on the same benchmark folds, back to back on the
# same machine: the engine's 5-fold backtest (BM_Backtest/auto_arima, horizon 14) and R's
# auto.arima + forecast on each fold's training rows. Prints both times and the ratio
# (R / ours) for docs/BENCHMARKS.md.
#
# Usage: bench/arima_vs_r.sh [-r REPETITIONS] [-o OUT_DIR] [-n]
#   -r  repetitions on each side (default 3); medians are reported
#   -o  where the CSVs and logs go (default build/release/bench-results)
#   -n  skip the configure + build step
# Needs R's forecast package (tools/r-reference/regenerate.sh installs it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPS=3
OUT="${ROOT}/build/release/bench-results"
BUILD=1
while getopts "r:o:n" opt; do
  case "${opt}" in
    r) REPS="${OPTARG}" ;;
    o) OUT="${OPTARG}" ;;
    n) BUILD=0 ;;
    *) sed -n '2,11p' "$0"; exit 2 ;;
  esac
done

cd "${ROOT}"
if [[ "${BUILD}" == 1 ]]; then
  cmake --preset release
  cmake --build --preset release --target engine_bench
fi
BIN="${ROOT}/build/release/bench/engine_bench"
mkdir -p "${OUT}"
"${BIN}" --series_seed=42 --series_csv="${OUT}/series.csv" --folds_csv="${OUT}/folds.csv" \
  --features_csv="${OUT}/features.csv"

echo "load before C++: $(uptime)"
ours_ms="$("${BIN}" --series_seed=42 --benchmark_filter='BM_Backtest/auto_arima/' \
  --benchmark_repetitions="${REPS}" --benchmark_format=json |
  /usr/bin/python3 -c 'import json, sys
runs = json.load(sys.stdin)["benchmarks"]
print([b["real_time"] for b in runs if b.get("aggregate_name") == "median"][0])')"
echo "load before R: $(uptime)"
Rscript --vanilla "${ROOT}/bench/r/auto_arima_folds.R" "${OUT}/series.csv" "${OUT}/folds.csv" \
  "${REPS}" | tee "${OUT}/r_auto_arima.txt"
r_s="$(awk '/^total/ {print $2}' "${OUT}/r_auto_arima.txt")"
/usr/bin/python3 - "${ours_ms}" "${r_s}" <<'PY'
import sys
ours_ms, r_s = float(sys.argv[1]), float(sys.argv[2])
print(f"auto_arima 5-fold backtest: ours {ours_ms:,.0f} ms, R auto.arima {r_s * 1000:,.0f} ms: "
      f"{r_s * 1000 / ours_ms:.1f}x (target >= 20x)")
PY
