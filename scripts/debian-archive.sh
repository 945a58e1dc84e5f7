# Sourced by the scripts that fetch from Debian (engine-rootfs.sh, fetch-unstable.sh): where the test cache
# lives, and which Debian archive this machine already uses, so both ask the same mirror the machine is set up
# for and neither touches the machine's apt state.

# The test cache folder: $DOCKYARD_TEST_CACHE, else ~/.cache/dockyard-test.
test_cache_dir() {
  printf '%s\n' "${DOCKYARD_TEST_CACHE:-$HOME/.cache/dockyard-test}"
}

# The archive's URI (deb822 sources first, then the one-line format). A snapshot or security archive is not
# where unstable lives: keep only the mirror's host and its /debian. $1 names the caller in the error.
debian_archive_uri() {
  local uri=''
  if [ -d /etc/apt/sources.list.d ]; then
    uri=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
  fi
  uri="${uri%/}"
  case "$uri" in *-security) uri="${uri%-security}" ;; esac
  [ -n "$uri" ] || { echo "$1: no Debian archive configured in /etc/apt" >&2; return 1; }
  printf '%s\n' "$uri"
}
