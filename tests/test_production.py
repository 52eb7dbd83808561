"""The generated README's production recipe, run as written (on a free port): check --deploy
passes, gunicorn serves the API with its CORS headers behind a TLS-terminating proxy, WhiteNoise
serves the static files, and a short bounded load finds no 5xx, no lost write and no wrong CORS
header. On SQLite, and on PostgreSQL when a server is there (always in CI)."""

from __future__ import annotations

import contextlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench import load

FRONT_END = load.ALLOWED  # what the recipe exports as CORS_ALLOWED_ORIGINS
NOT_ALLOWED = load.NOT_ALLOWED

DATABASES = [
    pytest.param("sqlite", marks=pytest.mark.xdist_group("production-sqlite")),
    pytest.param(
        "postgresql",
        marks=[pytest.mark.postgres, pytest.mark.xdist_group("production-postgresql")],
    ),
]


@dataclass
class Deployment:
    project: Path
    port: int
    database_url: str | None


@pytest.fixture(scope="module", params=DATABASES)
def deployment(request, bake, generated_python, tmp_path_factory):
    """A copy of a fresh bake, deployed by its README's production recipe, gunicorn running."""
    database = request.param
    # auth=none: the load below writes posts without logging in. Its recipe then confirms the
    # open API, or check --deploy would stop it (corscheck.W003, tested in the generated suite).
    answers = {"auth": "none", **({"database": "postgresql"} if database == "postgresql" else {})}
    work = tmp_path_factory.mktemp(f"production-{database}")
    project = work / "project"
    shutil.copytree(bake(**answers), project, ignore=shutil.ignore_patterns("__pycache__"))
    with contextlib.ExitStack() as stack:
        stack.enter_context(pytest.MonkeyPatch.context()).setenv("OPEN_API_IN_PRODUCTION", "True")
        database_url = None
        if database == "postgresql":
            server = request.getfixturevalue("postgres_server")
            fresh = load.fresh_postgres_database(server, generated_python)
            database_url = stack.enter_context(fresh)
        serving = load.serve_recipe(
            project, generated_python, database_url=database_url, log=work / "server.log"
        )
        yield Deployment(project, stack.enter_context(serving), database_url)


def get(deployment, path, **options):
    return load.request(deployment.port, "GET", path, **options)


def test_the_api_answers_an_allowed_origin_with_cors_and_hsts_headers(deployment):
    status, headers, body = get(deployment, "/api/posts/", origin=FRONT_END)

    assert status == 200
    assert headers["access-control-allow-origin"] == FRONT_END
    assert "origin" in headers["vary"].lower()
    assert headers["strict-transport-security"].startswith("max-age=")
    assert isinstance(json.loads(body)["results"], list)  # a page of posts


def test_an_origin_not_allowed_gets_no_cors_headers(deployment):
    status, headers, _ = get(deployment, "/api/posts/", origin=NOT_ALLOWED)

    assert status == 200
    assert "access-control-allow-origin" not in headers


def test_a_preflight_behind_the_proxy_is_answered(deployment):
    status, headers, _ = load.request(
        deployment.port,
        "OPTIONS",
        "/api/posts/",
        origin=FRONT_END,
        extra={
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )

    assert status == 200
    assert headers["access-control-allow-origin"] == FRONT_END
    assert "POST" in headers["access-control-allow-methods"]


def test_plain_http_is_redirected_to_https_with_cors_headers(deployment):
    status, headers, _ = get(deployment, "/api/posts/", origin=FRONT_END, https=False)

    assert status == 301
    assert headers["location"] == f"https://{load.API_HOST}/api/posts/"
    assert headers["access-control-allow-origin"] == FRONT_END


def test_a_host_not_in_allowed_hosts_is_refused(deployment):
    status, _, _ = get(deployment, "/api/posts/", host="attacker.example")

    assert status == 400


def test_whitenoise_serves_collected_static_files_with_cors_decided_by_cors_headers(deployment):
    manifest = json.loads((deployment.project / "staticfiles" / "staticfiles.json").read_text())
    path = f"/static/{manifest['paths']['admin/css/base.css']}"

    status, headers, body = get(deployment, path, origin=FRONT_END)
    _, other_headers, _ = get(deployment, path, origin=NOT_ALLOWED)

    assert status == 200
    assert headers["content-type"].startswith("text/css")
    assert "immutable" in headers["cache-control"]  # a hashed name: cacheable for ever
    assert body
    assert headers["access-control-allow-origin"] == FRONT_END
    # Not WhiteNoise's own `Access-Control-Allow-Origin: *` for every origin.
    assert "access-control-allow-origin" not in other_headers


def test_a_short_load_loses_no_write_and_keeps_cors_headers_right(deployment, generated_python):
    ids = (deployment.project, generated_python, deployment.database_url)
    before = load.post_ids(*ids)

    result = load.run_load(deployment.port, duration=3, max_requests=300, clients=4)
    writes = load.lost_writes(before, load.post_ids(*ids), result)

    report = load.report(result, writes, "short load")
    assert result.requests > 0 and result.created, report
    assert result.server_errors == 0, report
    assert not result.transport_errors, report
    assert not result.problems, report
    assert writes == [], report
