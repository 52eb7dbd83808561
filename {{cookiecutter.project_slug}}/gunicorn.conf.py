"""gunicorn's settings for this project. gunicorn reads ./gunicorn.conf.py from the folder it starts
in, so the production command is one line: `gunicorn config.wsgi`. Options given on the command
line win over these; https://docs.gunicorn.org/en/stable/settings.html lists them all.
"""

import os
import subprocess
import sys

# Loopback: the TLS-terminating proxy on this machine forwards to it (see README, Production).
# `--bind` changes it; a platform that sets PORT gets 0.0.0.0:$PORT, as gunicorn does by itself.
port = os.environ.get("PORT")
bind = [f"0.0.0.0:{port}" if port else "127.0.0.1:{{ cookiecutter.api_port | port }}"]
# Sync workers, one request each at a time: twice the CPUs this process may use, plus one.
# WEB_CONCURRENCY (which platforms set) or --workers changes it.
cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * cpus + 1))
# A request still running after `timeout` seconds gets its worker restarted; on a stop or
# reload (SIGTERM, SIGHUP), workers get `graceful_timeout` seconds to finish their requests.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
# One line per request on stdout; gunicorn's own messages, and Django's log, go to stderr.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Addresses whose X-Forwarded-For/-Proto gunicorn believes (its default: a proxy on this machine).
# Set FORWARDED_ALLOW_IPS to the proxy's address when it runs elsewhere; never "*" unless only
# the proxy can reach gunicorn. Django itself trusts X-Forwarded-Proto through
# SECURE_PROXY_SSL_HEADER, so keep gunicorn reachable by the proxy alone either way.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# gunicornc's control socket: gunicorn makes it in $HOME/.gunicorn/ (or $XDG_RUNTIME_DIR). Off
# where that cannot be written, as in the image (its user owns nothing), instead of an error
# logged at every start.
control_socket_disable = not (
    os.environ.get("XDG_RUNTIME_DIR") or os.access(os.path.expanduser("~"), os.W_OK)
)


def on_starting(server):
    """Load the settings once, in a process of its own, before any worker starts: settings that
    refuse to serve (config/startup_checks.py) stop gunicorn with their reasons, one line each,
    instead of a traceback from every worker. Not in this process: workers forked from it would
    keep these settings across a reload (SIGHUP)."""
    check = subprocess.run(
        [sys.executable, "-m", "config.startup_checks"], capture_output=True, text=True
    )
    if check.returncode != 0:
        for line in (check.stderr.strip() or f"exit {check.returncode}").splitlines():
            server.log.error("Settings refused: %s", line)
        sys.exit(1)
