#!/usr/bin/env bash
# Soak run (docs/BENCHMARKS.md, "Soak"): builds the release preset, starts a private stack
# (its own PostgreSQL cluster, worker and gateway on free loopback ports, state in a fresh
# /tmp/champion-soak.XXXX), runs bench/soak.py against its REST API for ten minutes with one
# worker restart and one PostgreSQL restart, prints a markdown report, then deletes the stack.
#
# Usage: bench/soak.sh [-s SECONDS] [-r RATE] [-o OUT_DIR]
#   -s  duration (default 600)
#   -r  operations per second (default 8)
#   -o  where report.md and machine.txt go (default build/release/bench-results/soak)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_TOTAL=600
RATE=8
OUT="${ROOT}/build/release/bench-results/soak"
while getopts "s:r:o:" opt; do
  case "${opt}" in
    s) SECONDS_TOTAL="${OPTARG}" ;;
    r) RATE="${OPTARG}" ;;
    o) OUT="${OPTARG}" ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
PY=/usr/bin/python3

# shellcheck source=bench/lib/private_stack.sh
source "${ROOT}/bench/lib/private_stack.sh"
bench_private_stack champion-soak
export CHAMPION_SKIP_DEPS=1  # the restart inside the soak must not reinstall anything

mkdir -p "${OUT}"
bench_machine_info | tee "${OUT}/machine.txt"

"${PY}" "${ROOT}/bench/soak.py" --base "http://127.0.0.1:${HTTP_PORT}" \
  --seconds "${SECONDS_TOTAL}" --rate "${RATE}" --run_dir "${STACK}/run" --pg_dir "${STACK}/pg" \
  --pg_port "${PG_PORT}" --stack_sh "${ROOT}/deploy/stack.sh" --markdown "${OUT}/report.md"

echo "load after: $(uptime)" | tee -a "${OUT}/machine.txt"
echo "results in ${OUT}"
