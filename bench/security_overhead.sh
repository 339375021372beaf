#!/usr/bin/env bash
# What authentication and TLS cost (docs/BENCHMARKS.md, "Authentication and TLS"): on one
# private stack's database, two gateway+worker pairs on loopback, measured in the same run and
# interleaved:
#   off  no credentials, plain HTTP, plaintext gRPC;
#   on   API token checked by both services, HTTPS into the gateway, mTLS to the worker.
# wrk drives each with 64 connections: GET of a settled run, then submits of small runs.
# Prints p50/p99 per round and the on/off ratios.
#
# Usage: bench/security_overhead.sh [-d SECONDS_PER_ROUND] [-r ROUNDS] [-o OUT_DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_ROUND=10
ROUNDS=3
OUT="${ROOT}/build/release/bench-results/security-overhead"
while getopts "d:r:o:" opt; do
  case "${opt}" in
    d) SECONDS_PER_ROUND="${OPTARG}" ;;
    r) ROUNDS="${OPTARG}" ;;
    o) OUT="${OPTARG}" ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is missing: run deploy/install-deps.sh" >&2; exit 1; }

# shellcheck source=bench/lib/private_stack.sh
source "${ROOT}/bench/lib/private_stack.sh"
bench_private_stack champion-secbench
mkdir -p "${OUT}"
bench_machine_info | tee "${OUT}/machine.txt"

WORKER="${ROOT}/build/release/selector-worker/selector-worker"
GATEWAY="${ROOT}/build/release/api-gateway/api-gateway"
PKI="${STACK}/pki"
mkdir -p "${PKI}"
(
  cd "${PKI}"
  ossl() { openssl "$@" >/dev/null 2>&1; }
  ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
    -subj "/CN=bench CA" -days 2 -addext basicConstraints=critical,CA:TRUE -out ca.crt
  for name in worker gateway client; do
    ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "${name}.key"
    ossl req -new -key "${name}.key" -subj "/CN=${name}" -out "${name}.csr"
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' \
      >"${name}.ext"
    ossl x509 -req -in "${name}.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
      -out "${name}.crt" -extfile "${name}.ext"
  done
)
CONNINFO="host=127.0.0.1 port=${PG_PORT} user=postgres dbname=champion"
free_port() { "${PY:-/usr/bin/python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
stop_pairs() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait || true
  cp "${STACK}"/logs/*.log "${OUT}/" 2>/dev/null || true  # the pairs' logs outlive the stack
}
trap 'stop_pairs; _bench_cleanup' EXIT

# start_pair NAME WORKER_FLAGS... -- GATEWAY_FLAGS...   sets <NAME>_PORT
start_pair() {
  local name=$1; shift
  local wport hport wflags=() gflags=()
  wport=$(free_port); hport=$(free_port)
  while [ "$1" != "--" ]; do wflags+=("$1"); shift; done; shift
  gflags=("$@")
  "${WORKER}" serve --database_url="${CONNINFO}" --grpc_listen="127.0.0.1:${wport}" \
    --global_max_parallel=1 "${wflags[@]}" >"${STACK}/logs/${name}-worker.log" 2>&1 &
  PIDS+=($!)
  "${GATEWAY}" --http_listen="127.0.0.1:${hport}" --worker_target="127.0.0.1:${wport}" \
    --log_level=warn "${gflags[@]}" >"${STACK}/logs/${name}-gateway.log" 2>&1 &
  PIDS+=($!)
  printf -v "${name}_PORT" '%s' "${hport}"
}
TOKENS="${STACK}/tokens"
start_pair off --log_level=warn --
start_pair on --log_level=warn --tokens_file="${TOKENS}" --tls_cert="${PKI}/worker.crt" \
  --tls_key="${PKI}/worker.key" --tls_client_ca="${PKI}/ca.crt" --tls_require_client_cert -- \
  --tokens_file="${TOKENS}" --tls_cert="${PKI}/gateway.crt" --tls_key="${PKI}/gateway.key" \
  --worker_tls_ca="${PKI}/ca.crt" --worker_tls_cert="${PKI}/client.crt" \
  --worker_tls_key="${PKI}/client.key"
OFF="http://127.0.0.1:${off_PORT}"
ON="https://127.0.0.1:${on_PORT}"
AUTH="Authorization: Bearer ${CHAMPION_TOKEN}"
for _ in $(seq 1 150); do
  curl -fsS "${OFF}/readyz" >/dev/null 2>&1 && curl -fsSk "${ON}/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done

# A settled run to read.
SID=$(curl -fsS -X POST -H 'Content-Type: application/json' "${OFF}/model-selection/run" \
  -d '{"store_id":1,"product_id":1,"forecast_horizon":7,"candidate_models":[{"model_type":"naive"}]}' |
  "${PY:-/usr/bin/python3}" -c 'import json,sys; print(json.load(sys.stdin)["selection_id"])')
cat >"${STACK}/submit.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"store_id":1,"product_id":2,"forecast_horizon":7,"candidate_models":[{"model_type":"naive"}]}'
LUA

# measure LABEL URL [wrk args...] -> "LABEL p50_ms p99_ms requests_per_s"
measure() {
  local label=$1 url=$2; shift 2
  local out
  out=$(wrk -t2 -c64 -d"${SECONDS_PER_ROUND}s" --latency "$@" "${url}")
  "${PY:-/usr/bin/python3}" - "${label}" <<PYEOF
import re, sys
text = """${out}"""
def ms(tag):
    m = re.search(r"^\s*" + tag + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(sys.argv[1], f"{ms('50%'):.2f}", f"{ms('99%'):.2f}", f"{rps:.0f}",
      non2xx.group(1) if non2xx else "0")
PYEOF
}
RESULTS="${OUT}/rounds.txt"
: >"${RESULTS}"
for round in $(seq 1 "${ROUNDS}"); do
  measure "get-off" "${OFF}/model-selection/${SID}" | tee -a "${RESULTS}"
  measure "get-on" "${ON}/model-selection/${SID}" -H "${AUTH}" | tee -a "${RESULTS}"
  measure "submit-off" "${OFF}/model-selection/runs" -s "${STACK}/submit.lua" | tee -a "${RESULTS}"
  measure "submit-on" "${ON}/model-selection/runs" -s "${STACK}/submit.lua" -H "${AUTH}" |
    tee -a "${RESULTS}"
  echo "round ${round} done"
done
"${PY:-/usr/bin/python3}" - "${RESULTS}" <<'PYEOF' | tee "${OUT}/report.md"
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
def med(label, col):
    return statistics.median(float(r[col]) for r in rows if r[0] == label)
print("| request | p50 off | p50 on | p99 off | p99 on | p99 on/off | req/s off | req/s on | non-2xx |")
print("|---|---|---|---|---|---|---|---|---|")
for what in ("get", "submit"):
    off, on = f"{what}-off", f"{what}-on"
    bad = sum(int(r[4]) for r in rows if r[0] in (off, on))
    print(f"| {what} | {med(off,1):.2f} ms | {med(on,1):.2f} ms | {med(off,2):.2f} ms | "
          f"{med(on,2):.2f} ms | {med(on,2)/med(off,2):.2f} | {med(off,3):.0f} | {med(on,3):.0f} | {bad} |")
PYEOF
echo "load after: $(uptime)" | tee -a "${OUT}/machine.txt"
