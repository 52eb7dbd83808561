from pathlib import Path
from runpy import run_path

import environ
import pytest
from browser_support import launch_chromium, skip_or_fail
from django.core.cache import cache
from rest_framework.test import APIClient

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the `browser` fixture skips, or in CI fails, every browser test
    sync_playwright = None

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "config" / "settings.py"


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with no anonymous writes counted against it (api/throttling.py)."""
    cache.clear()


@pytest.fixture
def api_client():
    """A client of the API that has not logged in."""
    return APIClient()


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("alice", password="a long pass phrase 1")


@pytest.fixture
def author_client(user):
    """A client of the API that acts as `user`, whatever the auth scheme (tests/test_auth_api.py
    logs in through the real endpoints)."""
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


# Module scope, not session: Playwright's sync API runs an asyncio loop in this thread while a
# browser is open, and Django's ORM refuses to run beside one unless DJANGO_ALLOW_ASYNC_UNSAFE is
# set. That variable must not outlive the browser tests: `check --deploy` in a later test of the
# same run fails with async.E001 when it sees it. Each browser module opens and closes its own.
@pytest.fixture(scope="module")
def browser():
    if sync_playwright is None:
        skip_or_fail("Playwright is not installed (pip install -r requirements-dev.txt)")
    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"
