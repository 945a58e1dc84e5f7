# Shell functions for the sandbox supervisor (sourced text: setup-script.ts prepends this to the
# generated setup steps). POSIX sh; runs as the first process of the new mount+network namespace.

# shadow DIR STAGE [HIDE...]: mount a tmpfs at STAGE that lists what DIR lists (directories and files
# bound back one by one, symlinks copied), leaving out the HIDE names. New entries land in the tmpfs.
shadow() {
  d=$1; s=$2; shift 2
  base=${d%/}
  mount -t tmpfs -o mode=0755 dockyard-sandbox "$s"
  chmod --reference="$d" "$s"; chown --reference="$d" "$s"
  for e in "$base"/* "$base"/.[!.]* "$base"/..?*; do
    [ -e "$e" ] || [ -L "$e" ] || continue
    b=${e##*/}
    for h in "$@"; do [ "$h" = "$b" ] && continue 2; done
    if [ -L "$e" ]; then cp -P "$e" "$s/$b"
    elif [ -d "$e" ]; then mkdir "$s/$b"; mount --rbind "$e" "$s/$b"
    else : > "$s/$b"; mount --bind "$e" "$s/$b"; fi
  done
}

# shadow_dir DIR STAGE [HIDE...]: shadow DIR in place.
shadow_dir() { shadow "$@"; mount --rbind "$2" "$1"; }

# shadow_root STAGE [HIDE...]: shadow / itself. A mount stacked on / is not seen by path lookups of
# processes already running, so the stage becomes the root with pivot_root (which also moves this
# script's root); nsenter then enters the new root.
shadow_root() {
  s=$1; shift
  shadow / "$s" "$@"
  mkdir "$s/.sandbox-old-root"
  cd "$s"
  pivot_root . .sandbox-old-root
  cd /
  umount -l /.sandbox-old-root
  rmdir /.sandbox-old-root
}

# reap: SIGKILL every other process in this network namespace (a few passes for late forks).
reap() {
  ns=$(readlink /proc/$$/ns/net)
  for _pass in 1 2 3 4 5; do
    # List first, filter after: a pipeline's own grep and sed must not be in the list they filter.
    list=$(ls -l /proc/[0-9]*/ns/net 2>/dev/null || true)
    pids=''
    for p in $(printf '%s\n' "$list" | grep -F -- "-> $ns" | sed 's|.*/proc/\([0-9]*\)/ns/net.*|\1|'); do
      # Skip ourselves, and the ls that made the list (gone by now).
      [ "$p" != "$$" ] && [ -d "/proc/$p" ] && pids="$pids $p"
    done
    [ -n "$pids" ] || break
    # shellcheck disable=SC2086 # one word per pid
    kill -9 $pids 2>/dev/null || true
  done
}
