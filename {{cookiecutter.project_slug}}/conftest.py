"""Fixtures every app's tests share (pytest finds this file above them all)."""

from pathlib import Path
from runpy import run_path

import environ
import pytest
from django.core.cache import cache
{%- if cookiecutter.database == "postgresql" %}
from django.db import connection
{%- endif %}
from django.test import override_settings
from rest_framework.test import APIClient

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
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
{%- endif %}


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
    (accounts/tests/test_auth_api.py logs in through the real endpoints)."""
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def settings_from_environment(monkeypatch):
    """settings_from_environment(**variables): the names config/settings.py defines when a process
    with these environment variables loads it (plus .env, as always), this process untouched."""

    def load(**variables):
        monkeypatch.setattr(environ.Env, "ENVIRON", {**environ.Env.ENVIRON, **variables})
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


# Tests that start Chromium or real processes, or fuzz the API: seconds each, where the rest take
# milliseconds. `pytest` leaves them out so it stays an edit-test loop; `pytest --all` runs them.
SLOW_MARKERS = ("browser", "slow")
LEFT_OUT = pytest.StashKey[int]()  # how many this run left out


def pytest_addoption(parser):
    parser.addoption(
        "--all",
        action="store_true",
        help="also run the slow tests (marked browser or slow: Chromium, dev.py, Schemathesis)",
    )


def is_slow(item) -> bool:
    return any(item.get_closest_marker(name) for name in SLOW_MARKERS)


def named_files(config) -> set[Path]:
    """The test files named on the command line (`pytest tests/test_browser.py`): run whole."""
    paths = (Path(config.invocation_params.dir, arg.split("::")[0]) for arg in config.args)
    return {path.resolve() for path in paths if path.is_file()}


def pytest_collection_modifyitems(config, items):
    """The browser tests last: their Chromium stays open until the run ends (tests/conftest.py),
    and no other test may run beside Playwright's event loop. The slow tests only with --all, a
    -m of the caller's own (`pytest -m browser`), or their file named."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    if config.getoption("--all") or config.option.markexpr:
        return
    named = named_files(config)
    left_out = [item for item in items if is_slow(item) and item.path not in named]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        kept = set(items) - set(left_out)
        items[:] = [item for item in items if item in kept]
        config.stash[LEFT_OUT] = len(left_out)


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(LEFT_OUT, 0):
        terminalreporter.write_line(
            f"{config.stash[LEFT_OUT]} slow tests left out (Chromium, dev.py, Schemathesis): "
            "`pytest --all` runs them, as CI does."
        )
