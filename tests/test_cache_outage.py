"""Redis, the shared cache of the generated README's "More than one server", stopped under the
production recipe (gunicorn, 2 workers): reads, logins and sign-ups still answer (each worker
counts its limits in its own memory meanwhile), the outage is logged once per worker, and
/api/health/ answers 503 with Retry-After until Redis is back, then 200 again by itself.

Needs redis-server (Debian's); .ci/run installs it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest

from bench import load
from bench.scale_out import redis_server, wait_for_port
from tests.conftest import skip_unless_ci

pytestmark = pytest.mark.xdist_group("cache-outage")
PASSWORD = "a long pass phrase 1"
WORKERS = 2


def post(port, path, body, address):
    # A client address each (the recipe trusts one proxy), so no limit is reached by accident.
    return load.request(port, "POST", path, body=body, extra={"X-Forwarded-For": address})


def health(port):
    status, headers, body = load.request(port, "GET", "/api/health/", https=False)
    return status, headers, json.loads(body)


def test_a_redis_outage_is_no_500_and_health_says_so(bake, generated_python, tmp_path):
    if shutil.which("redis-server") is None:
        skip_unless_ci("the cache outage test", "redis-server is not installed (apt-get it)")
    project = tmp_path / "project"
    shutil.copytree(bake(auth="token"), project, ignore=shutil.ignore_patterns("__pycache__"))
    log = tmp_path / "server.log"
    with redis_server(tmp_path / "redis") as cache_url:
        redis_port = int(cache_url.rsplit(":", 1)[1].split("/")[0])
        variables = {"CACHE_URL": cache_url, "WEB_CONCURRENCY": str(WORKERS)}
        with load.serve_recipe(project, generated_python, log=log, variables=variables) as port:
            assert health(port)[0] == 200, log.read_text()
            subprocess.run(["redis-cli", "-p", str(redis_port), "shutdown", "nosave"], check=False)

            reads = [load.request(port, "GET", "/api/posts/")[0] for _ in range(6)]
            sign_ups = [
                post(
                    port,
                    "/api/auth/registration/",
                    {"username": f"user{n}", "password1": PASSWORD, "password2": PASSWORD},
                    f"198.51.100.{n}",
                )[0]
                for n in range(4)
            ]
            logins = [
                post(
                    port,
                    "/api/auth/login/",
                    {"username": f"user{n}", "password": PASSWORD},
                    f"203.0.113.{n}",
                )[0]
                for n in range(4)
            ]
            down = health(port)

            # Redis again, on its port: within its retry time (api/cache.py) health is 200.
            subprocess.run(
                ["redis-server", "--port", str(redis_port), "--bind", load.HOST]
                + ["--daemonize", "yes", "--save", "", "--appendonly", "no"]
                + ["--dir", str(tmp_path / "redis")],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            wait_for_port(redis_port, "redis-server")
            deadline = time.monotonic() + 15
            while (back := health(port))[0] != 200 and time.monotonic() < deadline:
                time.sleep(0.5)
            after = load.request(port, "GET", "/api/posts/")[0]

    output = log.read_text()
    assert reads == [200] * 6, output
    assert sign_ups == [201] * 4, output
    assert logins == [200] * 4, output
    status, headers, body = down
    assert status == 503
    assert int(headers["retry-after"]) > 0
    assert body == {"status": "unavailable", "reason": "the cache is unreachable (ConnectionError)"}
    assert back[0] == 200, output
    assert after == 200
    assert "Traceback" not in output
    assert 1 <= output.count("The cache (CACHE_URL) does not answer") <= WORKERS, output
