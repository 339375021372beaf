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

# Three distinct free loopback ports (held open together, so they differ).
read -r PG_PORT GRPC_PORT HTTP_PORT < <("${PY}" - <<'EOF'
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
EOF
)

STACK="$(mktemp -d /tmp/champion-load.XXXX)"
export CHAMPION_BUILD_PRESET=release CHAMPION_STACK_DIR="${STACK}" CHAMPION_PG_PORT="${PG_PORT}" \
  CHAMPION_GRPC_PORT="${GRPC_PORT}" CHAMPION_HTTP_PORT="${HTTP_PORT}"

cleanup() {
  local rc=$?
  "${ROOT}/deploy/stack.sh" reset >/dev/null || true
  rm -rf "${STACK}"
  exit "${rc}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${ROOT}/deploy/stack.sh" up

mkdir -p "${OUT}"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git -C "${ROOT}" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "(working tree $(git -C "${ROOT}" status --porcelain 2>/dev/null | wc -l) changed paths)"
  git -C "${ROOT}" status --porcelain 2>/dev/null | sed 's/^/  dirty: /' || true
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "debian: $(cat /etc/debian_version)"
  echo "build type: $(grep -m1 '^CMAKE_BUILD_TYPE' "${ROOT}/build/release/CMakeCache.txt" | cut -d= -f2)"
  echo "stack: ${STACK} (pg ${PG_PORT}, grpc ${GRPC_PORT}, http ${HTTP_PORT})"
  echo "load before: $(uptime)"
} | tee "${OUT}/machine.txt"

"${PY}" "${ROOT}/bench/async_load.py" --base "http://127.0.0.1:${HTTP_PORT}" \
  --pg_port "${PG_PORT}" --dbname champion \
  --worker_bin "${ROOT}/build/release/selector-worker/selector-worker" \
  --worker_log "${STACK}/logs/worker2.log" --source_dir "${ROOT}" \
  -n "${N}" -m "${M}" --json "${OUT}/results.json" --markdown "${OUT}/report.md"

echo "load after: $(uptime)" | tee -a "${OUT}/machine.txt"
echo "results in ${OUT}"
