"""The generated README's production recipe, run as written (on a free port): check --deploy
passes, gunicorn serves the API with its CORS headers behind a TLS-terminating proxy, WhiteNoise
serves the static files, and a short bounded load finds no 5xx, no lost write and no wrong CORS
header. On SQLite, and on PostgreSQL when a server is there (always in CI)."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import time
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
    log: Path  # everything the recipe and gunicorn printed


@pytest.fixture(scope="module", params=DATABASES)
def deployment(request, bake, generated_python, tmp_path_factory):
    """A copy of a fresh bake, deployed by its README's production recipe, gunicorn running."""
    database = request.param
    # auth=none: the load below writes posts without logging in. Its recipe then confirms the
    # open API, or check --deploy would stop it (posts.W001, tested in the generated suite).
    answers = {"auth": "none", **({"database": "postgresql"} if database == "postgresql" else {})}
    work = tmp_path_factory.mktemp(f"production-{database}")
    project = work / "project"
    shutil.copytree(bake(**answers), project, ignore=shutil.ignore_patterns("__pycache__"))
    with contextlib.ExitStack() as stack:
        environment = stack.enter_context(pytest.MonkeyPatch.context())
        environment.setenv("OPEN_API_IN_PRODUCTION", "True")
        # The load's writes all come from one address, and production counts them across workers
        # (the database cache): lift the per-address write limit, as bench/load.py does.
        environment.setenv("API_ANONYMOUS_WRITE_RATE", "1000000/hour")
        database_url = None
        if database == "postgresql":
            server = request.getfixturevalue("postgres_server")
            fresh = load.fresh_postgres_database(server, generated_python)
            database_url = stack.enter_context(fresh)
        log = work / "server.log"
        serving = load.serve_recipe(project, generated_python, database_url=database_url, log=log)
        yield Deployment(project, stack.enter_context(serving), database_url, log)


def get(deployment, path, **options):
    return load.request(deployment.port, "GET", path, **options)


def logged(log: Path, text: str, timeout: float = 10) -> str:
    """The server's log once `text` appears in it (workers write it as they go)."""
    deadline = time.monotonic() + timeout
    while text not in (output := log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert text in output, f"{text!r} is not in the server's log:\n{output}"
    return output


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


def test_a_host_not_in_allowed_hosts_is_refused_and_logged(deployment):
    status, headers, body = get(
        deployment, "/api/posts/", host="attacker.example", origin=FRONT_END
    )

    assert status == 400
    # The API's error shape, not Django's HTML page, with CORS headers: a front end can read it.
    assert headers["content-type"] == "application/json"
    error = {"code": "bad_request", "detail": "Bad request.", "attr": None}
    assert json.loads(body) == {"type": "client_error", "errors": [error]}
    assert headers["access-control-allow-origin"] == FRONT_END
    # A security event: django.security.DisallowedHost, with the request line.
    output = logged(deployment.log, "django.security.DisallowedHost: Invalid HTTP_HOST header")
    # One line, no traceback: scanners send such requests by the thousand.
    assert "Traceback" not in output, output


def test_the_health_check_answers_200_even_over_plain_http(deployment):
    status, headers, body = get(deployment, "/api/health/", https=False)

    assert status == 200  # not the https redirect: a probe calls gunicorn directly
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"status": "ok"}
    logged(deployment.log, '"GET /api/health/ HTTP/1.1" 200')  # gunicorn's access log


def test_whitenoise_serves_collected_static_files_without_cors_headers(deployment):
    """Only the API answers other origins (CORS_URLS_REGEX): the admin's files get no CORS header,
    neither django-cors-headers' nor WhiteNoise's own `*` for every origin."""
    manifest = json.loads((deployment.project / "staticfiles" / "staticfiles.json").read_text())
    path = f"/static/{manifest['paths']['admin/css/base.css']}"

    status, headers, body = get(deployment, path, origin=FRONT_END)
    _, other_headers, _ = get(deployment, path, origin=NOT_ALLOWED)

    assert status == 200
    assert headers["content-type"].startswith("text/css")
    assert "immutable" in headers["cache-control"]  # a hashed name: cacheable for ever
    assert body
    assert "access-control-allow-origin" not in headers
    assert "access-control-allow-origin" not in other_headers


def test_gunicorn_workers_count_anonymous_writes_together_in_a_shared_cache(
    bake, generated_python, tmp_path
):
    """The README's way to one count for all workers: CACHE_URL naming a shared cache. Each
    request is a new connection, taken by whichever of the 3 workers accepts it first."""
    project = tmp_path / "project"
    shutil.copytree(bake(auth="none"), project, ignore=shutil.ignore_patterns("__pycache__"))
    variables = {
        "OPEN_API_IN_PRODUCTION": "True",
        "API_ANONYMOUS_WRITE_RATE": "3/minute",
        "CACHE_URL": f"filecache://{tmp_path / 'cache'}",
    }
    log = tmp_path / "server.log"
    with load.serve_recipe(project, generated_python, log=log, variables=variables) as port:
        posts = [{"title": f"Post {n}", "content": "x"} for n in range(9)]
        statuses = [load.request(port, "POST", "/api/posts/", body=post)[0] for post in posts]

    assert statuses == [201] * 3 + [429] * 6, log.read_text()


@pytest.mark.parametrize("cache", ["database", "file-cache"])
def test_gunicorn_workers_count_failed_logins_together_with_no_extra_setting(
    bake, generated_python, tmp_path, cache
):
    """The login guard (django-axes) counts in the database by default, and still there with a
    file cache in CACHE_URL (which axes refuses): 3 workers, one count. Refused logins are 429 with
    Retry-After in the error shape, and another address is not locked out."""
    project = tmp_path / "project"
    shutil.copytree(bake(auth="token"), project, ignore=shutil.ignore_patterns("__pycache__"))
    variables = {"AXES_FAILURE_LIMIT": "3", "API_ANONYMOUS_WRITE_RATE": "1000/minute"}
    if cache == "file-cache":
        variables["CACHE_URL"] = f"filecache://{tmp_path / 'cache'}"
    log = tmp_path / "server.log"
    wrong = {"username": "alice", "password": "wrong"}
    attacker = {"X-Forwarded-For": "203.0.113.9"}  # as the one proxy of the recipe says
    with load.serve_recipe(project, generated_python, log=log, variables=variables) as port:
        answers = [
            load.request(port, "POST", "/api/auth/login/", body=wrong, extra=attacker)
            for _ in range(6)
        ]
        elsewhere = load.request(
            port, "POST", "/api/auth/login/", body=wrong, extra={"X-Forwarded-For": "198.51.100.4"}
        )

    assert [status for status, _, _ in answers] == [400, 400] + [429] * 4, log.read_text()
    for _, headers, body in answers[2:]:
        assert int(headers["retry-after"]) == 15 * 60
        assert json.loads(body)["errors"][0]["code"] == "login_locked_out"
    assert elsewhere[0] == 400


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


# A bad production setting -> the variable and the value its one-line refusal must name.
REFUSED = {
    "empty secret key": ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is missing or empty"),
    "short secret key": ({"DJANGO_SECRET_KEY": "change-me"}, "DJANGO_SECRET_KEY has 9 characters"),
    "wildcard origin": ({"CORS_ALLOWED_ORIGINS": "*"}, "CORS_ALLOWED_ORIGINS entry '*'"),
    "empty origins": ({"CORS_ALLOWED_ORIGINS": ""}, "CORS_ALLOWED_ORIGINS is set but empty"),
    "space after a comma": (
        {"CORS_ALLOWED_ORIGINS": f"{FRONT_END}, https://b.example"},
        "CORS_ALLOWED_ORIGINS entry ' https://b.example'",
    ),
    "unconfirmed allow-all": (
        {"CORS_ALLOW_ALL_ORIGINS": "True"},
        "CORS_ALLOW_ALL_ORIGINS=True lets scripts on every web site read",
    ),
}


def run_refused(project: Path, python: Path, variables: dict, *, gunicorn_only: bool) -> str:
    """Run the README's production recipe (or only its gunicorn line) with these variables
    exported after its own; return its output once it stops, failing if it does not."""
    script = load.recipe_script(
        project, load.free_port(), variables=variables, gunicorn_only=gunicorn_only
    )
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=project,
        env=load.recipe_environment(python),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the recipe served with {variables}:\n{output}"
    return output


@pytest.fixture(scope="module")
def refusing_project(bake, tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("refusals") / "project"
    shutil.copytree(bake(), project, ignore=shutil.ignore_patterns("__pycache__"))
    return project


@pytest.mark.parametrize("gunicorn_only", [False, True], ids=["recipe", "gunicorn"])
@pytest.mark.parametrize("variables, reason", REFUSED.values(), ids=REFUSED.keys())
def test_the_recipe_refuses_a_bad_setting_in_one_line(
    refusing_project, generated_python, variables, reason, gunicorn_only
):
    output = run_refused(refusing_project, generated_python, variables, gunicorn_only=gunicorn_only)

    refusals = [line for line in output.splitlines() if "Settings refused:" in line]
    assert len(refusals) == 1, output
    assert reason in refusals[0], output
    assert "Traceback" not in output
    if gunicorn_only:
        assert "Booting worker" not in output  # stopped before any worker started


@pytest.fixture(scope="module", params=["plain", "json"])
def database_gone(request, bake, generated_python, tmp_path_factory):
    """gunicorn started by the recipe's command, with a database it cannot open, logging in the
    format DJANGO_LOG_FORMAT asks for: (port, log, format)."""
    work = tmp_path_factory.mktemp(f"database-gone-{request.param}")
    project = work / "project"
    shutil.copytree(bake(), project, ignore=shutil.ignore_patterns("__pycache__"))
    variables = {
        "DATABASE_URL": f"sqlite:///{work / 'no-such-folder' / 'db.sqlite3'}",
        "DJANGO_LOG_FORMAT": request.param,
    }
    log = work / "server.log"
    serving = load.serve_recipe(
        project, generated_python, log=log, variables=variables, gunicorn_only=True
    )
    with serving as port:
        yield port, log, request.param


def test_a_database_outage_under_gunicorn_is_a_503_logged_in_one_line_each(database_gone):
    """Every API route answers 503 with Retry-After in the error shape; each failure is one log
    line with the reason and the request line, the traceback at most once a minute per worker."""
    port, log, fmt = database_gone
    workers = int(load.recipe_environment(Path("python"))["WEB_CONCURRENCY"])

    answers = [load.request(port, "GET", "/api/posts/?page=1") for _ in range(2 * workers + 2)]

    for status, headers, body in answers:
        assert status == 503
        assert int(headers["retry-after"]) > 0
        assert json.loads(body)["errors"][0]["code"] == "database_unavailable"
    output = logged(log, "database_unavailable (503)")
    deadline = time.monotonic() + 10
    while output.count("database_unavailable (503)") < len(answers) and time.monotonic() < deadline:
        time.sleep(0.1)
        output = log.read_text()
    if fmt == "plain":
        line = (
            r"ERROR api\.exceptions: database_unavailable \(503\): unable to open database file "
            r"\[GET /api/posts/\?page=1\]"
        )
        assert len(re.findall(line, output)) == len(answers), output
        with_traceback = re.findall(line + r"\nTraceback", output)
        assert 1 <= len(with_traceback) <= workers, output
    else:
        entries = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
        errors = [entry for entry in entries if entry["logger"] == "api.exceptions"]
        assert len(errors) == len(answers), output
        assert {error["request"] for error in errors} == {"GET /api/posts/?page=1"}
        assert {error["status"] for error in errors} == {503}
        assert 1 <= sum("exception" in error for error in errors) <= workers
    # Django's own request logger adds no second line (with another traceback) per failure.
    assert "django.request" not in output, output


def test_the_health_check_answers_503_with_the_reason(database_gone):
    port, log, _ = database_gone

    status, headers, body = load.request(port, "GET", "/api/health/")

    assert status == 503
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {
        "status": "unavailable",
        "reason": "the database is unreachable (OperationalError)",
    }
    logged(log, "Health check: the database is unreachable")


def test_the_api_recovers_by_itself_when_the_database_is_back(database_gone, generated_python):
    """Last of the module for each format: the database appears (migrated), gunicorn keeps
    running, and the next requests are answered."""
    port, log, _ = database_gone
    assert load.request(port, "GET", "/api/posts/")[0] == 503
    database = log.parent / "no-such-folder" / "db.sqlite3"
    database.parent.mkdir()
    environment = load.recipe_environment(generated_python)
    subprocess.run(
        [str(generated_python), "manage.py", "migrate", "-v", "0"],
        cwd=log.parent / "project",
        env={**environment, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "True"},
        check=True,
    )

    assert [load.request(port, "GET", "/api/posts/")[0] for _ in range(6)] == [200] * 6


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_both_readmes_give_the_same_production_recipe(bake, database):
    project = bake(database=database)
    section = (project / "README.ko.md").read_text().split("\n## 프로덕션\n", 1)[1]
    korean = re.search(r"```bash\n(.*?)```", section, re.DOTALL)[1]

    assert korean == load.production_recipe(project)
