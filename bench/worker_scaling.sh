#!/usr/bin/env bash
# Worker scaling (docs/BENCHMARKS.md, "Worker scaling"): builds the release worker, starts a
# private PostgreSQL cluster (deploy/lib/pg.sh, free loopback port, state in a fresh
# /tmp/champion-scaling.XXXX), migrates and seeds it as deploy/stack.sh does, then
# bench/worker_scaling.py runs, for each worker count, N selector-worker processes on the
# shared queue and times fixed batches of default selections; it prints a markdown table.
# On exit (also on error or Ctrl-C) the workers are stopped and the cluster is deleted.
#
# Usage: bench/worker_scaling.sh [-w "1 2 3"] [-r REPS] [-b RUNS] [-k PAIRS] [-p PARALLEL]
#                                [-n] [-o OUT_DIR]
#   -w  worker process counts to measure (default "1 2 3")
#   -r  measured batches per worker count; the table shows medians (default 3)
#   -b  runs per batch, each the full default selection (default 30)
#   -k  store/product pairs the runs cycle over, the first READY ones (default 6)
#   -p  --global_max_parallel of every worker; 0 = the worker's default, one backtest thread
#       per core (default 0)
#   -n  skip the build
#   -o  where report.md, results.json and machine.txt go
#       (default build/release/bench-results/worker-scaling)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKERS="1 2 3"
REPS=3
RUNS=30
PAIRS=6
PARALLEL=0
BUILD=1
OUT="${ROOT}/build/release/bench-results/worker-scaling"
while getopts "w:r:b:k:p:no:" opt; do
  case "${opt}" in
    w) WORKERS="${OPTARG}" ;;
    r) REPS="${OPTARG}" ;;
    b) RUNS="${OPTARG}" ;;
    k) PAIRS="${OPTARG}" ;;
    p) PARALLEL="${OPTARG}" ;;
    n) BUILD=0 ;;
    o) OUT="${OPTARG}" ;;
    *) sed -n '2,19p' "$0"; exit 2 ;;
  esac
done
PY=/usr/bin/python3
BUILD_DIR="${ROOT}/build/release"
WORKER_BIN="${BUILD_DIR}/selector-worker/selector-worker"

log() { printf '[scaling] %s\n' "$*"; }

if [[ "${BUILD}" == 1 ]]; then
  # ccache keys on paths relative to the checkout, so other checkouts' builds are reused.
  export CCACHE_BASEDIR="${ROOT}" CCACHE_NOHASHDIR=true
  log "building the release preset (selector-worker)"
  mkdir -p "${BUILD_DIR}"
  if [[ ! -f "${BUILD_DIR}/build.ninja" ]]; then
    (cd "${ROOT}" && cmake --preset release) >"${BUILD_DIR}/worker-scaling-build.log" 2>&1 ||
      { tail -40 "${BUILD_DIR}/worker-scaling-build.log"; exit 1; }
  fi
  cmake --build "${BUILD_DIR}" --target selector-worker >>"${BUILD_DIR}/worker-scaling-build.log" 2>&1 ||
    { tail -40 "${BUILD_DIR}/worker-scaling-build.log"; exit 1; }
fi
[[ -x "${WORKER_BIN}" ]] || { echo "no ${WORKER_BIN}; run without -n" >&2; exit 1; }

# shellcheck source=deploy/lib/pg.sh
source "${ROOT}/deploy/lib/pg.sh"

STATE="$(mktemp -d /tmp/champion-scaling.XXXX)"
PG_PORT="$("${PY}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

PY_PID=""
cleanup() {
  local rc=$?
  # The measurement first (it stops its workers on SIGTERM), then anything it left behind.
  if [[ -n "${PY_PID}" ]] && kill -0 "${PY_PID}" 2>/dev/null; then
    kill -TERM "${PY_PID}" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "${PY_PID}" 2>/dev/null || break; sleep 0.1; done
  fi
  # Workers the measurement started and may have left behind when it was killed: by pid,
  # and only while the pid is still that binary.
  if [[ -f "${STATE}/worker.pids" ]]; then
    local pid
    while read -r pid; do
      if [[ -n "${pid}" && "$(readlink "/proc/${pid}/exe" 2>/dev/null)" == "${WORKER_BIN}" ]]; then
        kill -KILL "${pid}" 2>/dev/null || true
      fi
    done <"${STATE}/worker.pids"
  fi
  champion_pg_delete "${STATE}/pg" >/dev/null 2>&1 || true
  rm -rf "${STATE}"
  exit "${rc}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "PostgreSQL on 127.0.0.1:${PG_PORT}, state in ${STATE}"
champion_pg_start "${STATE}/pg" "${PG_PORT}"
champion_pg_ensure_database "${STATE}/pg" "${PG_PORT}" champion
# The deployed roles (db/roles.sql): migrate and seed as the owner, serve as the runtime role.
champion_pg_new_password "${STATE}/secrets/db-owner.password"
champion_pg_new_password "${STATE}/secrets/db-app.password"
champion_pg_provision_roles "${STATE}/pg" "${PG_PORT}" champion \
  champion_owner "${STATE}/secrets/db-owner.password" \
  champion_app "${STATE}/secrets/db-app.password"
CONNINFO="host=127.0.0.1 port=${PG_PORT} dbname=champion"
OWNER=(--database_url="${CONNINFO} user=champion_owner"
       --database_password_file="${STATE}/secrets/db-owner.password")
log "migrating and seeding (5 stores x 20 products x 730 days, seed 42, as deploy/stack.sh)"
(cd "${ROOT}" && "${WORKER_BIN}" migrate up "${OWNER[@]}") >>"${STATE}/setup.log" 2>&1 ||
  { tail -20 "${STATE}/setup.log"; exit 1; }
(cd "${ROOT}" && "${WORKER_BIN}" seed --stores 5 --products 20 --days 730 --seed 42 "${OWNER[@]}") \
  >>"${STATE}/setup.log" 2>&1 || { tail -20 "${STATE}/setup.log"; exit 1; }

mkdir -p "${OUT}"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git -C "${ROOT}" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "(working tree $(git -C "${ROOT}" status --porcelain 2>/dev/null | wc -l) changed paths)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "debian: $(cat /etc/debian_version)"
  echo "build type: $(grep -m1 '^CMAKE_BUILD_TYPE' "${BUILD_DIR}/CMakeCache.txt" | cut -d= -f2)"
  echo "options: -w '${WORKERS}' -r ${REPS} -b ${RUNS} -k ${PAIRS} -p ${PARALLEL}"
  echo "load before: $(uptime)"
} | tee "${OUT}/machine.txt"

# The superuser's password file: the measurement watches and clears the queue as postgres.
# In the background and waited for, so a signal to this script reaches the trap at once.
PGPASSFILE="$(champion_pg_passfile "${STATE}/pg")" "${PY}" "${ROOT}/bench/worker_scaling.py" \
  --worker_bin "${WORKER_BIN}" --source_dir "${ROOT}" --state_dir "${STATE}" \
  --pg_port "${PG_PORT}" --pg_data "$(champion_pg_dir "${STATE}/pg")/data" \
  --app_password_file "${STATE}/secrets/db-app.password" \
  --workers "${WORKERS}" --reps "${REPS}" --runs "${RUNS}" --pairs "${PAIRS}" \
  --parallel "${PARALLEL}" --json "${OUT}/results.json" --markdown "${OUT}/report.md" &
PY_PID=$!
wait "${PY_PID}"
PY_PID=""

echo "load after: $(uptime)" | tee -a "${OUT}/machine.txt"
echo "results in ${OUT}"
