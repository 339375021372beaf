# shellcheck shell=bash
# Private PostgreSQL 15 cluster helpers. Source this file, then call:
#
#   champion_pg_start DIR PORT          initdb once (when DIR/data is missing), start when not
#                                       running, wait until it accepts connections. Idempotent.
#   champion_pg_stop DIR                fast stop (no-op when not running). Keeps the data.
#   champion_pg_conninfo DIR PORT [DB]  print a keyword=value conninfo (host=127.0.0.1).
#   champion_pg_running DIR             exit 0 when the cluster in DIR is running.
#   champion_pg_ensure_database DIR PORT DB   create database DB unless it exists.
#
# Works as root (initdb/pg_ctl refuse root, so they run through `runuser -u postgres`) and as
# the postgres user itself. The cluster listens on 127.0.0.1:PORT and on a unix socket in DIR,
# so DIR must stay short (socket paths are limited to ~100 characters) and every parent of DIR
# must be traversable by postgres (see TOOLCHAIN.md section 6).

CHAMPION_PG_BIN="${CHAMPION_PG_BIN:-/usr/lib/postgresql/15/bin}"

# Runs a command as the postgres OS user (directly when we already are that user).
_champion_pg_as_postgres() {
  if [[ "$(id -un)" == "postgres" ]]; then
    "$@"
  else
    runuser -u postgres -- "$@"
  fi
}

# Makes DIR absolute, creates it owned by postgres and checks that postgres can reach it.
_champion_pg_prepare_dir() {
  local dir="$1"
  mkdir -p "${dir}" || return 1
  if [[ "$(id -u)" == "0" ]]; then
    chown postgres:postgres "${dir}" || return 1
  fi
  chmod 0700 "${dir}" || return 1
  if ! _champion_pg_as_postgres test -x "${dir}"; then
    echo "champion_pg: ${dir} is not traversable by the postgres user (check its parents' modes)" >&2
    return 1
  fi
  local socket_path="${dir}/.s.PGSQL.99999"
  if (( ${#socket_path} > 100 )); then
    echo "champion_pg: ${dir} is too long for a unix socket path (keep it under ~85 chars)" >&2
    return 1
  fi
}

_champion_pg_abs() {
  local dir="$1"
  if [[ "${dir}" != /* ]]; then
    dir="$(pwd)/${dir}"
  fi
  printf '%s\n' "${dir%/}"
}

champion_pg_start() {
  if (( $# != 2 )); then
    echo "usage: champion_pg_start DIR PORT" >&2
    return 2
  fi
  local dir port
  dir="$(_champion_pg_abs "$1")"
  port="$2"
  _champion_pg_prepare_dir "${dir}" || return 1

  if [[ ! -f "${dir}/data/PG_VERSION" ]]; then
    rm -rf "${dir}/data"
    _champion_pg_as_postgres "${CHAMPION_PG_BIN}/initdb" -D "${dir}/data" -U postgres -A trust \
      -E UTF8 --locale=C.UTF-8 --no-sync >"${dir}/initdb.log" 2>&1 || {
      echo "champion_pg: initdb failed, see ${dir}/initdb.log" >&2
      return 1
    }
  fi

  if ! _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${dir}/data" status >/dev/null 2>&1; then
    _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${dir}/data" -l "${dir}/pg.log" -w -t 30 \
      -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || {
      echo "champion_pg: start failed, see ${dir}/pg.log" >&2
      return 1
    }
  fi

  local i
  for ((i = 0; i < 100; i++)); do
    if "${CHAMPION_PG_BIN}/pg_isready" -q -h 127.0.0.1 -p "${port}" -U postgres; then
      return 0
    fi
    sleep 0.1
  done
  echo "champion_pg: server in ${dir} is not accepting connections on port ${port}" >&2
  return 1
}

champion_pg_stop() {
  if (( $# != 1 )); then
    echo "usage: champion_pg_stop DIR" >&2
    return 2
  fi
  local dir
  dir="$(_champion_pg_abs "$1")"
  [[ -f "${dir}/data/PG_VERSION" ]] || return 0
  if _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${dir}/data" status >/dev/null 2>&1; then
    _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${dir}/data" -m fast -w -t 30 stop >/dev/null
  fi
}

champion_pg_conninfo() {
  if (( $# < 2 || $# > 3 )); then
    echo "usage: champion_pg_conninfo DIR PORT [DBNAME]" >&2
    return 2
  fi
  # DIR is accepted for symmetry with the other helpers; TCP on loopback needs only the port.
  printf 'host=127.0.0.1 port=%s user=postgres dbname=%s\n' "$2" "${3:-postgres}"
}

champion_pg_running() {
  local dir
  dir="$(_champion_pg_abs "$1")"
  [[ -f "${dir}/data/PG_VERSION" ]] &&
    _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${dir}/data" status >/dev/null 2>&1
}

champion_pg_ensure_database() {
  if (( $# != 3 )); then
    echo "usage: champion_pg_ensure_database DIR PORT DB" >&2
    return 2
  fi
  local port="$2" db="$3"
  if [[ ! "${db}" =~ ^[a-z_][a-z0-9_]*$ ]]; then
    echo "champion_pg: invalid database name '${db}'" >&2
    return 2
  fi
  local exists
  exists=$(psql -X -q -t -A -h 127.0.0.1 -p "${port}" -U postgres -d postgres \
    -c "SELECT 1 FROM pg_database WHERE datname = '${db}'") || return 1
  if [[ "${exists}" != "1" ]]; then
    psql -X -q -h 127.0.0.1 -p "${port}" -U postgres -d postgres -c "CREATE DATABASE ${db}" \
      >/dev/null || return 1
  fi
}
