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

read -r PG_PORT GRPC_PORT HTTP_PORT < <("${PY}" - <<'PYEOF'
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PYEOF
)

STACK="$(mktemp -d /tmp/champion-soak.XXXX)"
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
export CHAMPION_SKIP_DEPS=1  # the restart inside the soak must not reinstall anything

mkdir -p "${OUT}"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git -C "${ROOT}" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "debian: $(cat /etc/debian_version)"
  echo "load before: $(uptime)"
} | tee "${OUT}/machine.txt"

"${PY}" "${ROOT}/bench/soak.py" --base "http://127.0.0.1:${HTTP_PORT}" \
  --seconds "${SECONDS_TOTAL}" --rate "${RATE}" --run_dir "${STACK}/run" --pg_dir "${STACK}/pg" \
  --pg_port "${PG_PORT}" --stack_sh "${ROOT}/deploy/stack.sh" --markdown "${OUT}/report.md"

echo "load after: $(uptime)" | tee -a "${OUT}/machine.txt"
echo "results in ${OUT}"
