#!/usr/bin/env python3
"""Local stand-ins for the official images a bake's compose.yaml names, and podman set up to use
them: `python3 scripts/standin_images.py` (as root; `--env` prints the variables to export).

Nothing can be pulled from an image registry on the machines this template is tested on, so each
official image (python, postgres, redis, nginx) is stood in for by a Debian bookworm rootfs made
with mmdebstrap from Debian's packages, imported into podman and tagged with the official name:
`image: postgres:15-bookworm` in a bake then resolves locally, and the bake's Dockerfile and
compose.yaml stay what a user with Docker runs unchanged. The stand-ins are made once per machine
and kept with podman's storage under CACHE (outside the repo), not in any bake.

The stand-ins, and only they, trust this machine's extra CA certificates
(/usr/local/share/ca-certificates): package downloads here are re-signed by a local CA, so pip in
a build would fail without them. A bake never sees them.

podman here: rootful, runc (crun cannot use this machine's hybrid cgroups), cgroupfs (no
systemd), events in a file, default ulimits within the hard nofile limit of 20000 (podman's own
default asks for more and the container fails with `setrlimit RLIMIT_NOFILE`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CACHE = Path(
    os.environ.get("STANDIN_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "drf-cors-containers"
)
HOST_CA_DIR = Path("/usr/local/share/ca-certificates")
MIRROR = "deb http://deb.debian.org/debian bookworm main"

CONTAINERS_CONF = """\
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[network]
network_backend = "netavark"
"""

STORAGE_CONF = """\
[storage]
driver = "overlay"
graphroot = "{cache}/storage"
runroot = "{cache}/run"
"""

# The official postgres image's first start, as the user postgres (uid 999 there and here): a
# UTF8 cluster (the official image's locale is UTF-8; Debian's initdb without one would make
# SQL_ASCII) owned by POSTGRES_USER with POSTGRES_PASSWORD, the database POSTGRES_DB, the scripts
# in /docker-entrypoint-initdb.d (*.sh sourced, *.sql run), then the server on every address.
POSTGRES_ENTRYPOINT = r"""#!/bin/sh
set -eu
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
BIN=/usr/lib/postgresql/15/bin
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown -R postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
# Set for the init scripts too, defaults included, as the official entrypoint does.
export POSTGRES_USER="${POSTGRES_USER:-postgres}"
export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
user="$POSTGRES_USER"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
    printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
    "$BIN/initdb" -D "$PGDATA" -U "$user" --pwfile=/tmp/pwfile --auth-local=trust \
        --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f /tmp/pwfile
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    db="$POSTGRES_DB"
    "$BIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    if [ "$db" != postgres ]; then
        "$BIN/createdb" -U "$user" -h /var/run/postgresql "$db"
    fi
    export PGUSER="$user" PGHOST=/var/run/postgresql PGDATABASE="$db"
    for script in /docker-entrypoint-initdb.d/*; do
        case "$script" in
            *.sh) . "$script" ;;
            *.sql) psql -v ON_ERROR_STOP=1 -q -f "$script" ;;
        esac
    done
    "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec "$BIN/postgres" -D "$PGDATA" -c listen_addresses='*'
"""

# The official redis image is built with protected mode off (the container's network is the
# boundary); Debian's redis-server has it on, and would refuse other containers. Like the official
# one it runs the server as the user redis, not root.
REDIS_ENTRYPOINT = r"""#!/bin/sh
set -eu
if [ "${1:-}" = redis-server ]; then
    shift
    if [ "$(id -u)" = 0 ]; then
        exec setpriv --reuid=redis --regid=redis --init-groups redis-server "$@" --protected-mode no
    fi
    exec redis-server "$@" --protected-mode no
fi
exec "$@"
"""

# The official nginx image's entrypoint, in short: before `nginx` starts, it sources the
# executable /docker-entrypoint.d/*.envsh and runs the executable *.sh there, in order. Its own:
# with NGINX_ENTRYPOINT_LOCAL_RESOLVERS set, NGINX_LOCAL_RESOLVERS holds the nameservers of
# /etc/resolv.conf; then each /etc/nginx/templates/X.template becomes /etc/nginx/conf.d/X with the
# environment's variables (those that are set, and only those) filled in by envsubst.
NGINX_ENTRYPOINT = r"""#!/bin/sh
set -e
if [ "${1:-}" = nginx ] || [ "${1:-}" = nginx-debug ]; then
    for step in $(find /docker-entrypoint.d/ -follow -type f | sort -V); do
        case "$step" in
            *.envsh) if [ -x "$step" ]; then . "$step"; fi ;;
            *.sh) if [ -x "$step" ]; then "$step"; fi ;;
        esac
    done
fi
exec "$@"
"""
NGINX_LOCAL_RESOLVERS = r"""#!/bin/sh
[ -n "${NGINX_ENTRYPOINT_LOCAL_RESOLVERS:-}" ] || return 0
NGINX_LOCAL_RESOLVERS=$(awk '$1 == "nameserver" { print ($2 ~ ":") ? "[" $2 "]" : $2 }' \
    /etc/resolv.conf | tr '\n' ' ')
export NGINX_LOCAL_RESOLVERS="${NGINX_LOCAL_RESOLVERS% }"
"""
NGINX_TEMPLATES = r"""#!/bin/sh
set -e
defined=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
for template in /etc/nginx/templates/*.template; do
    [ -f "$template" ] || continue
    envsubst "$defined" < "$template" > "/etc/nginx/conf.d/$(basename "$template" .template)"
done
"""

# name: (Debian packages, shell run in the rootfs, podman import --change lines)
STANDINS: dict[str, tuple[list[str], str, list[str]]] = {
    "docker.io/library/python:3.11-slim-bookworm": (
        ["python3", "python3-venv"],
        "ln -sf /usr/bin/python3 /usr/local/bin/python",
        ["ENV LANG=C.UTF-8", 'CMD ["python3"]'],
    ),
    "docker.io/library/postgres:15-bookworm": (
        ["postgresql-15"],
        "mkdir -p /docker-entrypoint-initdb.d",
        [
            "ENV PGDATA=/var/lib/postgresql/data",
            "ENV LANG=C.UTF-8",
            'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]',
            'CMD ["postgres"]',
            "EXPOSE 5432",
        ],
    ),
    "docker.io/library/redis:7.2-bookworm": (
        ["redis-server"],
        "mkdir -p /data && chown redis:redis /data",
        [
            "WORKDIR /data",
            'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]',
            'CMD ["redis-server"]',
            "EXPOSE 6379",
        ],
    ),
    "docker.io/library/nginx:1.26-bookworm": (
        ["nginx-light", "gettext-base"],
        # Like the official image: only conf.d/*.conf, and the log on the container's output.
        "rm -f /etc/nginx/sites-enabled/default"
        " && mkdir -p /etc/nginx/templates"
        " && ln -sf /dev/stdout /var/log/nginx/access.log"
        " && ln -sf /dev/stderr /var/log/nginx/error.log",
        [
            'ENTRYPOINT ["/docker-entrypoint.sh"]',
            'CMD ["nginx", "-g", "daemon off;"]',
            "EXPOSE 80",
        ],
    ),
}
# Files put into an image (all executable): {image: {path: content}}.
FILES = {
    "docker.io/library/postgres:15-bookworm": {
        "/usr/local/bin/docker-entrypoint.sh": POSTGRES_ENTRYPOINT
    },
    "docker.io/library/redis:7.2-bookworm": {
        "/usr/local/bin/docker-entrypoint.sh": REDIS_ENTRYPOINT
    },
    "docker.io/library/nginx:1.26-bookworm": {
        "/docker-entrypoint.sh": NGINX_ENTRYPOINT,
        "/docker-entrypoint.d/15-local-resolvers.envsh": NGINX_LOCAL_RESOLVERS,
        "/docker-entrypoint.d/20-envsubst-on-templates.sh": NGINX_TEMPLATES,
    },
}
# The users the official images run as, with their numbers (files in a volume keep them), made
# before Debian's packages would make them with numbers of their own.
USERS = {
    "docker.io/library/postgres:15-bookworm": ("postgres", 999, "/var/lib/postgresql"),
    "docker.io/library/redis:7.2-bookworm": ("redis", 999, "/var/lib/redis"),
}
# An image is made again when what makes it changes: this label holds a digest of it.
RECIPE_LABEL = "drf-cors.standin-recipe"


def recipe(name: str) -> str:
    made_of = repr((STANDINS[name], FILES.get(name), USERS.get(name)))
    return hashlib.sha256(made_of.encode()).hexdigest()[:16]


def podman_env() -> dict[str, str]:
    """The variables that make podman use runc, cgroupfs and storage under CACHE."""
    CACHE.mkdir(parents=True, exist_ok=True)
    containers_conf = CACHE / "containers.conf"
    storage_conf = CACHE / "storage.conf"
    if not containers_conf.exists() or containers_conf.read_text() != CONTAINERS_CONF:
        containers_conf.write_text(CONTAINERS_CONF)
    storage = STORAGE_CONF.format(cache=CACHE)
    if not storage_conf.exists() or storage_conf.read_text() != storage:
        storage_conf.write_text(storage)
    return {"CONTAINERS_CONF": str(containers_conf), "CONTAINERS_STORAGE_CONF": str(storage_conf)}


def podman(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["podman", *args], env={**os.environ, **podman_env()}, **kwargs)


def missing() -> list[str]:
    """The stand-ins not made yet, or made by another recipe than today's."""
    label = '{{ index .Labels "' + RECIPE_LABEL + '" }}'
    return [
        name
        for name in STANDINS
        if podman(
            "image", "inspect", "--format", label, name, capture_output=True, text=True
        ).stdout.strip()
        != recipe(name)
    ]


def build(name: str, scratch: Path) -> None:
    packages, script, changes = STANDINS[name]
    hooks = []
    if name in USERS:
        user, number, home = USERS[name]
        passwd = f"{user}:x:{number}:{number}::{home}:/bin/sh"
        hooks += [
            f"--essential-hook=echo '{passwd}' >> \"$1/etc/passwd\"",
            f"--essential-hook=echo '{user}:x:{number}:' >> \"$1/etc/group\"",
        ]
    certificates = sorted(HOST_CA_DIR.glob("*.crt"))
    for certificate in certificates:
        hooks += [f"--customize-hook=copy-in {certificate} {HOST_CA_DIR}"]
    if certificates:
        hooks += ['--customize-hook=chroot "$1" update-ca-certificates >/dev/null']
    for number, (path, content) in enumerate(FILES.get(name, {}).items()):
        folder = scratch / str(number)
        folder.mkdir()
        local = folder / Path(path).name
        local.write_text(content)
        local.chmod(0o755)
        parent = Path(path).parent
        hooks += [
            f'--customize-hook=mkdir -p "$1{parent}"',
            f"--customize-hook=copy-in {local} {parent}",
        ]
    if script:
        hooks += [f"--customize-hook=chroot \"$1\" sh -c '{script}'"]
    rootfs = scratch / "rootfs.tar"
    subprocess.run(
        [
            "mmdebstrap",
            "--quiet",
            "--variant=minbase",
            "--include=" + ",".join(["ca-certificates", *packages]),
            # No apt lists or caches in the image, as in the official ones.
            '--customize-hook=rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*',
            *hooks,
            "bookworm",
            str(rootfs),
            MIRROR,
        ],
        check=True,
    )
    command = ["import", "--change", f"LABEL {RECIPE_LABEL}={recipe(name)}"]
    for change in changes:
        command += ["--change", change]
    podman(*command, str(rootfs), name, check=True, stdout=subprocess.DEVNULL)
    rootfs.unlink()


def ensure() -> dict[str, str]:
    """Make the stand-ins that are missing; return podman's environment variables."""
    for tool in ("podman", "mmdebstrap"):
        if shutil.which(tool) is None:
            raise SystemExit(f"error: {tool} is not installed (apt-get install {tool})")
    for name in missing():
        print(f"Making the stand-in for {name} ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(dir=CACHE) as scratch:
            build(name, Path(scratch))
    return podman_env()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", action="store_true", help="print `export` lines for podman")
    args = parser.parse_args(argv)
    variables = ensure()
    if args.env:
        for key, value in variables.items():
            print(f"export {key}={value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
