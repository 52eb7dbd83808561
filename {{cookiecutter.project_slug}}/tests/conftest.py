"""One Chromium for the whole run, a fresh browser context (cookies, storage) for each test."""

import pytest
from browser_support import launch_chromium, skip_or_fail

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the `browser` fixture skips, or in CI fails, every browser test
    sync_playwright = None


# Session scope: starting Chromium costs more than most tests. Playwright's sync API runs an
# asyncio loop in this thread while the browser is open, and Django's ORM refuses to run beside
# one unless DJANGO_ALLOW_ASYNC_UNSAFE is set. That variable must not reach any other test:
# `check --deploy` fails (async.E001) when it sees it. So conftest.py runs the browser tests
# last, and the variable lives exactly as long as the browser.
@pytest.fixture(scope="session")
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
