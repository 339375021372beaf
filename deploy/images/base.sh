#!/usr/bin/env bash
# Makes the Debian 12 (bookworm) base image that deploy/images/Containerfile builds on, and
# prints its name. Idempotent: an existing image is kept.
#
#   deploy/images/base.sh [image]        (default localhost/champion-base:bookworm)
#
# With CHAMPION_BASE_PULL=docker.io/library/debian:bookworm (any registry's Debian 12) it is
# pulled and tagged; otherwise, or when the pull fails (no registry reachable), the same base
# is built from Debian's packages with mmdebstrap (minbase + ca-certificates) and imported.
set -euo pipefail
image=${1:-localhost/champion-base:bookworm}
if podman image exists "$image"; then
  echo "$image"
  exit 0
fi
if [ -n "${CHAMPION_BASE_PULL:-}" ] && podman pull -q "$CHAMPION_BASE_PULL" >&2; then
  podman tag "$CHAMPION_BASE_PULL" "$image"
  echo "$image"
  exit 0
fi
tmp=$(mktemp -d /tmp/champion-base.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
echo "base: building $image with mmdebstrap (Debian bookworm, minbase)" >&2
mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm "$tmp/base.tar" >&2
podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/bash"]' "$tmp/base.tar" "$image" >/dev/null
echo "$image"
