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
#   champion_pg_passfile DIR            print the superuser's libpq password file.
#   champion_pg_new_password FILE       write a random password to FILE (mode 0600) unless it
#                                       exists.
#   champion_pg_provision_roles DIR PORT DB OWNER OWNER_PWFILE APP APP_PWFILE
#                                       db/roles.sql in DB: the schema owner and the runtime
#                                       role, their passwords read from the two files.
#
# Authentication (pg_hba.conf, scram-sha-256): every role logs in with a password over TCP
# (127.0.0.1, ::1) and over the unix socket; only the OS user postgres may log in as the
# superuser postgres through the socket without one (peer, as Debian does). The superuser's
# password is random, generated once per cluster into a libpq password file (mode 0600) in
# the cluster's folder; champion_pg_conninfo names it (passfile=...), so its conninfo logs in.
# A cluster that still trusts everyone (made before this) is switched on its next start.
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
    # No password exists yet: TCP is refused until _champion_pg_secure sets one.
    _champion_pg_as_postgres "${CHAMPION_PG_BIN}/initdb" -D "${real}/data" -U postgres \
      --auth-local=peer --auth-host=reject -E UTF8 --locale=C.UTF-8 --no-sync \
      >"${real}/initdb.log" 2>&1 || {
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
      _champion_pg_secure "${real}" "${port}"
      return
    fi
    sleep 0.1
  done
  echo "champion_pg: server in ${real} is not accepting connections on port ${port}" >&2
  return 1
}

# The pg_hba.conf every cluster gets; the first line marks a cluster already switched.
_CHAMPION_PG_HBA='# champion-auth v1: written by deploy/lib/pg.sh (scram-sha-256, no trust)
# TYPE  DATABASE  USER      ADDRESS       METHOD
local   all       postgres                peer
local   all       all                     scram-sha-256
host    all       all       127.0.0.1/32  scram-sha-256
host    all       all       ::1/128       scram-sha-256
'

_champion_pg_passfile_in() { printf '%s/superuser.pgpass\n' "$1"; }

# Password authentication for the running cluster in REAL on PORT: the superuser's password
# (generated once), then pg_hba.conf, then a reload. A no-op when both are in place.
_champion_pg_secure() {
  local real="$1" port="$2" passfile hba password i
  passfile="$(_champion_pg_passfile_in "${real}")"
  hba="${real}/data/pg_hba.conf"
  if [[ -s "${passfile}" ]] && _champion_pg_as_postgres head -n 1 "${hba}" |
      grep -q '^# champion-auth v1:'; then
    return 0
  fi
  if [[ ! -s "${passfile}" ]]; then
    password="$(_champion_pg_random_password)" || return 1
    (umask 077 && printf '*:*:*:postgres:%s\n' "${password}" >"${passfile}.tmp") &&
      mv -f "${passfile}.tmp" "${passfile}" || return 1
  fi
  password="$(cut -d: -f5- "${passfile}")"
  # Through the socket as the OS user postgres (peer, or trust before the switch); the SQL
  # goes through a pipe, so the password is in no process's arguments nor the server's log.
  printf "SET log_statement = 'none';\nALTER ROLE postgres PASSWORD '%s';\n" "${password}" |
    _champion_pg_as_postgres psql -X -q -v ON_ERROR_STOP=1 -h "${real}" -p "${port}" \
      -U postgres -d postgres >/dev/null || {
    echo "champion_pg: could not set the superuser's password in ${real}" >&2
    return 1
  }
  printf '%s' "${_CHAMPION_PG_HBA}" | _champion_pg_as_postgres tee "${hba}.tmp" >/dev/null &&
    _champion_pg_as_postgres mv -f "${hba}.tmp" "${hba}" &&
    _champion_pg_as_postgres "${CHAMPION_PG_BIN}/pg_ctl" -D "${real}/data" reload >/dev/null ||
    return 1
  # The reload is asynchronous: wait until a password login over TCP works.
  for ((i = 0; i < 100; i++)); do
    if psql -X -q -t -A -d "host=127.0.0.1 port=${port} user=postgres dbname=postgres \
        passfile='${passfile}'" -c 'SELECT 1' >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "champion_pg: password login to ${real} does not work after the switch" >&2
  return 1
}

# 32 random letters and digits (no character a conninfo or a password file must escape).
_champion_pg_random_password() {
  local password
  password="$(head -c 64 /dev/urandom | base64 -w 0 | tr -dc 'A-Za-z0-9' | head -c 32)"
  (( ${#password} == 32 )) || return 1
  printf '%s\n' "${password}"
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
  printf "host=127.0.0.1 port=%s user=postgres dbname=%s passfile='%s'\n" "$2" "${3:-postgres}" \
    "$(champion_pg_passfile "$1")"
}

champion_pg_passfile() {
  _champion_pg_passfile_in "$(champion_pg_dir "$1")"
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
  local exists admin
  admin="$(champion_pg_conninfo "$1" "${port}" postgres)"
  exists=$(psql -X -q -t -A -d "${admin}" \
    -c "SELECT 1 FROM pg_database WHERE datname = '${db}'") || return 1
  if [[ "${exists}" != "1" ]]; then
    psql -X -q -d "${admin}" -c "CREATE DATABASE ${db}" >/dev/null || return 1
  fi
}

champion_pg_new_password() {
  if (( $# != 1 )); then
    echo "usage: champion_pg_new_password FILE" >&2
    return 2
  fi
  [[ -s "$1" ]] && return 0
  local password
  password="$(_champion_pg_random_password)" || return 1
  (umask 077 && mkdir -p "$(dirname "$1")") || return 1
  (umask 077 && printf '%s\n' "${password}" >"$1.tmp") && mv -f "$1.tmp" "$1"
}

champion_pg_provision_roles() {
  if (( $# != 7 )); then
    echo "usage: champion_pg_provision_roles DIR PORT DB OWNER OWNER_PWFILE APP APP_PWFILE" >&2
    return 2
  fi
  local port="$2" db="$3" owner="$4" owner_file="$5" app="$6" app_file="$7" name
  for name in "${db}" "${owner}" "${app}"; do
    if [[ ! "${name}" =~ ^[a-z_][a-z0-9_]*$ ]]; then
      echo "champion_pg: invalid name '${name}'" >&2
      return 2
    fi
  done
  local script
  script="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/db/roles.sql"
  # The passwords reach psql through its environment, never its arguments.
  (
    CHAMPION_DB_OWNER_PASSWORD="$(head -n 1 "${owner_file}")" &&
      CHAMPION_DB_APP_PASSWORD="$(head -n 1 "${app_file}")" || exit 1
    export CHAMPION_DB_OWNER_PASSWORD CHAMPION_DB_APP_PASSWORD
    psql -X -q -v ON_ERROR_STOP=1 -v owner="${owner}" -v app="${app}" \
      -d "$(champion_pg_conninfo "$1" "${port}" "${db}")" -f "${script}" >/dev/null
  )
}
