#!/usr/bin/env bash
# The local stack: a private PostgreSQL cluster, the selector-worker and the api-gateway, with
# demo data. Idempotent: `up` reuses what is already built and running.
#
#   deploy/stack.sh up       build what is missing, start everything, print the URL
#   deploy/stack.sh down     stop the services and the cluster (data is kept)
#   deploy/stack.sh status   what is running, and where the cluster's data is
#   deploy/stack.sh reset    down, then delete the cluster and logs
#
# Environment (all optional):
#   CHAMPION_STACK_DIR    state folder (.local/stack): logs/, run/, dev-token (an API token
#                         with every scope), tokens (its hash, read by both services), and pg,
#                         a symlink to the cluster's folder under /var/lib/champion/pg
#                         (see deploy/lib/pg.sh)
#   CHAMPION_PG_PORT      55432      CHAMPION_GRPC_PORT 50051     CHAMPION_HTTP_PORT 8080
#   CHAMPION_METRICS_PORT 9464 (the worker's Prometheus metrics; the gateway's are on
#                         CHAMPION_HTTP_PORT at /metrics)
#   CHAMPION_BUILD_PRESET release (a CMake preset from CMakePresets.json)
#   CHAMPION_SKIP_DEPS    1 skips the package check (used by the test command, which ran it)
#   CHAMPION_SKIP_SEED    1 leaves an empty database empty
#
# PostgreSQL (deploy/lib/pg.sh, db/roles.sql): password logins only (scram-sha-256). The worker
# migrates and seeds as the schema owner champion_owner and serves as champion_app, which may
# only read and write rows; their random passwords are generated once into
# $CHAMPION_STACK_DIR/secrets/db-{owner,app}.password (mode 0600) and reach the worker as
# --database_password_file, never on a command line.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib/pg.sh
source "$root/deploy/lib/pg.sh"
# ccache keys on paths relative to the checkout, so a fresh clone reuses earlier builds.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true

state=${CHAMPION_STACK_DIR:-$root/.local/stack}
pg_port=${CHAMPION_PG_PORT:-55432}
grpc_port=${CHAMPION_GRPC_PORT:-50051}
http_port=${CHAMPION_HTTP_PORT:-8080}
metrics_port=${CHAMPION_METRICS_PORT:-9464}
preset=${CHAMPION_BUILD_PRESET:-release}
build="$root/build/$preset"
worker_bin="$build/selector-worker/selector-worker"
gateway_bin="$build/api-gateway/api-gateway"
logs="$state/logs"
run="$state/run"

log() { printf '[stack] %s\n' "$*"; }

build_binaries() {
  log "building ($preset preset)"
  if [ ! -f "$build/build.ninja" ]; then
    cmake --preset "$preset" >"$logs/build.log" 2>&1 || { tail -40 "$logs/build.log"; exit 1; }
  fi
  # The descriptor set and the reflection client are for gRPC tools (README, gRPC).
  cmake --build "$build" --target selector-worker api-gateway champion_protoset \
    champion-reflection-list >>"$logs/build.log" 2>&1 ||
    { tail -40 "$logs/build.log"; exit 1; }
}

build_frontend() {
  [ -f "$root/frontend/package.json" ] || return 0
  local stamp="$root/frontend/dist/index.html"
  if [ -f "$stamp" ] && [ -z "$(find "$root/frontend/src" "$root/frontend/index.html" \
      "$root/frontend/package.json" "$root/proto" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    return 0
  fi
  log "building the dashboard"
  (cd "$root/frontend" && npm run build) >"$logs/frontend-build.log" 2>&1 ||
    { tail -40 "$logs/frontend-build.log"; exit 1; }
}

running() { [ -f "$run/$1.pid" ] && kill -0 "$(cat "$run/$1.pid")" 2>/dev/null; }

# A development API token with every scope, made once per state folder: the token in
# dev-token, its SHA-256 in the tokens file both services read (both mode 0600).
ensure_dev_token() {
  (
    umask 077
    [ -s "$state/dev-token" ] || openssl rand -hex 32 >"$state/dev-token"
    local hash; hash=$(tr -d '\n' <"$state/dev-token" | sha256sum | cut -d' ' -f1)
    printf '# name  sha256 of the token  scopes (written by deploy/stack.sh)\n' >"$state/tokens.tmp"
    printf 'dev %s data:read,data:write,runs:read,runs:write,admin,metrics:read\n' "$hash" >>"$state/tokens.tmp"
    mv "$state/tokens.tmp" "$state/tokens"
  )
}

wait_for() {  # wait_for <what> <seconds> <command...>
  local what=$1 limit=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then log "$what did not become ready in ${limit}s"; return 1; fi
    sleep 0.2
  done
}

# The database's two roles (db/roles.sql), their passwords generated once per state folder.
provision_database() {
  local db=$1
  champion_pg_new_password "$state/secrets/db-owner.password"
  champion_pg_new_password "$state/secrets/db-app.password"
  champion_pg_provision_roles "$state/pg" "$pg_port" "$db" \
    champion_owner "$state/secrets/db-owner.password" \
    champion_app "$state/secrets/db-app.password"
}

start_worker() {
  local conninfo=$1
  if running worker; then log "worker already running (pid $(cat "$run/worker.pid"))"; return; fi
  local as_owner=(--database_url="$conninfo user=champion_owner"
                  --database_password_file="$state/secrets/db-owner.password")
  local as_app=(--database_url="$conninfo user=champion_app"
                --database_password_file="$state/secrets/db-app.password")
  (cd "$root" && exec "$worker_bin" migrate up "${as_owner[@]}") >>"$logs/worker.log" 2>&1 ||
    { tail -20 "$logs/worker.log"; exit 1; }
  if [ "${CHAMPION_SKIP_SEED:-0}" != 1 ]; then
    (cd "$root" && exec "$worker_bin" seed --if_empty --stores 5 --products 20 --days 730 \
      --seed 42 "${as_owner[@]}") >>"$logs/worker.log" 2>&1 ||
      { tail -20 "$logs/worker.log"; exit 1; }
  fi
  (cd "$root" && exec setsid "$worker_bin" serve "${as_app[@]}" \
    --grpc_listen="127.0.0.1:$grpc_port" --metrics_listen="127.0.0.1:$metrics_port" \
    --tokens_file="$state/tokens") >>"$logs/worker.log" 2>&1 &
  echo $! >"$run/worker.pid"
  log "worker started (pid $!), log: $logs/worker.log"
}

start_gateway() {
  if running gateway; then log "gateway already running (pid $(cat "$run/gateway.pid"))"; return; fi
  (cd "$root" && exec setsid "$gateway_bin" --http_listen="127.0.0.1:$http_port" \
    --worker_target="127.0.0.1:$grpc_port" --static_dir="$root/frontend/dist" \
    --tokens_file="$state/tokens") \
    >>"$logs/gateway.log" 2>&1 &
  echo $! >"$run/gateway.pid"
  log "gateway started (pid $!), log: $logs/gateway.log"
}

stop_service() {
  local name=$1
  if running "$name"; then
    local pid; pid=$(cat "$run/$name.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    log "$name stopped"
  fi
  rm -f "$run/$name.pid"
}

cmd_up() {
  mkdir -p "$logs" "$run"
  [ "${CHAMPION_SKIP_DEPS:-0}" = 1 ] || "$root/deploy/install-deps.sh"
  build_binaries
  build_frontend
  ensure_dev_token
  champion_pg_start "$state/pg" "$pg_port"
  champion_pg_ensure_database "$state/pg" "$pg_port" champion
  provision_database champion
  start_worker "host=127.0.0.1 port=$pg_port dbname=champion"
  start_gateway
  wait_for "gateway" 60 curl -fsS "http://127.0.0.1:$http_port/readyz" ||
    { tail -20 "$logs/worker.log" "$logs/gateway.log"; exit 1; }
  log "ready: http://127.0.0.1:$http_port  (gRPC 127.0.0.1:$grpc_port, logs in $logs)"
  log "API token with every scope: $state/dev-token (the dashboard asks for it), e.g."
  log "  curl -H \"Authorization: Bearer \$(cat $state/dev-token)\" http://127.0.0.1:$http_port/stores"
}

cmd_down() {
  stop_service gateway
  stop_service worker
  champion_pg_stop "$state/pg"
}

cmd_status() {
  for s in worker gateway; do
    if running "$s"; then echo "$s: running (pid $(cat "$run/$s.pid"))"; else echo "$s: stopped"; fi
  done
  if champion_pg_running "$state/pg"; then
    echo "postgres: running (port $pg_port, data $(champion_pg_dir "$state/pg"))"
  else
    echo "postgres: stopped"
  fi
}

case "${1:-up}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  reset) cmd_down; champion_pg_delete "$state/pg"; rm -rf "$state"; log "state removed" ;;
  *) echo "usage: $0 up|down|status|reset" >&2; exit 2 ;;
esac
