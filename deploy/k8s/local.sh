#!/usr/bin/env bash
# Runs deploy/k8s/overlays/local on this machine with `podman kube play`: PostgreSQL, two
# selector-workers and the api-gateway, host networking on loopback, TLS on every hop
# (certificates made here with openssl), tokens on every call.
#
#   deploy/k8s/local.sh up      build the images (from the host's release build), make the
#                               secrets once, start PostgreSQL, migrate and seed with the
#                               worker image (the Job's command), start the rest, wait until ready
#   deploy/k8s/local.sh down    stop and remove the pods (the database goes with them)
#   deploy/k8s/local.sh reset   down, and forget the secrets
#
# State: /var/lib/champion/k8s-local (the overlay names these paths): secrets/ (one folder per
# Secret of the manifests), rendered.yaml, dev-token (every scope; mode 0600).
# The gateway: https://localhost:18443 (CA: secrets/ca/ca.crt).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
state=/var/lib/champion/k8s-local
secrets=$state/secrets
rendered=$state/rendered.yaml
app_uid=65532
log() { printf '[k8s-local] %s\n' "$*"; }

# split KINDS... : the documents of rendered.yaml whose "Kind/name" is (not) listed.
select_docs() {
  /usr/bin/python3 - "$rendered" "$@" <<'PY'
import sys, yaml
path, mode, names = sys.argv[1], sys.argv[2], set(sys.argv[3:])
docs = [d for d in yaml.safe_load_all(open(path)) if d]
keep = [d for d in docs if (f"{d['kind']}/{d['metadata']['name']}" in names) == (mode == "only")]
# podman kube play runs Pods and Deployments (ConfigMaps feed them); Jobs, Services and
# policies are for a real cluster.
keep = [d for d in keep if d["kind"] in ("Deployment", "ConfigMap")]
print(yaml.safe_dump_all(keep, sort_keys=False), end="")
PY
}

issue_cert() {  # name subject extensions
  local dir=$secrets/ca
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$1.key" 2>/dev/null
  openssl req -new -key "$dir/$1.key" -subj "$2" -out "$dir/$1.csr" 2>/dev/null
  printf '[v3]\nbasicConstraints=CA:FALSE\n%b\n' "$3" >"$dir/$1.ext"
  openssl x509 -req -in "$dir/$1.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 365 -out "$dir/$1.crt" -extfile "$dir/$1.ext" -extensions v3 2>/dev/null
}

make_secrets() {
  [ -f "$secrets/.complete" ] && return 0
  log "making secrets in $secrets"
  rm -rf "$secrets"
  mkdir -p "$secrets"/{ca,db-init,db,db-owner,db-ca,tokens,worker-tls,gateway-tls,gateway-worker-client}
  chmod 0700 "$secrets/ca"
  for role in superuser owner app; do
    head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$secrets/db-init/$role.password"
  done
  cp "$secrets/db-init/app.password" "$secrets/db/password"
  cp "$secrets/db-init/owner.password" "$secrets/db-owner/password"
  # A development token with every scope; the tokens file holds only its hash.
  local token
  token=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')
  (umask 077 && printf '%s\n' "$token" >"$state/dev-token")
  printf '# name  sha256 of the token  scopes (written by deploy/k8s/local.sh)\nlocal %s data:read,data:write,runs:read,runs:write,admin,metrics:read\n' \
    "$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)" >"$secrets/tokens/tokens"
  # TLS: one CA; the worker's and the gateway's server certificates for localhost and
  # 127.0.0.1; the gateway's client certificate for mTLS to the workers.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$secrets/ca/ca.key" \
    -subj "/CN=Champion local CA" -days 365 -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$secrets/ca/ca.crt" 2>/dev/null
  local server='extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1'
  issue_cert worker "/CN=selector-worker" "$server"
  issue_cert gateway "/CN=api-gateway" "$server"
  issue_cert gateway-client "/CN=api-gateway" 'extendedKeyUsage=clientAuth'
  cp "$secrets/ca/worker.crt" "$secrets/worker-tls/tls.crt"
  cp "$secrets/ca/worker.key" "$secrets/worker-tls/tls.key"
  cp "$secrets/ca/ca.crt" "$secrets/worker-tls/ca.crt"
  cp "$secrets/ca/gateway.crt" "$secrets/gateway-tls/tls.crt"
  cp "$secrets/ca/gateway.key" "$secrets/gateway-tls/tls.key"
  cp "$secrets/ca/gateway-client.crt" "$secrets/gateway-worker-client/tls.crt"
  cp "$secrets/ca/gateway-client.key" "$secrets/gateway-worker-client/tls.key"
  cp "$secrets/ca/ca.crt" "$secrets/gateway-worker-client/ca.crt"
  # Each folder readable by the user that mounts it only.
  local pg_uid
  pg_uid=$(podman run --rm --entrypoint id localhost/champion/postgres:local -u postgres)
  chown -R "$pg_uid" "$secrets/db-init"
  chown -R "$app_uid:$app_uid" "$secrets"/{db,db-owner,db-ca,tokens,worker-tls,gateway-tls,gateway-worker-client}
  find "$secrets" -mindepth 1 -type d ! -name ca -exec chmod 0500 {} +
  find "$secrets" -mindepth 2 -type f -path '*/ca/*' -prune -o -type f -exec chmod 0400 {} +
  touch "$secrets/.complete"
}

db_flags() {  # the Job's environment, for podman run
  printf '%s\n' -e "CHAMPION_DATABASE_URL=host=127.0.0.1 port=15432 dbname=champion sslmode=disable" \
    -e CHAMPION_DATABASE_PASSWORD_FILE=/run/secrets/champion/db/password -e PGUSER=champion_owner \
    -v "$secrets/db-owner:/run/secrets/champion/db:ro"
}

wait_for() {  # seconds description command...
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

up() {
  "$root/deploy/install-deps.sh"
  mkdir -p "$state"
  chmod 0755 "$state"
  log "building images"
  "$root/deploy/images/build.sh" --from-host --tag local
  local base
  base=$("$root/deploy/images/base.sh")
  podman build --quiet --network=host --build-arg "BASE=$base" \
    -f deploy/images/postgres/Containerfile -t localhost/champion/postgres:local . >/dev/null
  make_secrets
  kubectl kustomize deploy/k8s/overlays/local 2>/dev/null >"$rendered"

  log "starting PostgreSQL"
  podman kube play --replace <(select_docs only Deployment/postgres) >/dev/null
  wait_for 60 "PostgreSQL" env PGPASSWORD="$(cat "$secrets/db-init/superuser.password")" \
    psql -X -h 127.0.0.1 -p 15432 -U postgres -d champion -c "SELECT 1"
  log "migrating and seeding (the worker image as the schema owner)"
  local flags
  mapfile -t flags < <(db_flags)
  podman run --rm --network=host --read-only --tmpfs /tmp --cap-drop=all "${flags[@]}" \
    localhost/champion/selector-worker:local migrate up >/dev/null
  if [ "$(PGPASSWORD="$(cat "$secrets/db-init/superuser.password")" psql -X -At -h 127.0.0.1 \
      -p 15432 -U postgres -d champion -c 'SELECT count(*) FROM store')" = 0 ]; then
    podman run --rm --network=host --read-only --tmpfs /tmp --cap-drop=all "${flags[@]}" \
      localhost/champion/selector-worker:local seed --stores 2 --products 4 --days 500 >/dev/null
  fi

  log "starting two workers and the gateway"
  local played_at=$EPOCHREALTIME
  podman kube play --replace <(select_docs except Deployment/postgres) >/dev/null
  wait_for 90 "the gateway to be ready" curl -sf --cacert "$secrets/ca/ca.crt" \
    https://localhost:18443/readyz
  log "ready $(awk -v a="$played_at" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s" \
    "after kube play: https://localhost:18443 (CA $secrets/ca/ca.crt, token $state/dev-token)"
}

down() {
  [ -f "$rendered" ] || return 0
  podman kube down <(select_docs except) >/dev/null 2>&1 || true
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  reset) down; rm -rf "$state" ;;
  *) echo "usage: deploy/k8s/local.sh up|down|reset" >&2; exit 2 ;;
esac
