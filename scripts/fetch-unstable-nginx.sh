#!/usr/bin/env bash
# Debian unstable's nginx (1.30.x) and the libraries it links against (`readelf -d usr/sbin/nginx`, NEEDED:
# libc.so.6, libcrypt.so.1, libpcre2-8.so.0, libssl.so.3 + libcrypto.so.3, libz.so.1), unpacked into the test
# cache by fetch-unstable.sh. The tests run it with unstable's own loader on these libraries; nothing is installed
# on the machine. One lock, so parallel callers (jest's global setup per project, jest workers) fill a fresh cache
# once. Prints one folder per package, nginx first.
set -euo pipefail
# shellcheck source=debian-archive.sh
. "$(dirname "$0")/debian-archive.sh"
cache=$(test_cache_dir)
mkdir -p "$cache"
exec flock "$cache/fetch-unstable.lock" bash "$(dirname "$0")/fetch-unstable.sh" \
  nginx libc6 libcrypt1 libpcre2-8-0 libssl3t64 zlib1g
