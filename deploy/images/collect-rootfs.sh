#!/usr/bin/env bash
# Assembles the root filesystem of one runtime image: the service's binary, exactly the shared
# libraries it loads (as ldd resolves them here, with the dynamic loader), CA certificates, and
# a passwd/group naming the unprivileged user 65532 (champion). Nothing else: no shell, no
# package manager. Run inside the build stage of deploy/images/Containerfile, or on a Debian 12
# host by deploy/images/build.sh --from-host (the same distribution as the image's base).
#
#   collect-rootfs.sh selector-worker <binary> <migrations dir> <out dir>
#   collect-rootfs.sh api-gateway     <binary> <dashboard dir>  <out dir>
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: collect-rootfs.sh selector-worker|api-gateway <binary> <data dir> <out dir>" >&2
  exit 2
fi
service=$1 binary=$2 data=$3 out=$4
case "$service" in
  selector-worker) data_dest=usr/local/share/champion/migrations ;;
  api-gateway) data_dest=usr/local/share/champion/dashboard ;;
  *) echo "collect-rootfs: unknown service $service" >&2; exit 2 ;;
esac
[ -x "$binary" ] || { echo "collect-rootfs: no executable $binary" >&2; exit 1; }
[ -d "$data" ] || { echo "collect-rootfs: no folder $data" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/usr/local/bin" "$out/etc/ssl/certs" "$out/tmp" "$out/$data_dest"
chmod 1777 "$out/tmp"
# Stripped: the build tree keeps the symbols for reading a core dump.
install -m 0755 -s "$binary" "$out/usr/local/bin/$service"
cp -R "$data/." "$out/$data_dest/"

# Every library ldd resolves (including the loader itself), copied under its own path; the
# target of a symlink is what is copied, under the name the binary asks for.
ldd "$binary" | awk '/=> \// { print $3 } /^\s*\/[^ ]+ \(/ { print $1 }' | sort -u |
  while read -r lib; do
    mkdir -p "$out$(dirname "$lib")"
    cp -L "$lib" "$out$lib"
  done
if ldd "$binary" | grep -q "not found"; then
  echo "collect-rootfs: $binary needs libraries this system lacks:" >&2
  ldd "$binary" | grep "not found" >&2
  exit 1
fi
# The loader is also reached through /lib64 on amd64 (a symlink in Debian).
if [ -e "$out/lib64" ] || [ -d /lib64 ]; then
  for l in /lib64/ld-linux-*.so.*; do
    [ -e "$l" ] || continue
    mkdir -p "$out/lib64"
    [ -e "$out$l" ] || cp -L "$l" "$out$l"
  done
fi

cp -L /etc/ssl/certs/ca-certificates.crt "$out/etc/ssl/certs/ca-certificates.crt"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nchampion:x:65532:65532:champion:/nonexistent:/usr/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:\nchampion:x:65532:\n' >"$out/etc/group"
printf 'hosts: files dns\n' >"$out/etc/nsswitch.conf"
echo "collect-rootfs: $service: $(du -sh "$out" | cut -f1) in $(find "$out" -type f | wc -l) files"
