# shellcheck shell=bash
# A private stack for a benchmark: source this file, then call
#
#   bench_private_stack PREFIX   free loopback ports, a fresh /tmp/PREFIX.XXXX state folder,
#                                the CHAMPION_* variables for deploy/stack.sh, `stack.sh up`
#                                (release build), and a trap that deletes it all on exit.
#                                Sets STACK, PG_PORT, GRPC_PORT, HTTP_PORT, METRICS_PORT, PGPASSFILE and
#                                CHAMPION_TOKEN (the stack's development token).
#   bench_machine_info           prints the date, revision and machine facts for a report.
#
# Needs ROOT (the checkout) set by the caller.

bench_private_stack() {
  local prefix=$1
  # Four distinct free loopback ports (held open together, so they differ).
  read -r PG_PORT GRPC_PORT HTTP_PORT METRICS_PORT < <(/usr/bin/python3 - <<'PYEOF'
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
PYEOF
  )
  STACK="$(mktemp -d "/tmp/${prefix}.XXXX")"
  export CHAMPION_BUILD_PRESET=release CHAMPION_STACK_DIR="${STACK}" \
    CHAMPION_PG_PORT="${PG_PORT}" CHAMPION_GRPC_PORT="${GRPC_PORT}" \
    CHAMPION_HTTP_PORT="${HTTP_PORT}" CHAMPION_METRICS_PORT="${METRICS_PORT}"
  trap _bench_cleanup EXIT
  trap 'exit 130' INT TERM
  "${ROOT}/deploy/stack.sh" up
  # The cluster takes passwords only: psql and a second worker log in as the superuser with
  # the cluster's password file (deploy/lib/pg.sh).
  export PGPASSFILE="${STACK}/pg/superuser.pgpass"
  # The stack runs with authentication on: the load generators send its development token.
  CHAMPION_TOKEN="$(cat "${STACK}/dev-token")"
  export CHAMPION_TOKEN
}

_bench_cleanup() {
  local rc=$?
  "${ROOT}/deploy/stack.sh" reset >/dev/null || true
  rm -rf "${STACK}"
  exit "${rc}"
}

bench_machine_info() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git -C "${ROOT}" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "(working tree $(git -C "${ROOT}" status --porcelain 2>/dev/null | wc -l) changed paths)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "debian: $(cat /etc/debian_version)"
  echo "build type: $(grep -m1 '^CMAKE_BUILD_TYPE' "${ROOT}/build/release/CMakeCache.txt" | cut -d= -f2)"
  echo "stack: ${STACK} (pg ${PG_PORT}, grpc ${GRPC_PORT}, http ${HTTP_PORT})"
  echo "load before: $(uptime)"
}
