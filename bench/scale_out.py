"""Several app servers of one bake, as its README's "More than one server" says: a private Redis
and an nginx that takes turns between gunicorns, all on 127.0.0.1 and free ports, each stopped on
the way out. Used by tests/test_scale_out.py and bench/scale_out_bench.py."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
from pathlib import Path

from bench.load import API_HOST, HOST, free_port

NGINX_CONF = """\
daemon on;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    # Logins from one address: 1 a second passes, up to 10 more wait their turn, the rest get 429
    # (as the README's recipe and nginx/default.conf): a flood waits here instead of taking
    # the app servers' CPU, and django-axes behind counts per account and address.
    limit_req_zone $binary_remote_addr zone=logins:1m rate=1r/s;
    limit_req_status 429;
    upstream app {{
{servers}
        keepalive 16;
    }}
    server {{
        listen {host}:{port};
        location ~ ^/(api/auth/login|admin/login)/?$ {{
            limit_req zone=logins burst=10;
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
        }}
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            proxy_connect_timeout 2s;
            proxy_next_upstream error timeout http_502;
        }}
    }}
}}
"""


def wait_for_port(port: int, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer on {HOST}:{port} within {timeout:g} s")
        time.sleep(0.1)


@contextlib.contextmanager
def redis_server(folder: Path):
    """A Redis of its own, in memory only; yields its CACHE_URL."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    pidfile = folder / "redis.pid"
    subprocess.run(
        ["redis-server", "--port", str(port), "--bind", HOST, "--daemonize", "yes"]
        + ["--pidfile", str(pidfile), "--dir", str(folder), "--save", "", "--appendonly", "no"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, "redis-server")
        yield f"redis://{HOST}:{port}/0"
    finally:
        subprocess.run(
            ["redis-cli", "-p", str(port), "shutdown", "nosave"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


@contextlib.contextmanager
def nginx_in_front(folder: Path, app_ports: list[int]):
    """nginx on a free port, taking turns between the app servers; yields its port."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    servers = "\n".join(
        f"        server {HOST}:{app} max_fails=1 fail_timeout=10s;" for app in app_ports
    )
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(prefix=folder, servers=servers, host=HOST, port=port))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([nginx, "-c", str(conf), "-p", f"{folder}/", "-q"], check=True)
    try:
        wait_for_port(port, "nginx")
        yield port
    finally:
        subprocess.run(
            [nginx, "-c", str(conf), "-p", f"{folder}/", "-s", "quit"], stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while (folder / "nginx.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.1)


__all__ = ["API_HOST", "nginx_in_front", "redis_server", "wait_for_port"]
