"""gunicorn settings of seed 000's replicas: what the command line (written by Dockyard) does not say.

Every replica logs to stdout (`docker service logs`) and to its own file, log<SLOT>.log, in the log volume
of its slot, rotated daily with two backups, in the seed's format with the replica's hostname.
"""

import os
import socket

# Compose has no slots: there each container logs under its own hostname instead.
slot = os.environ.get("SLOT") or socket.gethostname()
log_dir = os.environ.get("LOG_DIR", "/app/logs")

# Only nginx can reach gunicorn (the app publishes no port), so the X-Forwarded-Proto nginx sets is trusted:
# Flask's request.scheme and external URLs then follow the client's scheme, not the proxy hop's.
forwarded_allow_ips = "*"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "replica": {
            "format": f"%(asctime)s ({socket.gethostname()}) [%(levelname)s] %(message)s",
            "datefmt": "%d/%m/%Y %X",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "replica",
            "stream": "ext://sys.stdout",
        },
        "file": {
            "class": "logging.handlers.TimedRotatingFileHandler",
            "formatter": "replica",
            "filename": os.path.join(log_dir, f"log{slot}.log"),
            "when": "midnight",
            "backupCount": 2,
        },
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["console", "file"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console", "file"], "propagate": False},
    },
}
