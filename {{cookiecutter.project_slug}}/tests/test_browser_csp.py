"""The Content-Security-Policy of every HTML page the project serves, in Chromium: the admin
(logging in, and locked out), Swagger UI, the browsable API and the static client all work
with no violation reported, and a script injected into a page does not run."""

import pytest

try:
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # the `browser` fixture skips, or in CI fails, every test here
    PlaywrightError = Exception

PASSWORD = "a long pass phrase 1"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return live_server.url.replace("://localhost:", "://127.0.0.1:")


@pytest.fixture
def violations(page):
    """What Chromium reports the policy blocked on this page: console messages and the
    securitypolicyviolation events the page sees."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.log('Content Security Policy violation: ' + e.violatedDirective))"
    )
    return found


def open_page(page, url):
    response = page.goto(url)
    assert response.ok, response.status
    return response


def test_the_admin_logs_in_under_the_policy(page, site, violations, django_user_model):
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    response = open_page(page, f"{site}/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("#site-name").is_visible()
    assert violations == []


def test_a_locked_out_admin_login_says_so(page, site, settings, django_user_model):
    settings.AXES_FAILURE_LIMIT = 2
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    open_page(page, f"{site}/admin/login/")
    for password in ["wrong", "wrong", PASSWORD]:
        page.fill("#id_username", "root")
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        if "Too many failed logins" in page.content():
            break
        page.goto(f"{site}/admin/login/")

    assert "Too many failed logins" in page.content()
    assert password == "wrong"  # locked at the limit: the right password never got through


def test_swagger_ui_renders_under_the_policy(page, site, violations):
    open_page(page, f"{site}/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container", timeout=15_000)

    assert page.locator(".opblock").count() > 0  # the operations, read from the schema
    assert violations == []


def test_the_browsable_api_renders_under_the_policy(page, site, violations):
    response = open_page(page, f"{site}/api/posts/")

    assert "content-security-policy" in response.headers
    assert page.locator(".response-info").is_visible()
    # Its scripts ran: jQuery and Bootstrap from the project's static files.
    assert page.evaluate("typeof window.jQuery") == "function"
    assert violations == []
{%- if cookiecutter.client == "static" %}


def test_bundled_client_works_under_its_policy(page, site, violations):
    # Only with client=static: the Vue client is served by Vite, and its suite drives it.
    # Imported here, in static bakes' only test that uses them: no import of them above.
    from browser_support import ClientServer, open_bundled_client

    with ClientServer(site) as client:
        open_bundled_client(page, f"{client.origin}/")
        page.wait_for_function("document.querySelector('#api-base').textContent !== ''")

    assert violations == []
{%- endif %}


def test_an_injected_script_does_not_run(page, site, violations):
    open_page(page, f"{site}/admin/login/")
    with pytest.raises(PlaywrightError):  # Playwright reports the blocked <script>
        page.add_script_tag(content="window.injected = true")

    assert page.evaluate("window.injected") is None
    assert any("script-src" in text for text in violations)
