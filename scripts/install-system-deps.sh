#!/bin/sh
# Installs the Debian packages that the real-nginx, sandbox, end-to-end and engine suites need.
# Idempotent and non-interactive: it only calls apt-get when a command is missing, and it never
# leaves a service running (Debian's nginx postinst would otherwise start nginx on host port 80;
# our tests run nginx only inside private network namespaces; docker.io's would start dockerd and containerd on
# the host, where the engine suite never runs them: it starts its own dockerd inside a namespace).
set -eu

# command -> Debian package that provides it (util-linux ships unshare, nsenter and pivot_root;
# mount ships mount/umount; Flask is checked through Debian's own interpreter, not a pyenv shim).
missing=''
need() {
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ] && [ ! -x "/sbin/$1" ]; then
    case " $missing " in *" $2 "*) ;; *) missing="$missing $2" ;; esac
  fi
}
need nginx nginx
need gunicorn gunicorn
need dnsmasq dnsmasq-base
need wrk wrk
need ip iproute2
need iptables iptables
need unshare util-linux
need nsenter util-linux
need pivot_root util-linux
need mount mount
need openssl openssl
need curl curl
# The proxy suites: pebble (an ACME test server) and certbot for ACME; Debian's python3-websockets for the
# WebSocket echo behind nginx.
need pebble pebble
need certbot certbot
# The engine suite: Debian's dockerd (with containerd, runc and iptables) and debootstrap for its images.
need dockerd docker.io
need containerd containerd
need debootstrap debootstrap
if ! /usr/bin/python3 -c 'import flask' >/dev/null 2>&1; then missing="$missing python3-flask"; fi
if ! /usr/bin/python3 -c 'import websockets' >/dev/null 2>&1; then missing="$missing python3-websockets"; fi

if [ -z "$missing" ]; then
  echo "system deps: all present"
  exit 0
fi

sudo=''
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo='sudo'; else
    echo "system deps: missing$missing, and not root (no sudo)" >&2
    exit 1
  fi
fi

# Deny service starts while installing: invoke-rc.d and deb-systemd-invoke honour policy-rc.d.
# Only a policy file we created is removed again.
policy=/usr/sbin/policy-rc.d
own_policy=''
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 0755 "$policy"
  own_policy=1
fi
cleanup() { if [ -n "$own_policy" ]; then $sudo rm -f "$policy"; fi; }
trap cleanup EXIT INT TERM

echo "system deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
# shellcheck disable=SC2086 # the package list is meant to split into words
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null

# Belt and braces for hosts where the policy was bypassed: stop and disable the packaged services.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now nginx docker.socket docker containerd >/dev/null 2>&1 || true
  echo "system deps: disabled the packaged nginx, docker and containerd services"
elif [ -f /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then
  $sudo nginx -s quit >/dev/null 2>&1 || true
  echo "system deps: stopped the packaged nginx started by its postinst"
fi
# A packaged dockerd or containerd started by a postinst (their default pidfiles), stopped by PID.
for pidfile in /run/docker.pid /run/containerd/containerd.pid; do
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    $sudo kill "$(cat "$pidfile")" || true
    echo "system deps: stopped the process of $pidfile started by a postinst"
  fi
done
echo "system deps: done"
