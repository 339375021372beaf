#!/usr/bin/env bash
# Installs every Debian and npm dependency Champion needs to build, run and test.
# Idempotent and fast when everything is already there. Run as root on Debian 12.
#
#   install-deps.sh           everything (build, test, containers, dashboard)
#   install-deps.sh --build   only what compiles the services (an image's build stage)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-all}
case "$mode" in all | --build) ;; *) echo "usage: install-deps.sh [--build]" >&2; exit 2 ;; esac

# What compiles the services (release preset, no tests or benchmarks).
BUILD_PACKAGES=(
  build-essential cmake ninja-build pkg-config ccache git
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc grpc-proto
  golang-github-gogo-googleapis-dev libabsl-dev
  libpq-dev libsoci-dev
  libboost-dev nlohmann-json3-dev libspdlog-dev
  libssl-dev libjwt-dev
  zlib1g-dev libbrotli-dev
  prometheus-cpp-dev
  libeigen3-dev libnlopt-dev libnlopt-cxx-dev libxgboost-dev
  libgoogle-perftools-dev
  ca-certificates
)

APT_PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache git curl clang-format clang-tidy
  # jq: the README's examples pick fields out of JSON answers
  jq
  # RPC and contract
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc grpc-proto
  golang-github-gogo-googleapis-dev libabsl-dev
  # storage
  postgresql-15 postgresql-client-15 libpq-dev libsoci-dev
  # HTTP, JSON, logging
  libboost-dev nlohmann-json3-dev libspdlog-dev
  # credentials and TLS: OpenSSL (hashes, keys, certificates), libjwt (JWT signatures)
  libssl-dev openssl libjwt-dev
  # response compression: zlib (gzip) and brotli
  zlib1g-dev libbrotli-dev
  # metrics: prometheus-cpp (registry, text format, the worker's HTTP exposer)
  prometheus-cpp-dev
  # numerics
  libeigen3-dev libnlopt-dev libnlopt-cxx-dev libxgboost-dev
  # tests and benchmarks
  catch2 libbenchmark-dev
  # fuzzing (deploy/fuzz.sh): clang 16, libFuzzer, and the sanitizer runtimes clang only
  # recommends (so --no-install-recommends would leave them out)
  clang-16 libfuzzer-16-dev libclang-rt-16-dev
  # the services' allocator
  libgoogle-perftools-dev
  # system tests (pytest driving REST and gRPC; PyJWT signs the tokens they present; the
  # Prometheus client library parses scraped metrics; iproute2's ip and ss make and inspect
  # the several-hosts test's network namespaces)
  python3-pytest python3-jsonschema python3-grpcio python3-protobuf python3-jwt python3-prometheus-client iproute2
  # HTTP load generator of the benchmarks
  wrk
  # dashboard end-to-end tests
  chromium
  # container images and their tests (deploy/images): podman with the runc runtime (crun
  # fails on this kernel's hybrid cgroups), mmdebstrap for a Debian base without a registry
  podman runc mmdebstrap uidmap slirp4netns fuse-overlayfs catatonit
  # Kubernetes manifests (deploy/k8s) are checked from Python
  python3-yaml
  # promtool checks and unit-tests the alert rules and Prometheus configuration
  # (deploy/observability); the server the package also brings is not used
  prometheus
)
if [ "$mode" = --build ]; then
  APT_PACKAGES=("${BUILD_PACKAGES[@]}")
fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ "$mode" = --build ] && exit 0

# The prometheus package starts its server (0.0.0.0:9090) where systemd runs: only promtool
# is wanted here.
if command -v systemctl >/dev/null && systemctl is-enabled prometheus >/dev/null 2>&1; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi

# kubectl renders deploy/k8s (kubectl kustomize). Debian's kubernetes-client provides it
# unless the machine already has a kubectl (another package owns /usr/bin/kubectl then).
if ! command -v kubectl >/dev/null; then
  echo "install-deps: installing kubernetes-client"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends kubernetes-client >/dev/null
fi

# podman: the runc runtime (crun fails on hybrid cgroups) and default ulimits this machine can
# grant (podman's defaults exceed what a process without CAP_SYS_RESOURCE may set, and runc
# then refuses to start any container). Written as a drop-in; the distribution's file stays.
runtime_conf=/etc/containers/containers.conf.d/champion.conf
if [ ! -f "$runtime_conf" ]; then
  nofile=$(ulimit -Hn) nproc=$(ulimit -Hu)
  [[ "$nofile" =~ ^[0-9]+$ ]] && ((nofile <= 65536)) || nofile=65536
  [[ "$nproc" =~ ^[0-9]+$ ]] && ((nproc <= 32768)) || nproc=32768
  mkdir -p "$(dirname "$runtime_conf")"
  cat >"$runtime_conf" <<CONF
# Written by Champion's deploy/install-deps.sh.
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
CONF
fi

# Node.js 20 comes with the machine image; the frontend and the contract linters (buf,
# Redocly CLI in tools/contract) pin versions that work on it.
for dir in frontend tools/contract; do
  if [ -f "$here/$dir/package-lock.json" ]; then
    if [ ! -d "$here/$dir/node_modules" ] ||
       [ "$here/$dir/package-lock.json" -nt "$here/$dir/node_modules/.package-lock.json" ]; then
      echo "install-deps: npm ci in $dir/"
      (cd "$here/$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
done
