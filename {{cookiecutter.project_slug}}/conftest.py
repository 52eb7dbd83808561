"""Fixtures every app's tests share (pytest finds this file above them all)."""

from pathlib import Path
from runpy import run_path

import environ
import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from config.env import adopt_old_names

SETTINGS_FILE = Path(__file__).resolve().parent / "config" / "settings.py"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Tests hash with MD5: the production hasher spends its time on purpose (a few hundred
    milliseconds a password, so guessing is slow), a cost every test that makes a user or logs
    in would pay. Never use it outside tests."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with no anonymous writes counted against it (api/throttling.py)."""
    cache.clear()


{%- if cookiecutter.database == "postgresql" %}


@pytest.fixture(autouse=True)
def flush_without_the_statement_timeout(request):
    """After a transactional test (live_server, the browser tests) pytest-django empties every
    table with one TRUNCATE. On a machine busy with disk writes that can outlast
    DATABASE_STATEMENT_TIMEOUT_MS, which bounds the API's queries, not this upkeep: lift it for
    the flush alone (Django opens a new connection for the next test)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        yield
        return
    # Depending on it puts this teardown before the flush.
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection  # PostgreSQL bakes' only use: no import of it above

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
{%- endif %}


@pytest.fixture
def throttle_rates(settings):
    """throttle_rates(anonymous_write="2/minute", ...): DRF's DEFAULT_THROTTLE_RATES for one test
    (None: no limit); api/throttling.py reads them on each request."""

    def set_rates(**rates):
        framework = settings.REST_FRAMEWORK
        rates = {**framework["DEFAULT_THROTTLE_RATES"], **rates}
        settings.REST_FRAMEWORK = {**framework, "DEFAULT_THROTTLE_RATES": rates}

    return set_rates


@pytest.fixture
def api_client():
    """A client of the API that has not logged in."""
    return APIClient()


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("alice", password="a long pass phrase 1")


@pytest.fixture
def author_client(user):
    """A client of the API that acts as `user`, whatever the auth scheme
    (with a login, accounts/tests/ logs in through the real endpoints)."""
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def settings_from_environment(monkeypatch):
    """settings_from_environment(**variables): the names config/settings.py defines when a process
    with these environment variables loads it (plus .env, as always), this process untouched."""

    def load(**variables):
        variables = {**environ.Env.ENVIRON, **variables}
        adopt_old_names(variables)  # as config/env.py does when a process starts
        monkeypatch.setattr(environ.Env, "ENVIRON", variables)
        return run_path(str(SETTINGS_FILE))

    return load


@pytest.fixture
def apply_environment(settings, settings_from_environment):
    """apply_environment(**variables): set Django's CORS settings for this test to what these
    environment variables would make them, the way a user's .env changes them."""

    def apply(**variables):
        loaded = settings_from_environment(**variables)
        for name, value in loaded.items():
            if name.startswith("CORS_") or name == "CSRF_TRUSTED_ORIGINS":
                setattr(settings, name, value)

    return apply


# tests/ holds the tests of the project as a whole: Chromium, dev.py's processes, Schemathesis'
# hundreds of requests; seconds each, where an app's tests take milliseconds. `pytest` leaves
# the folder out, even uncollected (importing Playwright and Schemathesis costs seconds), so it
# stays an edit-test loop; `pytest --all`, a -m of the caller's own, or naming them runs them.
WHOLE_PROJECT_TESTS = Path(__file__).resolve().parent / "tests"


def pytest_addoption(parser):
    parser.addoption(
        "--all",
        action="store_true",
        help="also run tests/: the slow ones (Chromium, dev.py, Schemathesis), as CI does",
    )


def runs_whole_project_tests(config) -> bool:
    if config.getoption("--all") or config.option.markexpr:
        return True
    named = (Path(config.invocation_params.dir, arg.split("::")[0]) for arg in config.args)
    return any(path.resolve().is_relative_to(WHOLE_PROJECT_TESTS) for path in named)


def pytest_ignore_collect(collection_path, config):
    if collection_path == WHOLE_PROJECT_TESTS and not runs_whole_project_tests(config):
        config.stash[LEFT_OUT] = True
        return True
    return None


LEFT_OUT = pytest.StashKey[bool]()


def pytest_collection_modifyitems(items):
    """The browser tests last: their Chromium stays open until the run ends (tests/conftest.py),
    and no other test may run beside Playwright's event loop."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(LEFT_OUT, False):
        terminalreporter.write_line(
            "tests/ left out (Chromium, dev.py, Schemathesis): `pytest --all` runs it, as CI does."
        )
