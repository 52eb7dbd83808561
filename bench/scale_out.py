"""Several app servers of one bake, as its README's "More than one server" says: a private Redis
and an nginx that takes turns between gunicorns, all on 127.0.0.1 and free ports, each stopped on
the way out. Used by tests/test_scale_out.py and bench/scale_out_bench.py."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

from bench.load import ALLOWED, API_HOST, HOST, free_port

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
    # nginx's own errors in the API's JSON shape, readable by a page on an allowed origin (as
    # nginx/default.conf and the README's recipe).
    map "{allowed},|$http_origin," $cors_origin {{
        default "";
        "~^(?:[^|]*, *)?(?<allowed>[^,| ]+) *,[^|]*\\|\\k<allowed>,$" $allowed;
    }}
    map "$request_method:$http_access_control_request_method" $cors_preflight {{
        default "";
        "~^OPTIONS:." 1;
    }}
{error_json}
    map $status $retry_after {{
        429 1;
        502 5;
        504 5;
    }}
    upstream app {{
{servers}
        keepalive 16;
    }}
    server {{
        listen {host}:{port};
        server_tokens off;
        client_max_body_size 1m;
        error_page 400 413 429 502 504 /.nginx-error/$status;
        error_page 494 =400 /.nginx-error/494;
        location ~ ^/(api/auth/login|admin/login)/?$ {{
            limit_req zone=logins burst=10;
            if ($cors_preflight) {{
                error_page 429 502 504 = /.nginx-error/preflight;
            }}
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
            if ($cors_preflight) {{
                error_page 429 502 504 = /.nginx-error/preflight;
            }}
        }}
        location ~ ^/\\.nginx-error/(?<nginx_error>[0-9a-z]+)$ {{
            internal;
            default_type application/json;
            add_header Access-Control-Allow-Origin $cors_origin always;
            add_header Vary Origin always;
            add_header Retry-After $retry_after always;
            add_header Access-Control-Expose-Headers Retry-After always;
            add_header Access-Control-Allow-Methods $http_access_control_request_method always;
            add_header Access-Control-Allow-Headers $http_access_control_request_headers always;
            if ($nginx_error = preflight) {{
                return 204;
            }}
            return 200 $error_json;
        }}
    }}
}}
"""


# nginx's own answers, in the API's error shape: (status, type, code, detail). 494 is nginx's
# "request header too large", which it sends as 400.
NGINX_ERRORS = (
    (400, "client_error", "bad_request", "Bad request."),
    (
        494,
        "client_error",
        "request_header_too_large",
        "The request headers are too large (its cookies, say).",
    ),
    (413, "client_error", "request_too_large", "The request body is too large."),
    (429, "client_error", "throttled", "Request was throttled. Expected available in 1 second."),
    (502, "server_error", "bad_gateway", "The API is not answering. Try again in a few seconds."),
    (
        504,
        "server_error",
        "gateway_timeout",
        "The API did not answer in time. Try again in a few seconds.",
    ),
)


def error_json_map() -> str:
    """nginx's `map $nginx_error $error_json`, as nginx/default.conf and the README write it."""
    lines = []
    for status, kind, code, detail in NGINX_ERRORS:
        error = {"type": kind, "errors": [{"code": code, "detail": detail, "attr": None}]}
        key = "default" if status == NGINX_ERRORS[-1][0] else str(status)
        lines.append(f"    {key} '{json.dumps(error, separators=(',', ':'))}';")
    body = "\n".join(f"    {line}" for line in lines)
    return "    map $nginx_error $error_json {\n" + body + "\n    }"


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
    conf.write_text(
        NGINX_CONF.format(
            prefix=folder,
            servers=servers,
            host=HOST,
            port=port,
            allowed=ALLOWED,
            error_json=error_json_map(),
        )
    )
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
