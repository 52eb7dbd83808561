#!/usr/bin/env python3
"""Load a baked project under gunicorn, deployed as its README says: `python3 bench/load.py`.

    python3 bench/load.py [--database sqlite|postgresql] [--duration 10] [--max-requests 20000]
                          [--clients 8]

Bakes the template (default answers, plus --database) into bench/load-DATABASE.tmp/, runs the
generated README's production recipe there (check --deploy, migrate, collectstatic, gunicorn with
3 workers) on 127.0.0.1, and sends requests from --clients threads until --duration seconds or
--max-requests requests, whichever comes first: GET of the list and of one post, CORS preflights
and POSTs, from an allowed origin, an origin that is not allowed and no origin, as a TLS proxy
would forward them (X-Forwarded-Proto: https). Then it checks:

- no 5xx, and every response has the status its request should get;
- the CORS headers of every response: the allowed origin echoed, nothing for any other origin,
  `Vary: origin` everywhere, methods and headers on an allowed preflight;
- no lost write: the posts the database gained are exactly the ones the 201 answers named.

It prints requests per second, p50/p99 latency (all and per kind of request) and the errors, and
exits 1 if a check fails. PostgreSQL needs TEST_DATABASE_URL (a role that may create databases,
e.g. what .ci/run sets up); the script makes a fresh database and drops it at the end. Uses the
template tests' shared venv of the generated requirements (.cache/generated-venv-*).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HOST = "127.0.0.1"  # the only address this script ever sends to
# What the README's production recipe exports; requests look like a TLS proxy forwards them.
API_HOST = "api.example.com"
ALLOWED = "https://app.example.com"
NOT_ALLOWED = "https://not-allowed.example"
KINDS = {"list": 0.2, "one": 0.2, "preflight": 0.3, "create": 0.3}
ORIGINS = {ALLOWED: 0.6, NOT_ALLOWED: 0.3, None: 0.1}
EXPECTED_STATUS = {"list": 200, "one": 200, "preflight": 200, "create": 201}
LIST_URL = "/api/posts/"


def production_recipe(project: Path) -> str:
    """The first bash block under the generated README's "## Production" heading."""
    readme = (project / "README.md").read_text()
    section = readme.split("\n## Production\n", 1)[1]
    return re.search(r"```bash\n(.*?)```", section, re.DOTALL)[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def recipe_script(
    project: Path,
    port: int,
    *,
    database_url: str | None = None,
    variables: dict[str, str] | None = None,
    gunicorn_only: bool = False,
) -> str:
    """The README's production recipe as a bash script, gunicorn bound to 127.0.0.1:port, with
    this DATABASE_URL, and these `variables` exported after the recipe's own exports;
    gunicorn_only leaves out the commands before gunicorn (check, migrate, collectstatic)."""
    recipe = production_recipe(project)
    script, count = re.subn(r"--bind 127\.0\.0\.1:\d+", f"--bind {HOST}:{port}", recipe)
    assert count == 1, f"no `--bind 127.0.0.1:PORT` in the recipe:\n{recipe}"
    if database_url:
        line = f"export DATABASE_URL={shlex.quote(database_url)}"
        script, count = re.subn(r"(?m)^export DATABASE_URL=.*$", lambda _: line, script)
        assert count == 1, f"no `export DATABASE_URL=...` in the recipe:\n{recipe}"
    lines = script.strip().splitlines()
    exports = [line for line in lines if line.startswith("export ")]
    commands = [line for line in lines if not line.startswith("export ")]
    if gunicorn_only:
        commands = [line for line in commands if line.startswith("gunicorn ")]
    overrides = [f"export {k}={shlex.quote(v)}" for k, v in (variables or {}).items()]
    return "\n".join([*exports, *overrides, *commands]) + "\n"


def recipe_environment(python: Path) -> dict[str, str]:
    """This process's environment for running the recipe with `python`'s venv active."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["PATH"] = f"{python.parent}{os.pathsep}{environment.get('PATH', '')}"
    # gunicorn.conf.py starts 2 x CPUs + 1 workers; 3 keeps results comparable across machines.
    environment.setdefault("WEB_CONCURRENCY", "3")
    return environment


@contextlib.contextmanager
def serve_recipe(
    project: Path,
    python: Path,
    *,
    database_url: str | None = None,
    log: Path,
    variables: dict[str, str] | None = None,
    gunicorn_only: bool = False,
):
    """Run the README's production recipe as written, but on a free port (and, given one, with
    this DATABASE_URL; see recipe_script for the rest); yield the port once gunicorn answers,
    stop it on the way out."""
    port = free_port()
    script = recipe_script(
        project,
        port,
        database_url=database_url,
        variables=variables,
        gunicorn_only=gunicorn_only,
    )
    environment = recipe_environment(python)
    with open(log, "w") as output:
        server = subprocess.Popen(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=project,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so stopping it stops gunicorn's workers too
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise RuntimeError(
                    f"the recipe stopped (exit {server.returncode}):\n{log.read_text()}"
                )
            with socket.socket() as sock:
                if sock.connect_ex((HOST, port)) == 0:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 120 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield port
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def request(port, method, path, *, origin=None, body=None, https=True, host=API_HOST, extra=None):
    """One request to 127.0.0.1:port; returns (status, lower-cased headers, body bytes)."""
    headers = {"Host": host, "Accept": "application/json"}
    if https:
        headers["X-Forwarded-Proto"] = "https"
    if origin:
        headers["Origin"] = origin
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body).encode()
    headers.update(extra or {})
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        connection.close()


def cors_problem(kind: str, origin: str | None, status: int, headers: dict) -> str | None:
    """What is wrong with this response for this request, or None."""
    if status != EXPECTED_STATUS[kind]:
        return f"status {status}, expected {EXPECTED_STATUS[kind]}"
    vary = {part.strip().lower() for part in headers.get("vary", "").split(",")}
    if "origin" not in vary:
        return f"Vary {headers.get('vary')!r} lacks origin, so a cache could mix origins up"
    allow_origin = headers.get("access-control-allow-origin")
    if origin != ALLOWED:
        if allow_origin is not None or "access-control-allow-methods" in headers:
            return f"CORS headers for {origin or 'a request without Origin'}: {allow_origin!r}"
        return None
    if allow_origin != origin:
        return f"Access-Control-Allow-Origin {allow_origin!r}, expected {origin!r}"
    if kind == "preflight":
        if "POST" not in headers.get("access-control-allow-methods", ""):
            return "preflight allows no POST"
        if "content-type" not in headers.get("access-control-allow-headers", ""):
            return "preflight allows no Content-Type header"
    return None


@dataclass
class Result:
    seconds: float = 0.0
    latencies: dict = field(default_factory=lambda: {kind: [] for kind in KINDS})
    statuses: Counter = field(default_factory=Counter)
    problems: Counter = field(default_factory=Counter)
    created: set = field(default_factory=set)
    transport_errors: Counter = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    def merge(self, other: Result) -> None:
        for kind, values in other.latencies.items():
            self.latencies[kind].extend(values)
        self.statuses.update(other.statuses)
        self.problems.update(other.problems)
        self.created |= other.created
        self.transport_errors.update(other.transport_errors)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def run_load(port: int, *, duration: float, max_requests: int, clients: int, seed: int = 1):
    """Send the mixed requests from `clients` threads; bounded by duration and max_requests."""
    result = Result()
    lock = threading.Lock()
    budget = [max_requests]
    start = time.perf_counter()
    deadline = start + duration

    def take() -> bool:
        with lock:
            if budget[0] <= 0 or time.perf_counter() >= deadline:
                return False
            budget[0] -= 1
            return True

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        mine = Result()
        while take():
            kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
            origin = rng.choices(list(ORIGINS), weights=list(ORIGINS.values()))[0]
            if kind == "preflight" and origin is None:
                origin = NOT_ALLOWED  # a preflight always has an Origin
            began = time.perf_counter()
            try:
                status, headers, body = send(rng, port, kind, origin, mine.created)
            except OSError as error:
                mine.transport_errors[type(error).__name__] += 1
                continue
            mine.latencies[kind].append(time.perf_counter() - began)
            mine.statuses[status] += 1
            problem = cors_problem(kind, origin, status, headers)
            if problem:
                mine.problems[f"{kind} from {origin or 'no origin'}: {problem}"] += 1
            elif kind == "create":
                mine.created.add(json.loads(body)["id"])
        with lock:
            result.merge(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - start
    return result


def send(rng: random.Random, port: int, kind: str, origin: str | None, created: set):
    if kind == "list":
        return request(port, "GET", LIST_URL, origin=origin)
    if kind == "one":
        if not created:  # nothing of this client's yet: read the list instead
            return request(port, "GET", LIST_URL, origin=origin)
        return request(port, "GET", f"{LIST_URL}{rng.choice(sorted(created))}/", origin=origin)
    if kind == "preflight":
        preflight = {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        }
        return request(port, "OPTIONS", LIST_URL, origin=origin, extra=preflight)
    title = f"load {uuid.uuid4().hex[:12]}"
    return request(port, "POST", LIST_URL, origin=origin, body={"title": title, "content": "x"})


def post_ids(project: Path, python: Path, database_url: str | None = None) -> set[int]:
    """The ids of the posts in the project's database, read by Django itself."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database_url:
        environment["DATABASE_URL"] = database_url
    script = (
        "import json; from posts.models import Post; "
        "print(json.dumps(list(Post.objects.values_list('id', flat=True))))"
    )
    output = subprocess.run(
        [str(python), "manage.py", "shell", "--verbosity", "0", "-c", script],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(json.loads(output.splitlines()[-1]))


def lost_writes(before: set[int], after: set[int], result: Result) -> list[str]:
    """Every acknowledged POST is in the database, and nothing else appeared."""
    gained = after - before
    problems = []
    if result.created - gained:
        problems.append(f"{len(result.created - gained)} acknowledged posts missing")
    if gained - result.created:
        problems.append(f"{len(gained - result.created)} posts in the database without a 201")
    return problems


def report(result: Result, writes: list[str], label: str) -> str:
    all_latencies = [value for values in result.latencies.values() for value in values]
    lines = [
        f"{label}: {result.requests} requests in {result.seconds:.1f} s = "
        f"{result.requests / result.seconds:.0f} requests/s; latency p50 "
        f"{percentile(all_latencies, 0.5) * 1000:.1f} ms, p99 "
        f"{percentile(all_latencies, 0.99) * 1000:.1f} ms",
    ]
    for kind, values in result.latencies.items():
        lines.append(
            f"  {kind:<9} {len(values):>6}  p50 {percentile(values, 0.5) * 1000:6.1f} ms  "
            f"p99 {percentile(values, 0.99) * 1000:6.1f} ms"
        )
    lines.append(
        f"  5xx: {result.server_errors}, connection errors: "
        f"{sum(result.transport_errors.values())}, wrong status or CORS headers: "
        f"{sum(result.problems.values())}"
    )
    lines.append(
        f"  writes: {len(result.created)} posts acknowledged with 201, "
        f"{'all in the database, none extra' if not writes else '; '.join(writes)}"
    )
    lines += [f"  {count} x {problem}" for problem, count in result.problems.most_common(10)]
    lines += [f"  {count} x {name}" for name, count in result.transport_errors.items()]
    return "\n".join(lines)


@contextlib.contextmanager
def fresh_postgres_database(server_url: str, python: Path):
    """A new database on the server TEST_DATABASE_URL names; its URL; dropped at the end."""
    name = f"load_{uuid.uuid4().hex[:12]}"
    script = (
        "import sys, psycopg; psycopg.connect(sys.argv[1], autocommit=True).execute(sys.argv[2])"
    )

    def run(sql: str) -> None:
        subprocess.run([str(python), "-c", script, server_url, sql], check=True)

    run(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds, at most 60")
    parser.add_argument("--max-requests", type=int, default=20000, help="at most 100000")
    parser.add_argument("--clients", type=int, default=8, help="threads sending, at most 32")
    args = parser.parse_args()
    if not (0 < args.duration <= 60 and 0 < args.max_requests <= 100000 and 0 < args.clients <= 32):
        parser.error("keep the load bounded: duration <= 60, max-requests <= 100000, clients <= 32")

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from bootstrap import ROOT, generated_python, tools_python

    server_url = os.environ.get("TEST_DATABASE_URL")
    if args.database == "postgresql" and not server_url:
        parser.error(
            "--database postgresql needs TEST_DATABASE_URL=postgres://USER:PW@127.0.0.1:5432/postgres"
        )
    work = ROOT / "bench" / f"load-{args.database}.tmp"
    shutil.rmtree(work, ignore_errors=True)
    bake = [tools_python(), "-m", "cookiecutter", "--no-input", "-o", work, ROOT]
    # No .venv of its own: it runs in the shared venv of the generated requirements.
    # auth=none: the POSTs write without logging in; the recipe's check --deploy then needs the
    # open API confirmed (posts.W001).
    answers = [f"database={args.database}", "auth=none", "create_virtualenv=no"]
    os.environ["OPEN_API_IN_PRODUCTION"] = "True"
    # All of its anonymous POSTs come from one address: lift the per-address write limit.
    os.environ["API_ANONYMOUS_WRITE_RATE"] = "1000000/hour"
    subprocess.run([*map(str, bake), *answers], check=True, stdout=subprocess.DEVNULL)
    project = work / "my_blog_api"
    python = generated_python()

    with contextlib.ExitStack() as stack:
        database_url = None
        if args.database == "postgresql":
            database_url = stack.enter_context(fresh_postgres_database(server_url, python))
        port = stack.enter_context(
            serve_recipe(project, python, database_url=database_url, log=work / "server.log")
        )
        before = post_ids(project, python, database_url)
        result = run_load(
            port, duration=args.duration, max_requests=args.max_requests, clients=args.clients
        )
        writes = lost_writes(before, post_ids(project, python, database_url), result)
    label = f"{args.database}, gunicorn 3 sync workers, {args.clients} client threads"
    print(report(result, writes, label))
    failed = result.server_errors or result.problems or result.transport_errors or writes
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
