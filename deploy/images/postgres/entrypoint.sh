#!/usr/bin/env bash
# Starts PostgreSQL 15 in the foreground; creates the cluster, the database and Champion's
# roles first when PGDATA is empty.
#   PGDATA (default /var/lib/postgresql/data/pgdata: a folder of its own inside the volume), PGPORT (5432), LISTEN (127.0.0.1),
#   DATABASE (champion); secrets folder /run/secrets/champion/db-init with
#   superuser.password, owner.password and app.password.
set -euo pipefail
data=${PGDATA:-/var/lib/postgresql/data/pgdata}
port=${PGPORT:-5432}
listen=${LISTEN:-127.0.0.1}
database=${DATABASE:-champion}
secrets=${SECRETS:-/run/secrets/champion/db-init}
bin=/usr/lib/postgresql/15/bin
if [ ! -s "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  chmod 0700 "$data"
  "$bin/initdb" -D "$data" -U postgres --auth=scram-sha-256 \
    --pwfile="$secrets/superuser.password" >/dev/null
  "$bin/pg_ctl" -D "$data" -w -s -o "-c listen_addresses='' -c unix_socket_directories=/tmp" start
  export PGPASSWORD
  PGPASSWORD=$(cat "$secrets/superuser.password")
  psql -X -q -h /tmp -U postgres -d postgres -c "CREATE DATABASE \"$database\""
  CHAMPION_DB_OWNER_PASSWORD=$(cat "$secrets/owner.password") \
    CHAMPION_DB_APP_PASSWORD=$(cat "$secrets/app.password") \
    psql -X -q -h /tmp -U postgres -d "$database" -v ON_ERROR_STOP=1 \
    -f /usr/local/share/champion/roles.sql
  unset PGPASSWORD
  "$bin/pg_ctl" -D "$data" -w -s stop
fi
exec "$bin/postgres" -D "$data" -p "$port" -c listen_addresses="$listen" \
  -c unix_socket_directories=/tmp
