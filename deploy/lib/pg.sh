# shellcheck shell=bash
# Private PostgreSQL 15 cluster helpers. Source this file, then call:
#
#   champion_pg_start DIR PORT          initdb once (when the cluster is missing), start when not
#                                       running, wait until it accepts connections. Idempotent.
#   champion_pg_stop DIR                fast stop (no-op when not running). Keeps the data.
#   champion_pg_delete DIR              stop, then delete the cluster and DIR's pointer to it.
#   champion_pg_conninfo DIR PORT [DB]  print a keyword=value conninfo (host=127.0.0.1).
#   champion_pg_running DIR             exit 0 when the cluster of DIR is running.
#   champion_pg_dir DIR                 print the folder that holds the cluster of DIR.
#   champion_pg_ensure_database DIR PORT DB   create database DB unless it exists.
#
# DIR is a logical name: it may sit anywhere, however long its path and whoever may traverse
# its parents. The cluster itself (data/, pg.log, the unix socket) lives in a folder owned by
# postgres, $CHAMPION_PG_STATE_ROOT/<16 hex of sha256(DIR)> (default /var/lib/champion/pg),
# and DIR becomes a symlink to it, so `DIR/pg.log` still finds the log. A DIR that holds a
# cluster of its own (the former layout) is stopped and moved there on the next start.
#
# Works as root (initdb/pg_ctl refuse root, so they run through `runuser -u postgres`) and as
# the postgres user itself (which then needs a state root it may write).

CHAMPION_PG_BIN="${CHAMPION_PG_BIN:-/usr/lib/postgresql/15/bin}"

# Runs a command as the postgres OS user (directly when we already are that user).
_champion_pg_as_postgres() {
  if [[ "$(id -un)" == "postgres" ]]; then
    "$@"
  else
    runuser -u postgres -- "$@"
  fi
}

_champion_pg_abs() {
  local dir="$1"
  if [[ "${dir}" != /* ]]; then
    dir="$(pwd)/${dir}"
  fi
  printf '%s\n' "${dir%/}"
}

_champion_pg_state_root() {
  printf '%s\n' "${CHAMPION_PG_STATE_ROOT:-/var/lib/champion/pg}"
}

# The state root's folder for the absolute DIR: 16 hex digits of the SHA-256 of its path.
_champion_pg_keyed() {
  printf '%s/%s\n' "$(_champion_pg_state_root)" "$(printf '%s' "$1" | sha256sum | cut -c1-16)"
}

# Prints the folder that holds the cluster of the absolute DIR: DIR's target when DIR is a
# symlink into the state root, DIR itself when it holds a former-layout cluster, else the
# state root's folder keyed by DIR's path.
_champion_pg_resolve() {
  local dir="$1" state_root target
  state_root="$(_champion_pg_state_root)"
  if [[ -L "${dir}" ]]; then
    target="$(readlink "${dir}")"
    if [[ "${target%/*}" == "${state_root}" && "${target##*/}" =~ ^[0-9a-f]{16}$ ]]; then
      printf '%s\n' "${target}"
      return 0
    fi
  elif [[ -f "${dir}/data/PG_VERSION" ]]; then
    printf '%s\n' "${dir}"
    return 0
  fi
  _champion_pg_keyed "${dir}"
}

# Creates the cluster folder REAL owned by postgres and checks that postgres can reach it.
_champion_pg_prepare_dir() {
  local real="$1"
  (umask 022 && mkdir -p "${real}") || {  # parents readable, whatever the caller's umask
    echo "champion_pg: cannot create ${real} (run as root, or set CHAMPION_PG_STATE_ROOT)" >&2
    return 1
  }
  if [[ "$(id -u)" == "0" ]]; then
    chown postgres:postgres "${real}" || return 1
  fi
  chmod 0700 "${real}" || return 1
  if ! _champion_pg_as_postgres test -x "${real}"; then
    echo "champion_pg: ${real} is not traversable by the postgres user (check its parents' modes)" >&2
    return 1
  fi
  local socket_path="${real}/.s.PGSQL.99999"
  if (( ${#socket_path} > 100 )); then
    echo "champion_pg: ${real} is too long for a unix socket path (shorten CHAMPION_PG_STATE_ROOT)" >&2
    return 1
  fi
}

# Moves the former-layout cluster in DIR (stopped first) into the cluster folder REAL.
_champion_pg_migrate() {
  local dir="$1" real="$2" f
  if [[ -e "${real}/data" ]]; then
    echo "champion_pg: both ${dir}/data and ${real}/data exist; delete one of them" >&2
    return 1
  fi
  _champion_pg_stop_in "${dir}" || return 1
  for f in data pg.log initdb.log; do
    if [[ -e "${dir}/${f}" ]]; then
      mv "${dir}/${f}" "${real}/${f}" || return 1
    fi
  done
}

# Makes DIR a symlink to REAL. A plain folder in its place may hold only what a failed start
# of the former layout left (logs, a data folder without PG_VERSION).
_champion_pg_link() {
  local dir="$1" real="$2"
  [[ -L "${dir}" && "$(readlink "${dir}")" == "${real}" ]] && return 0
  mkdir -p "$(dirname "${dir}")" || return 1
  if [[ -L "${dir}" ]]; then
    rm -f "${dir}" || return 1
  elif [[ -d "${dir}" ]]; then
    rm -rf "${dir}/data" "${dir}/pg.log" "${dir}/initdb.log"
    rmdir "${dir}" 2>/dev/null || {
      echo "champion_pg: ${dir} is a folder with other files in it; move them away" >&2
      return 1
    }
  elif [[ -e "${dir}" ]]; then
    echo "champion_pg: ${dir} exists and is not a folder" >&2
    return 1
  fi
  ln -s "${real}" "${dir}"
}

# initdb when needed, then start on PORT unless running; everything lives in REAL.
_champion_pg_boot() {
  local real="$1" port="$2"
  if [[ ! -f "${real}/data/PG_VERSION" ]]; then
    rm -rf "${real}/data"
    _champion_pg_as_postgres "${CHAMPION_PG_BIN}/initdb" -D "${real}/data" -U postgres -A trust \
      -E UTF8 --locale=C.UTF-8 --no-sync >"${real}/initdb.log" 2>&1 || {
      echo "champion_pg: initdb failed, see ${real}/initdb.log" >&2
      return 1
    }
  fi
  if ! _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${real}/data" status >/dev/null 2>&1; then
    _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${real}/data" -l "${real}/pg.log" -w -t 30 \
      -o "-p ${port} -k ${real} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || {
      echo "champion_pg: start failed, see ${real}/pg.log" >&2
      return 1
    }
  fi
}

champion_pg_start() {
  if (( $# != 2 )); then
    echo "usage: champion_pg_start DIR PORT" >&2
    return 2
  fi
  local dir port real
  dir="$(_champion_pg_abs "$1")"
  port="$2"
  real="$(_champion_pg_resolve "${dir}")"
  if [[ "${real}" == "${dir}" ]]; then
    real="$(_champion_pg_keyed "${dir}")"
    _champion_pg_prepare_dir "${real}" || return 1
    _champion_pg_migrate "${dir}" "${real}" || return 1
  else
    _champion_pg_prepare_dir "${real}" || return 1
  fi
  _champion_pg_link "${dir}" "${real}" || return 1
  _champion_pg_boot "${real}" "${port}" || return 1

  local i
  for ((i = 0; i < 100; i++)); do
    if "${CHAMPION_PG_BIN}/pg_isready" -q -h 127.0.0.1 -p "${port}" -U postgres; then
      return 0
    fi
    sleep 0.1
  done
  echo "champion_pg: server in ${real} is not accepting connections on port ${port}" >&2
  return 1
}

# Fast stop of the cluster in REAL (no-op when there is none or it is not running).
_champion_pg_stop_in() {
  local real="$1"
  [[ -f "${real}/data/PG_VERSION" ]] || return 0
  if _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${real}/data" status >/dev/null 2>&1; then
    _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${real}/data" -m fast -w -t 30 stop >/dev/null
  fi
}

champion_pg_stop() {
  if (( $# != 1 )); then
    echo "usage: champion_pg_stop DIR" >&2
    return 2
  fi
  _champion_pg_stop_in "$(_champion_pg_resolve "$(_champion_pg_abs "$1")")"
}

champion_pg_delete() {
  if (( $# != 1 )); then
    echo "usage: champion_pg_delete DIR" >&2
    return 2
  fi
  local dir real
  dir="$(_champion_pg_abs "$1")"
  real="$(_champion_pg_resolve "${dir}")"
  _champion_pg_stop_in "${real}" || return 1
  if [[ "${real}" == "${dir}" ]]; then
    rm -rf "${dir}/data" "${dir}/pg.log" "${dir}/initdb.log" || return 1
    rmdir "${dir}" 2>/dev/null || true
  else
    rm -rf "${real}" || return 1
    if [[ -L "${dir}" ]]; then
      rm -f "${dir}" || return 1
    fi
  fi
}

champion_pg_dir() {
  _champion_pg_resolve "$(_champion_pg_abs "$1")"
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
  local real
  real="$(_champion_pg_resolve "$(_champion_pg_abs "$1")")"
  [[ -f "${real}/data/PG_VERSION" ]] &&
    _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${real}/data" status >/dev/null 2>&1
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
