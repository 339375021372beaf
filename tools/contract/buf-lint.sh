#!/usr/bin/env bash
# Lints proto/champion/v1 with buf's rules (proto/buf.yaml) through protoc's
# plugin interface, so the imports resolve from the same Debian directories as the build
# (google/api from the googleapis package, the well-known types from libprotobuf-dev).
# Exit status non-zero and one line per finding when a rule is broken.
#
#   tools/contract/buf-lint.sh [GOOGLEAPIS_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
googleapis=${1:-/usr/share/gocode/src/github.com/gogo/googleapis}
plugin="$root/tools/contract/node_modules/.bin/protoc-gen-buf-lint"
[ -x "$plugin" ] || { echo "buf-lint: $plugin missing (deploy/install-deps.sh installs it)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$root/proto"
protoc --plugin=protoc-gen-buf-lint="$plugin" --buf-lint_out="$out" \
  --buf-lint_opt="{\"input_config\":\"$root/proto/buf.yaml\",\"error_format\":\"text\"}" \
  -I . -I "$googleapis" -I /usr/share/grpc-proto -I /usr/include champion/v1/*.proto
echo "buf-lint: proto/champion/v1 follows buf.yaml"
