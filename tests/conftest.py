"""Shared fixtures: bake each combination of answers once, and one venv for the generated suites."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from filelock import FileLock
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
# pytest-cookies renders cookiecutter.json itself, outside cookiecutter's own import patch, so
# the local Jinja extension (jinja_filters.py) must be importable from the template root.
sys.path.insert(0, str(TEMPLATE_DIR))

from bench import load  # noqa: E402  (needs the template root on sys.path)
from scripts import bootstrap  # noqa: E402
from scripts.bootstrap import CACHE  # noqa: E402

# corscheck's own tests, which run inside a bake (tests/test_corscheck_suite.py), not here.
collect_ignore = ["corscheck_suite"]

# The README gives the same command (tests/test_readme.py checks it).
POSTGRES_COMMAND = 'export TEST_DATABASE_URL="$(bash scripts/postgres.sh)"'
POSTGRES_HELP = (
    "TEST_DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/postgres for a role that may "
    f"create databases (as root, `{POSTGRES_COMMAND}` starts a local server and sets one)"
)

# Property tests try the same examples on every run, so a CI failure is the one seen locally.
# HYPOTHESIS_PROFILE=explore searches anew each run and keeps what fails in .cache/hypothesis.
# No deadline: how fast an example runs is no property of the template, and a busy machine
# must not fail a test.
settings.register_profile(
    "repeatable", derandomize=True, database=None, deadline=None, print_blob=True
)
settings.register_profile(
    "explore",
    max_examples=500,
    deadline=None,
    database=DirectoryBasedExampleDatabase(str(CACHE / "hypothesis")),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def pytest_configure(config):
    """Refuse a run whose xdist groups would split: `--dist loadgroup` keeps a group on one worker
    by a suffix it writes into each test's node id, which pytest 9.2 ignores (pytest-xdist#1386).
    Split, test_containers.py's stack came up on both workers at once and one's teardown removed
    the other's image; podman-compose then waited for its replicas forever."""
    if config.getoption("dist", default="no") == "loadgroup" and pytest.version_tuple >= (9, 2):
        raise pytest.UsageError(
            f"pytest {pytest.__version__} would split --dist loadgroup's groups across workers "
            "(pytest-xdist#1386): requirements-test.txt asks for pytest<9.2, which "
            "`python3 scripts/test.py` installs"
        )


@pytest.fixture(scope="session")
def bake(cookies_session):
    """bake(**answers) -> the baked project's Path, baked once per set of answers per worker.

    No .venv unless a test asks for one with create_virtualenv="yes": making one takes seconds
    and a package index, and tests/test_virtualenv_bakes.py covers it.
    """
    baked: dict[tuple, Path] = {}

    def _bake(**answers) -> Path:
        answers = {"create_virtualenv": "no", **answers}
        key = tuple(sorted(answers.items()))
        if key not in baked:
            result = cookies_session.bake(extra_context=answers)
            assert result.exception is None, f"bake failed: {result.exception!r}"
            assert result.exit_code == 0
            baked[key] = result.project_path
        return baked[key]

    return _bake


@pytest.fixture(scope="session")
def generated_python() -> Path:
    """The Python of one venv, shared by every worker and run, that can run any baked project."""
    CACHE.mkdir(exist_ok=True)
    with FileLock(str(CACHE / "generated-venv.lock")):
        return bootstrap.generated_python()


@pytest.fixture(scope="session")
def run_in_project(generated_python):
    """run_in_project(project, *args) runs `python *args` in the project with the shared venv."""

    def _run(project: Path, *args: str, check: bool = True, env: dict | None = None):
        result = subprocess.run(
            [str(generated_python), *args],
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
        )
        if check and result.returncode != 0:
            pytest.fail(
                f"`python {' '.join(args)}` failed in {project} (exit {result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    return _run


@pytest.fixture(scope="session")
def run_generated_tests(run_in_project):
    """run_generated_tests(project, *pytest_args): the baked project's own suite, in the venv."""

    def _run(project: Path, *pytest_args: str, env: dict | None = None):
        command = ["-m", "pytest", "-q", "-p", "no:cacheprovider", *pytest_args]
        return run_in_project(project, *command, env=env)

    return _run


# How a baked suite's browser tests say they could not start a browser (tests/browser_support.py).
NO_BROWSER = re.compile(r"cannot start Chromium|Playwright is not installed")


def read_junit(path: Path) -> dict[str, tuple[str, str]]:
    """test name -> (outcome, message) from a pytest --junitxml report."""
    outcomes = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        outcome, message = "passed", ""
        for child in case:
            if child.tag in {"skipped", "failure", "error"}:
                outcome, message = child.tag, child.get("message", "")
        outcomes[case.get("name")] = (outcome, message)
    return outcomes


def skip_unless_ci(what: str, problem: str) -> None:
    """Skip a test whose service this machine lacks, saying why; in CI (CI=true) fail instead,
    since .ci/run provides every service the tests need."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI runs {what}, but {problem}")
    pytest.skip(problem)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """TEST_DATABASE_URL, once a server answers there. Without one the PostgreSQL tests are
    skipped with the reason, except in CI (CI=true), where they must run."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url:
        problem = f"no PostgreSQL server given: set {POSTGRES_HELP}"
    else:
        parts = urlsplit(url)
        address = (parts.hostname or "127.0.0.1", parts.port or 5432)
        try:
            socket.create_connection(address, timeout=5).close()
            return url
        except OSError as error:
            problem = f"no PostgreSQL server answers at {address[0]}:{address[1]} ({error})"
    skip_unless_ci("the PostgreSQL tests", problem)


@pytest.fixture
def postgres_database(postgres_server, generated_python) -> str:
    """DATABASE_URL of a new, empty database on that server; dropped after the test."""
    with load.fresh_postgres_database(postgres_server, generated_python) as url:
        yield url
