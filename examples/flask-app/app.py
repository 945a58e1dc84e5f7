"""The seeds' Flask app, one file, for the examples and the end-to-end tests.

Runs under gunicorn (`gunicorn app:app`) with Flask 2.2 (Debian 12) or Flask 3 (the Docker image).
Environment:
  SLOT        the replica's slot (Docker Swarm's {{.Task.Slot}}), shown in replies and X-Slot
  HOSTNAME    the name shown as "from <hostname>" (Docker sets it per container); falls back to the
              machine's host name
  STATIC_DIR  if set, a folder this app writes its static files into at startup (seed 004: the app
              writes a shared volume, nginx serves it) and serves /static from
  CACHE_SECONDS  max-age of /cache-me (default 60)
"""

import json
import os
import socket
import threading
from collections import Counter

from flask import Flask, Response, request

SLOT = os.environ.get("SLOT", "0")
HOSTNAME = os.environ.get("HOSTNAME") or socket.gethostname()
STATIC_DIR = os.environ.get("STATIC_DIR")
CACHE_SECONDS = int(os.environ.get("CACHE_SECONDS", "60"))

# Per process: with one gunicorn worker per replica this is per replica. Tests read it from /stats to
# prove that nginx answered from its cache or from static files without reaching Flask.
_counts = Counter()
_counts_lock = threading.Lock()


def _write_static_files(folder):
    os.makedirs(folder, exist_ok=True)
    files = {
        "hello.txt": f"static hello, written by slot {SLOT}\n",
        "app.css": "body { font-family: sans-serif; }\n",
    }
    for name, text in files.items():
        # Write then rename, so a reader never sees half a file while replicas race to write.
        tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, os.path.join(folder, name))


if STATIC_DIR:
    _write_static_files(STATIC_DIR)
    app = Flask(__name__, static_folder=STATIC_DIR, static_url_path="/static")
else:
    app = Flask(__name__)


@app.before_request
def _count_request():
    with _counts_lock:
        _counts[request.path] += 1


@app.after_request
def _identify(response):
    response.headers["X-Slot"] = SLOT
    response.headers["X-Served-By"] = HOSTNAME
    return response


def _text(body, status=200, **headers):
    return Response(body, status=status, mimetype="text/plain", headers=headers)


@app.get("/")
def home():
    return _text(f"Hello from {HOSTNAME} slot {SLOT}\n")


@app.get("/info")
def info():
    payload = {
        "host": request.headers.get("Host"),
        "x_real_ip": request.headers.get("X-Real-IP"),
        "x_forwarded_for": request.headers.get("X-Forwarded-For"),
        "x_forwarded_proto": request.headers.get("X-Forwarded-Proto"),
        "remote_addr": request.remote_addr,
        "user_agent": request.headers.get("User-Agent"),
        "hostname": HOSTNAME,
        "slot": SLOT,
    }
    return Response(json.dumps(payload, sort_keys=True) + "\n", mimetype="application/json")


@app.get("/cache-me")
def cache_me():
    # Cache-Control public + max-age lets nginx's proxy_cache store the reply even without
    # proxy_cache_valid (the seed's config sets that too). The count in the body tells a cached reply
    # (same count again) from a fresh one.
    with _counts_lock:
        served = _counts["/cache-me"]
    return _text(
        f"cache-me from {HOSTNAME} slot {SLOT}, request {served}\n",
        **{"Cache-Control": f"public, max-age={CACHE_SECONDS}"},
    )


@app.get("/stats")
def stats():
    with _counts_lock:
        counts = dict(sorted(_counts.items()))
    return Response(
        json.dumps({"slot": SLOT, "hostname": HOSTNAME, "pid": os.getpid(), "counts": counts}) + "\n",
        mimetype="application/json",
        headers={"Cache-Control": "no-store"},
    )


@app.get("/healthz")
def healthz():
    return _text("ok\n", **{"Cache-Control": "no-store"})
