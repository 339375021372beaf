#!/usr/bin/env bash
# Builds Champion's two runtime images with podman and prints their sizes:
#   localhost/champion/selector-worker:<tag>   localhost/champion/api-gateway:<tag>
#
#   deploy/images/build.sh [--from-host] [--tag TAG] [--base IMAGE]
#
#   --from-host   assemble the images from this machine's release build (deploy/stack.sh's
#                 build; Debian 12 like the base) instead of compiling again in the container
#   --tag TAG     image tag (default: the short git revision, "-dirty" with local changes)
#   --base IMAGE  the Debian 12 base (default: deploy/images/base.sh makes one)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
from_host=0 tag="" base=""
while (($#)); do
  case "$1" in
    --from-host) from_host=1 ;;
    --tag) tag=$2; shift ;;
    --base) base=$2; shift ;;
    *) echo "usage: deploy/images/build.sh [--from-host] [--tag TAG] [--base IMAGE]" >&2; exit 2 ;;
  esac
  shift
done
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
if [ -z "$tag" ]; then
  tag=$(git rev-parse --short=12 HEAD 2>/dev/null || echo dev)
  git diff --quiet HEAD 2>/dev/null || tag="$tag-dirty"
fi
version=$(git describe --tags --always --dirty 2>/dev/null || echo "$tag")
source_url=$(git config --get remote.origin.url 2>/dev/null || true)
[ -n "$base" ] || base=$("$root/deploy/images/base.sh")

# The dashboard (frontend/dist) is built by the host's Node.js either way.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
"$root/deploy/install-deps.sh"
(cd frontend && npm run build --silent >/dev/null)

context_args=()
if ((from_host)); then
  cmake --preset release >/dev/null
  cmake --build --preset release --target selector-worker api-gateway
  stage=$(mktemp -d /tmp/champion-images.XXXXXX)
  trap 'rm -rf "$stage"' EXIT
  deploy/images/collect-rootfs.sh selector-worker build/release/selector-worker/selector-worker \
    db/migrations "$stage/rootfs/selector-worker"
  deploy/images/collect-rootfs.sh api-gateway build/release/api-gateway/api-gateway \
    frontend/dist "$stage/rootfs/api-gateway"
  context_args=(--build-context "build=$stage")
fi

for service in selector-worker api-gateway; do
  # --no-cache: buildah's layer cache hands back an earlier image whose files are the same
  # (a documentation-only commit) with that image's labels, revision included.
  podman build --quiet --no-cache --file deploy/images/Containerfile --target "$service" \
    "${context_args[@]}" --build-arg "BASE=$base" \
    --label "org.opencontainers.image.version=$version" \
    --label "org.opencontainers.image.revision=$revision" \
    --label "org.opencontainers.image.source=$source_url" \
    --tag "localhost/champion/$service:$tag" . >/dev/null
done
for service in selector-worker api-gateway; do
  size=$(podman image inspect --format '{{.Size}}' "localhost/champion/$service:$tag")
  printf 'image localhost/champion/%s:%s  %s MB\n' "$service" "$tag" "$((size / 1000000))"
done
