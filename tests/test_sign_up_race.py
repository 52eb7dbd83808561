"""The production recipe as the README writes it (gunicorn, 3 workers, no CACHE_URL), on SQLite
and PostgreSQL:

- eight sign-ups for one name at once (and eight spellings of one canonical name): one account,
  every loser a 400 with the one code `username_taken` on both databases, never a 500;
- the workers share one anonymous write budget with no setting (the database's cache table,
  on SQLite).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import load

SIGN_UPS = 8
PASSWORD = "a long pass phrase 1"
DATABASES = [
    pytest.param("sqlite", marks=pytest.mark.xdist_group("sign-up-race-sqlite")),
    pytest.param(
        "postgresql",
        marks=[pytest.mark.postgres, pytest.mark.xdist_group("sign-up-race-postgresql")],
    ),
]


@contextlib.contextmanager
def deployed(request, bake, python, folder, database, variables):
    """A copy of a fresh token bake under its README's recipe; yields (port, log)."""
    answers = {"auth": "token", **({"database": "postgresql"} if database == "postgresql" else {})}
    project = folder / "project"
    shutil.copytree(bake(**answers), project, ignore=shutil.ignore_patterns("__pycache__"))
    log = folder / "server.log"
    with contextlib.ExitStack() as stack:
        database_url = None
        if database == "postgresql":
            server = request.getfixturevalue("postgres_server")
            database_url = stack.enter_context(load.fresh_postgres_database(server, python))
        serving = load.serve_recipe(
            project, python, database_url=database_url, log=log, variables=variables
        )
        yield stack.enter_context(serving), log


@pytest.fixture(scope="module", params=DATABASES)
def server(request, bake, generated_python, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"sign-up-race-{request.param}")
    variables = {"WEB_CONCURRENCY": "3"}
    with deployed(request, bake, generated_python, folder, request.param, variables) as served:
        yield served


def race(port, names):
    start = threading.Barrier(len(names))

    def sign_up(index):
        body = {"username": names[index], "password1": PASSWORD, "password2": PASSWORD}
        headers = {
            "Host": load.API_HOST,
            "Content-Type": "application/json",
            "X-Forwarded-Proto": "https",
            # One client address each: the race, not the write limit, is what is tested.
            "X-Forwarded-For": f"198.51.100.{index + 1}",
        }
        # Each sign-up hashes its password the slow production way, 8 at once on 3 workers:
        # on a busy machine that takes longer than load.request's 30 s.
        connection = http.client.HTTPConnection(load.HOST, port, timeout=180)
        start.wait()
        try:
            connection.request("POST", "/api/auth/registration/", json.dumps(body), headers)
            response = connection.getresponse()
            return response.status, None, response.read()
        finally:
            connection.close()

    with ThreadPoolExecutor(len(names)) as pool:
        return list(pool.map(sign_up, range(len(names))))


@pytest.mark.parametrize(
    "names",
    [
        ["racer"] * SIGN_UPS,
        ["Straße", "STRASSE", "strasse", "STRAßE", "Strasse", "straSSe", "strasSE"]
        + ["ＳＴＲＡＳＳＥ"],  # fullwidth letters
    ],
    ids=["one-spelling", "many-spellings"],
)
def test_one_account_and_every_loser_a_400_username_taken(server, names):
    port, log = server

    answers = race(port, names)

    statuses = sorted(status for status, _, _ in answers)
    assert statuses == [201] + [400] * (SIGN_UPS - 1), (answers, log.read_text())
    for status, _, body in answers:
        if status == 400:
            errors = json.loads(body)["errors"]
            assert [(e["attr"], e["code"]) for e in errors] == [("username", "username_taken")]


@pytest.mark.xdist_group("sign-up-race-sqlite")
def test_the_workers_share_one_write_budget_with_no_setting(
    request, bake, generated_python, tmp_path
):
    """API_ANONYMOUS_WRITE_RATE=4/hour from one address, each request answered by a worker that
    never saw the others: the fifth write is a 429. Counted in each process's memory, it would
    pass."""
    variables = {
        "WEB_CONCURRENCY": "2",
        "API_ANONYMOUS_WRITE_RATE": "4/hour",
        # Each worker answers one request and is replaced: every request meets a process that
        # has counted nothing itself (one busy worker would otherwise take them all).
        "GUNICORN_CMD_ARGS": "--max-requests 1",
    }
    address = {"X-Forwarded-For": "203.0.113.77"}
    with deployed(request, bake, generated_python, tmp_path, "sqlite", variables) as (port, log):
        answers = [
            # Another account each time: the login guard locks none out.
            load.request(
                port,
                "POST",
                "/api/auth/login/",
                body={"username": f"nobody{number}", "password": "wrong"},
                extra=address,
            )
            for number in range(6)
        ]

    assert [status for status, _, _ in answers] == [400] * 4 + [429] * 2, log.read_text()
    assert json.loads(answers[-1][2])["errors"][0]["code"] == "throttled"
