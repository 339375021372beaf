#!/usr/bin/env bash
# Runs every Champion test: unit, PostgreSQL integration and system tests on the dev build,
# then unit and integration tests again under AddressSanitizer + UndefinedBehaviorSanitizer,
# then the dashboard's tests when the frontend exists. Installs and builds what it needs.
#
# Environment: CHAMPION_TEST_SKIP_ASAN=1 skips the sanitizer pass (quicker local loops);
# CHAMPION_TEST_FUZZ_SECONDS sets the fuzzing time per target (0 skips the fuzz step).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# ccache keys on paths relative to the checkout, so a fresh clone reuses earlier builds.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
# shellcheck source=deploy/lib/pg.sh
source "$root/deploy/lib/pg.sh"

"$root/deploy/install-deps.sh"

pg_dir="$root/.local/test-pg"
pg_port=${CHAMPION_TEST_PG_PORT:-55433}
champion_pg_start "$pg_dir" "$pg_port"
# A throwaway: deleted at exit, so fresh clones do not pile up clusters in /var/lib/champion.
trap 'champion_pg_delete "$pg_dir"' EXIT
export CHAMPION_TEST_PG
CHAMPION_TEST_PG=$(champion_pg_conninfo "$pg_dir" "$pg_port" postgres)
export CHAMPION_SKIP_DEPS=1
jobs=$(nproc)

step() { printf '\n=== %s ===\n' "$*"; }

step "dev build"
cmake --preset dev >/dev/null
cmake --build --preset dev -- -j"$jobs"

step "dev tests (unit, pg, system)"
ctest --preset dev -j"$jobs"

if [ "${CHAMPION_TEST_SKIP_ASAN:-0}" != 1 ]; then
  step "asan+ubsan build"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -- -j"$jobs"
  step "asan+ubsan tests (unit, pg)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan -j"$jobs" -L 'unit|pg'
fi

# Every parser of outside bytes under libFuzzer (deploy/fuzz.sh, targets in
# cmake/ChampionFuzz.cmake), sequentially: about a minute per target keeps the step near five
# minutes on two cores. Longer runs are recorded in docs/SECURITY.md.
fuzz_seconds=${CHAMPION_TEST_FUZZ_SECONDS:-50}
if [ "$fuzz_seconds" != 0 ]; then
  step "fuzz targets (libFuzzer, ASan+UBSan, ${fuzz_seconds}s each)"
  "$root/deploy/fuzz.sh" "$fuzz_seconds"
fi

if [ -f "$root/frontend/package.json" ]; then
  step "dashboard lint and type check"
  (cd "$root/frontend" && npm run lint)

  step "dashboard unit and component tests"
  (cd "$root/frontend" && npm test)

  # The stack in its default (release) build: what `deploy/stack.sh up` runs, so a build
  # problem that only optimised builds show fails here too.
  step "dashboard end-to-end tests (Chromium against the real stack, release build)"
  e2e_state=$(mktemp -d /tmp/champion-e2e.XXXXXX)
  chmod 755 "$e2e_state"
  free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
  http_port=$(free_port)
  e2e_env=(CHAMPION_STACK_DIR="$e2e_state" CHAMPION_BUILD_PRESET=release
           CHAMPION_PG_PORT="$(free_port)" CHAMPION_GRPC_PORT="$(free_port)"
           CHAMPION_HTTP_PORT="$http_port" CHAMPION_METRICS_PORT="$(free_port)")
  stop_e2e() { env "${e2e_env[@]}" "$root/deploy/stack.sh" reset >/dev/null 2>&1 || true; rm -rf "$e2e_state"; }
  trap 'stop_e2e; champion_pg_delete "$pg_dir"' EXIT
  env "${e2e_env[@]}" "$root/deploy/stack.sh" up
  # The flows sign in with the stack's development token, as a user would.
  (cd "$root/frontend" && CHAMPION_E2E_BASE_URL="http://127.0.0.1:$http_port" \
    CHAMPION_E2E_TOKEN="$(cat "$e2e_state/dev-token")" \
    CHAMPION_E2E_SCREENSHOTS="${CHAMPION_E2E_SCREENSHOTS:-$e2e_state/screenshots}" npm run e2e)
  stop_e2e
fi
step "all tests passed"
