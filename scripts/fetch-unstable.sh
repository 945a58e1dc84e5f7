#!/usr/bin/env bash
# Fetches Debian unstable's .deb files for the named packages and unpacks each into a folder of our own, without
# touching the machine's apt state: a source list and a lists folder derived from the machine's configured Debian
# archive live under the cache folder. Never installs anything system-wide.
#
#   scripts/fetch-unstable.sh PACKAGE...
#
# Prints, per package, the folder it was unpacked into (`<cache>/unstable/root/<package>`). The cache folder is
# $DOCKYARD_TEST_CACHE, else ~/.cache/dockyard-test. A package already unpacked is not fetched again.
set -euo pipefail

# shellcheck source=debian-archive.sh
. "$(dirname "$0")/debian-archive.sh"

cache="$(test_cache_dir)/unstable"
mkdir -p "$cache/lists/partial" "$cache/apt-cache/archives/partial" "$cache/debs" "$cache/root"

apt_opts=(
  -o "Dir::Etc::SourceList=$cache/sources.list"
  -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$cache/lists"
  -o "Dir::Cache=$cache/apt-cache"
  -o Debug::NoLocking=1
  -o APT::Sandbox::User=root
)

if [ ! -f "$cache/sources.list" ] || [ -z "$(ls -A "$cache/lists" 2>/dev/null | grep -v partial)" ]; then
  archive=$(debian_archive_uri fetch-unstable)
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $archive sid main" >"$cache/sources.list"
  apt-get "${apt_opts[@]}" update -qq >/dev/null
fi

for pkg in "$@"; do
  dest="$cache/root/$pkg"
  if [ ! -f "$dest/.unpacked" ]; then
    rm -rf "$dest"
    (cd "$cache/debs" && apt-get "${apt_opts[@]}" download -qq "$pkg" >/dev/null)
    deb=$(ls -t "$cache/debs/${pkg}_"*.deb | head -n 1)
    mkdir -p "$dest"
    dpkg -x "$deb" "$dest"
    touch "$dest/.unpacked"
  fi
  printf '%s\n' "$dest"
done
