#!/usr/bin/env bash
# Load benchmark of asynchronous runs (docs/BENCHMARKS.md, "Asynchronous runs"): builds the
# release preset and starts a private stack (its own PostgreSQL cluster, worker and gateway on
# free loopback ports, state in a fresh /tmp/champion-load.XXXX), runs bench/async_load.py
# against its REST API, prints a markdown table, then stops the stack and deletes its state.
#
# Usage: bench/async_load.sh [-n N] [-m M] [-o OUT_DIR]
#   -n  samples for the latency and cancel measurements (default 20)
#   -m  runs per throughput burst (default 40)
#   -o  where report.md, results.json and machine.txt go
#       (default build/release/bench-results/async-load)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N=20
M=40
OUT="${ROOT}/build/release/bench-results/async-load"
while getopts "n:m:o:" opt; do
  case "${opt}" in
    n) N="${OPTARG}" ;;
    m) M="${OPTARG}" ;;
    o) OUT="${OPTARG}" ;;
    *) sed -n '2,11p' "$0"; exit 2 ;;
  esac
done
PY=/usr/bin/python3

# shellcheck source=bench/lib/private_stack.sh
source "${ROOT}/bench/lib/private_stack.sh"
bench_private_stack champion-load

mkdir -p "${OUT}"
{
  bench_machine_info
  git -C "${ROOT}" status --porcelain 2>/dev/null | sed 's/^/  dirty: /' || true
} | tee "${OUT}/machine.txt"

"${PY}" "${ROOT}/bench/async_load.py" --base "http://127.0.0.1:${HTTP_PORT}" \
  --pg_port "${PG_PORT}" --dbname champion \
  --worker_bin "${ROOT}/build/release/selector-worker/selector-worker" \
  --worker_log "${STACK}/logs/worker2.log" --source_dir "${ROOT}" \
  -n "${N}" -m "${M}" --json "${OUT}/results.json" --markdown "${OUT}/report.md"

echo "load after: $(uptime)" | tee -a "${OUT}/machine.txt"
echo "results in ${OUT}"
