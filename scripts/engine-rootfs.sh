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

# shellcheck source=debian-archive.sh
. "$(dirname "$0")/debian-archive.sh"

packages=nginx,python3-flask,gunicorn,wget
cache="$(test_cache_dir)/engine"
# Only this script decides what the tarball holds (debian-archive.sh picks the mirror, not the content).
key=$(sha256sum "$0" | cut -c1-12)
tarball="$cache/rootfs-sid-$key.tar"
if [ -f "$tarball" ]; then
  printf '%s\n' "$tarball"
  exit 0
fi
command -v debootstrap >/dev/null 2>&1 || { echo "engine-rootfs: debootstrap is missing" >&2; exit 1; }

archive=$(debian_archive_uri engine-rootfs)
mkdir -p "$cache"
work=$(mktemp -d "$cache/rootfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/root"
start=$(date +%s)
debootstrap --foreign --variant=minbase --include="$packages" \
  --keyring=/usr/share/keyrings/debian-archive-keyring.gpg sid "$root" "$archive" >"$work/stage1.log" 2>&1 ||
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
