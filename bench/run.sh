#!/usr/bin/env bash
# Builds the release preset, then runs the C++ benchmarks and the Python peer back to back on
# the same machine and the same data, and prints the ratios (peer time / our time) for the whole
# default selection and for auto_ets alone, plus WAPE side by side (docs/BENCHMARKS.md).
#
# Usage: bench/run.sh [-r REPETITIONS] [-o OUT_DIR] [-s SEED] [-n]
#   -r  repetitions on each side (default 3); medians are reported. The peer's auto_arima
#       (statsmodels) takes minutes per repetition: about 10 minutes each on 2 vCPUs.
#   -o  where the CSVs, JSON results and report.md go (default build/release/bench-results)
#   -s  synthetic series seed (default 42, the recorded benchmark series)
#   -n  skip the configure + build step (use the existing build/release/bench/engine_bench)
# Needs the peer's Debian packages once: tools/bench-peer/setup.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPS=3
OUT="${ROOT}/build/release/bench-results"
BUILD=1
SEED=42
while getopts "r:o:s:n" opt; do
  case "${opt}" in
    r) REPS="${OPTARG}" ;;
    o) OUT="${OPTARG}" ;;
    s) SEED="${OPTARG}" ;;
    n) BUILD=0 ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done

cd "${ROOT}"
if [[ "${BUILD}" == 1 ]]; then
  cmake --preset release
  cmake --build --preset release --target engine_bench
fi
BIN="${ROOT}/build/release/bench/engine_bench"
PY=/usr/bin/python3  # Debian's interpreter: pyenv's python3 cannot see dist-packages.
mkdir -p "${OUT}"

# The exact data and folds both sides use.
"${BIN}" --series_seed="${SEED}" --series_csv="${OUT}/series.csv" --folds_csv="${OUT}/folds.csv" \
  --features_csv="${OUT}/features.csv"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git -C "${ROOT}" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "(working tree $(git -C "${ROOT}" status --porcelain 2>/dev/null | wc -l) changed paths)"
  echo "series seed: ${SEED}"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "debian: $(cat /etc/debian_version)"
  echo "compiler: $(c++ --version | head -1)"
  echo "build type: $(grep -m1 '^CMAKE_BUILD_TYPE' build/release/CMakeCache.txt | cut -d= -f2)"
} | tee "${OUT}/machine.txt"

echo "load before C++: $(uptime)" | tee -a "${OUT}/machine.txt"
# One thread: the engine runs every candidate sequentially here (XGBoost nthread=1 inside).
"${BIN}" --series_seed="${SEED}" --benchmark_repetitions="${REPS}" --benchmark_out="${OUT}/cpp.json" \
  --benchmark_out_format=json | tee "${OUT}/cpp.txt"

echo "load before peer: $(uptime)" | tee -a "${OUT}/machine.txt"
# The peer on one thread too. OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for this command
# only; the peer records which BLAS threadpoolctl sees.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
  OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1 \
  NUMEXPR_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1 \
  "${PY}" "${ROOT}/tools/bench-peer/peer.py" --series "${OUT}/series.csv" \
  --folds "${OUT}/folds.csv" --features "${OUT}/features.csv" --repetitions "${REPS}" \
  --json "${OUT}/peer.json" | tee "${OUT}/peer.txt"
echo "load after: $(uptime)" | tee -a "${OUT}/machine.txt"

echo
"${PY}" "${ROOT}/bench/compare.py" --cpp "${OUT}/cpp.json" --peer "${OUT}/peer.json" \
  --markdown "${OUT}/report.md"
echo
echo "results in ${OUT}"
