#!/usr/bin/env bash
# Builds (once) the root filesystem the engine suite's images are made of: Debian unstable's minbase with nginx,
# Flask, gunicorn and wget, made by debootstrap, as a tarball for `docker import`. No registry is needed.
#
#   scripts/engine-rootfs.sh        prints the tarball's path
#
# The tarball is cached in $DOCKYARD_TEST_CACHE (default ~/.cache/dockyard-test)/engine, keyed by this script's
# content. The first stage (download and unpack) runs on the host; the second (the packages' maintainer scripts)
# runs in private network, mount and PID namespaces behind a policy-rc.d that denies service starts, so no
# package can start a daemon on the host's network, and anything left running dies with the namespace.
set -euo pipefail

packages=nginx,python3-flask,gunicorn,wget
cache="${DOCKYARD_TEST_CACHE:-$HOME/.cache/dockyard-test}/engine"
key=$(sha256sum "$0" | cut -c1-12)
tarball="$cache/rootfs-sid-$key.tar"
if [ -f "$tarball" ]; then
  printf '%s\n' "$tarball"
  exit 0
fi
command -v debootstrap >/dev/null 2>&1 || { echo "engine-rootfs: debootstrap is missing" >&2; exit 1; }

# The archive this machine already uses (deb822 sources first, then the one-line format), as fetch-unstable.sh.
archive_uri() {
  local uri=''
  if [ -d /etc/apt/sources.list.d ]; then
    uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
  fi
  uri="${uri%/}"
  case "$uri" in *-security) uri="${uri%-security}" ;; esac
  [ -n "$uri" ] || { echo "engine-rootfs: no Debian archive configured in /etc/apt" >&2; exit 1; }
  printf '%s\n' "$uri"
}

mkdir -p "$cache"
work=$(mktemp -d "$cache/rootfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/root"
start=$(date +%s)
debootstrap --foreign --variant=minbase --include="$packages" \
  --keyring=/usr/share/keyrings/debian-archive-keyring.gpg sid "$root" "$(archive_uri)" >"$work/stage1.log" 2>&1 ||
  { tail -n 20 "$work/stage1.log" >&2; exit 1; }
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
unshare --net --mount --pid --fork --mount-proc="$root/proc" \
  chroot "$root" /debootstrap/debootstrap --second-stage >"$work/stage2.log" 2>&1 ||
  { tail -n 20 "$work/stage2.log" >&2; exit 1; }
# What the official nginx image has and the synthesized nginx.conf relies on: the `nginx` user, the cache root
# and the 50x page. The policy file stays: nothing in an image should start services while packages install.
chroot "$root" /usr/sbin/useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin nginx
mkdir -p "$root/var/cache/nginx"
rm -rf "$root/var/cache/apt/archives/"*.deb "$root/var/lib/apt/lists/"* "$root/debootstrap"
tar -C "$root" --numeric-owner -cf "$work/rootfs.tar" .
mv "$work/rootfs.tar" "$tarball"
echo "engine-rootfs: built $(du -h "$tarball" | cut -f1) in $(($(date +%s) - start)) s" >&2
printf '%s\n' "$tarball"
