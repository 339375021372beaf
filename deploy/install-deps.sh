#!/usr/bin/env bash
# Installs every Debian and npm dependency Champion needs to build, run and test.
# Idempotent and fast when everything is already there. Run as root on Debian 12.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

APT_PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache git curl clang-format clang-tidy
  # RPC and contract
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc grpc-proto
  golang-github-gogo-googleapis-dev libabsl-dev
  # storage
  postgresql-15 postgresql-client-15 libpq-dev libsoci-dev
  # HTTP, JSON, logging
  libboost-dev nlohmann-json3-dev libspdlog-dev
  # credentials and TLS: OpenSSL (hashes, keys, certificates), libjwt (JWT signatures)
  libssl-dev openssl libjwt-dev
  # numerics
  libeigen3-dev libnlopt-dev libnlopt-cxx-dev libxgboost-dev
  # tests and benchmarks
  catch2 libbenchmark-dev
  # fuzzing (deploy/fuzz.sh): clang 16, libFuzzer, and the sanitizer runtimes clang only
  # recommends (so --no-install-recommends would leave them out)
  clang-16 libfuzzer-16-dev libclang-rt-16-dev
  # the services' allocator
  libgoogle-perftools-dev
  # system tests (pytest driving REST and gRPC; PyJWT signs the tokens they present)
  python3-pytest python3-grpcio python3-protobuf python3-jwt
  # HTTP load generator of the benchmarks
  wrk
  # dashboard end-to-end tests
  chromium
)

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

# Node.js 20 comes with the machine image; the frontend pins versions that work on it.
if [ -f "$here/frontend/package-lock.json" ]; then
  if [ ! -d "$here/frontend/node_modules" ] ||
     [ "$here/frontend/package-lock.json" -nt "$here/frontend/node_modules/.package-lock.json" ]; then
    echo "install-deps: npm ci in frontend/"
    (cd "$here/frontend" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
