#!/usr/bin/env python3
"""Reads and writes per second through nginx, with one and with two app servers, and through the
compose stack: `python3 bench/scale_out_bench.py [--duration 8] [--clients 8] [--no-containers]`.

Bakes the default answers with database=postgresql into bench/scale-out.tmp/. Natively: one
PostgreSQL database (TEST_DATABASE_URL, made and dropped here), one Redis as CACHE_URL, nginx in
front of one gunicorn, then of two (3 workers each, the README's production recipe), measured
one after the other in the same run. Then the bake's compose.yaml under podman-compose (nginx,
two replicas, PostgreSQL, Redis in containers; stand-in base images, scripts/standin_images.py).
Each measurement: --clients threads for --duration seconds of GET /api/posts/ (a page of 20),
then as long of POST /api/posts/ by a logged-in user (token), every response checked (200/201).
Prints one JSON line per setup.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bench.load import free_port, fresh_postgres_database, request, serve_recipe  # noqa: E402
from bench.scale_out import nginx_in_front, redis_server, wait_for_port  # noqa: E402
from scripts import bootstrap, standin_images  # noqa: E402

WORK = ROOT / "bench" / "scale-out.tmp"


def hammer(port, host, https, method, expected, token, stop, counts, errors, number) -> None:
    """One client: `method` /api/posts/ until `stop`, counting answers, keeping wrong ones."""
    while time.monotonic() < stop:
        body = {"title": f"b{number}", "content": "x" * 200} if method == "POST" else None
        status, _, data = request(
            port, method, "/api/posts/", body=body, host=host, https=https, extra=token
        )
        if status != expected:
            errors.append((status, data[:200]))
        counts[number] += 1


def measure(port: int, host: str, https: bool, duration: float, clients: int) -> dict:
    password = secrets.token_urlsafe(16)
    user = f"bench{secrets.token_hex(4)}"
    signup = {"username": user, "password1": password, "password2": password}
    status, _, body = request(
        port, "POST", "/api/auth/registration/", body=signup, host=host, https=https
    )
    assert status == 201, body
    token = {"Authorization": f"Token {json.loads(body)['key']}"}
    result = {}
    for kind, method, expected in (("reads", "GET", 200), ("writes", "POST", 201)):
        counts, errors = [0] * clients, []
        stop = time.monotonic() + duration
        threads = [
            threading.Thread(
                target=hammer,
                args=(port, host, https, method, expected, token, stop, counts, errors, n),
            )
            for n in range(clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        assert not errors, errors[:3]
        result[f"{kind}_per_second"] = round(sum(counts) / elapsed, 1)
    return result


def native(project: Path, python: Path, server_url: str, servers: int, args) -> dict:
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(fresh_postgres_database(server_url, python))
        cache_url = stack.enter_context(redis_server(WORK / f"redis-{servers}"))
        shared = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "CACHE_URL": cache_url}
        ports = []
        for number in range(servers):
            ports.append(
                stack.enter_context(
                    serve_recipe(
                        project,
                        python,
                        database_url=database_url,
                        log=WORK / f"gunicorn-{servers}-{number}.log",
                        variables=shared,
                        gunicorn_only=number > 0,
                    )
                )
            )
        proxy = stack.enter_context(nginx_in_front(WORK / f"nginx-{servers}", ports))
        return measure(proxy, "api.example.com", True, args.duration, args.clients)


def containers(project: Path, args) -> dict:
    env = {
        **os.environ,
        **standin_images.ensure(),
        "PROXY_PORT": str(free_port()),
        "BUILDAH_FORMAT": "docker",
    }
    compose = [str(bootstrap.tools_python().parent / "podman-compose"), "-p", "bench"]
    port = int(env["PROXY_PORT"])
    try:
        for command in (["build"], ["up", "-d"]):
            subprocess.run(
                [*compose, *command], cwd=project, env=env, check=True, stdout=subprocess.DEVNULL
            )
        wait_for_port(port, "the compose stack's nginx")
        deadline = time.monotonic() + 180
        host = f"127.0.0.1:{port}"
        while request(port, "GET", "/api/health/", host=host, https=False)[0] != 200:
            if time.monotonic() > deadline:
                raise RuntimeError("the compose stack did not become healthy")
            time.sleep(1)
        return measure(port, host, False, args.duration, args.clients)
    finally:
        subprocess.run(
            [*compose, "down", "-v", "-t", "5"],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # The image is rebuilt from its cached layers next time; keep the storage small.
        subprocess.run(
            ["podman", "rmi", "-f", f"{project.name}-app"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        subprocess.run(["podman", "image", "prune", "-f"], env=env, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=8)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--no-containers", action="store_true")
    args = parser.parse_args()
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        print("error: set TEST_DATABASE_URL (bash scripts/postgres.sh prints one)", file=sys.stderr)
        return 2
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    subprocess.run(
        [
            str(bootstrap.tools_python()),
            "-m",
            "cookiecutter",
            "--no-input",
            str(ROOT),
            "-o",
            str(WORK),
            "create_virtualenv=no",
            "database=postgresql",
            "project_slug=bench_site",
            "deploy=compose",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "TEMPLATE_HIDE_NEXT_STEPS": "1"},
    )
    project = WORK / "bench_site"
    python = bootstrap.generated_python()
    print(
        json.dumps(
            {
                "machine": f"{os.cpu_count()} CPUs, {os.uname().release}",
                "clients": args.clients,
                "duration_s": args.duration,
            }
        )
    )
    for servers in (1, 2):
        numbers = native(project, python, server_url, servers, args)
        print(
            json.dumps({"setup": f"native, nginx + {servers} gunicorn x 3 workers", **numbers}),
            flush=True,
        )
    if not args.no_containers:
        numbers = containers(project, args)
        print(json.dumps({"setup": "compose: nginx + 2 replicas (5 workers each)", **numbers}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
