"""Logging in through the bundled client's page (client/, as the template shipped it) on its own
origin ({{ cookiecutter.auth }} auth), in a real Chromium: sign up, log in, write own posts, be
refused another user's, log out{% if cookiecutter.auth == "session" %}; and what the CSRF check and CORS refuse{% endif %}."""

import pytest
from browser_support import (
    PASSWORD,
    ClientServer,
    NetworkLog,
    log_in,
    open_bundled_client,
    save_screenshot,
)
from django.contrib.auth import get_user_model

from posts.models import Post

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture (conftest.py) skips, or in CI fails, every test
    expect = None

pytestmark = pytest.mark.browser


@pytest.fixture
def api_url(live_server, settings):
    # live_server listens on 127.0.0.1 only: name the address, as tests/test_browser.py does.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    return live_server.url.replace("://localhost:", "://127.0.0.1:")


@pytest.fixture
def client_server(api_url):
    with ClientServer(api_url) as server:
        yield server


@pytest.fixture
def allowed_client(client_server, settings, apply_environment):
    """The client on an origin in CORS_ALLOWED_ORIGINS (and so in CSRF_TRUSTED_ORIGINS)."""
    apply_environment(CORS_ALLOW_ALL_ORIGINS="False", CORS_ALLOWED_ORIGINS=client_server.origin)
    return client_server


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password=PASSWORD)


def post_item(page, title):
    return page.locator("#post-list > li").filter(has=page.locator(".post-title", has_text=title))


def write_post(page, title):
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Create post").click()


def sign_up(page, username):
    page.locator("#signup-username").fill(username)
    page.locator("#signup-password1").fill(PASSWORD)
    page.locator("#signup-password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#whoami")).to_have_text(username)


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.locator("#login-form")).to_be_visible()
    expect(page.locator("#logged-in")).to_be_hidden()


def test_bundled_client_signs_up_writes_and_nobody_else_may_change_it(page, allowed_client, bob):
    Post.objects.create(title="Bob's post", author=bob)
    open_bundled_client(page, allowed_client.origin)
    expect(post_item(page, "Bob's post")).to_contain_text("by bob")

    sign_up(page, "alice")
    assert get_user_model().objects.filter(username="alice").exists()
{%- if cookiecutter.auth == "token" %}
    assert page.evaluate("localStorage.getItem('authToken')")
{%- endif %}
    log_out(page)
    log_in(page, get_user_model().objects.get(username="alice"))

    write_post(page, "Alice's post")
    expect(post_item(page, "Alice's post")).to_contain_text("by alice")
    post = Post.objects.get(title="Alice's post")
    assert post.author.username == "alice"

    post_item(page, "Alice's post").get_by_role("button", name="Edit").click()
    page.get_by_label("Title").fill("Alice's post, edited")
    page.get_by_role("button", name="Save changes").click()
    expect(post_item(page, "Alice's post, edited")).to_have_count(1)
    post.refresh_from_db()
    assert post.title == "Alice's post, edited"

    # The page offers every post's buttons; the API decides.
    post_item(page, "Bob's post").get_by_role("button", name="Edit").click()
    page.get_by_label("Title").fill("Taken over")
    page.get_by_role("button", name="Save changes").click()
    problem = page.locator("#problem")
    expect(problem.get_by_role("heading")).to_have_text("Not your post")
    expect(problem).to_contain_text("Only the user who wrote a post may change or delete it")
    expect(page.locator("#form-error")).to_contain_text("Not saved")
    assert Post.objects.get(author=bob).title == "Bob's post"
    save_screenshot(page, "client-not-your-post.png")
    page.get_by_role("button", name="Cancel").click()

    page.once("dialog", lambda dialog: dialog.accept())
    post_item(page, "Alice's post, edited").get_by_role("button", name="Delete").click()
    expect(post_item(page, "Alice's post, edited")).to_have_count(0)
    assert not Post.objects.filter(author__username="alice").exists()

    log_out(page)
{%- if cookiecutter.auth == "token" %}
    assert page.evaluate("localStorage.getItem('authToken')") is None
{%- endif %}
    write_post(page, "Anonymous")
    expect(problem.get_by_role("heading")).to_have_text("You are not logged in")
    assert not Post.objects.filter(title="Anonymous").exists()


def test_bundled_client_says_a_wrong_password_next_to_the_form(page, allowed_client, bob):
    open_bundled_client(page, allowed_client.origin)

    page.locator("#login-username").fill("bob")
    page.locator("#login-password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    expect(page.locator("#login-error")).not_to_be_empty()
    expect(page.locator("#logged-in")).to_be_hidden()
{%- if cookiecutter.auth == "token" %}


def test_bundled_client_sends_the_key_in_the_authorization_header_preflighted(
    page, allowed_client, api_url, bob
):
    network = NetworkLog(page)
    open_bundled_client(page, allowed_client.origin)
    log_in(page, bob)

    write_post(page, "With a key")
    expect(post_item(page, "With a key")).to_have_count(1)

    key = page.evaluate("localStorage.getItem('authToken')")
    sent = network.one(api_url + "/api/posts/", method="POST")
    assert sent.request_headers["authorization"] == f"Token {key}"
    assert "cookie" not in sent.request_headers  # no cookie needed, none sent
    preflight = network.one(api_url + "/api/posts/", method="OPTIONS")
    assert "authorization" in preflight.request_headers["access-control-request-headers"]


def test_bundled_client_drops_a_key_the_api_forgot_and_still_reads(page, allowed_client, bob):
    from rest_framework.authtoken.models import Token

    Post.objects.create(title="Readable", author=bob)
    open_bundled_client(page, allowed_client.origin)
    log_in(page, bob)
    Token.objects.all().delete()  # as logging out in another tab does

    page.reload()

    expect(post_item(page, "Readable")).to_have_count(1)
    expect(page.locator("#login-form")).to_be_visible()
    expect(page.locator("#problem")).to_be_empty()
    assert page.evaluate("localStorage.getItem('authToken')") is None
{%- else %}


def test_bundled_client_explains_a_write_refused_without_the_csrf_token(
    page, allowed_client, api_url, bob
):
    open_bundled_client(page, allowed_client.origin)
    log_in(page, bob)

    # The page as a script would send it without the token: the session cookie alone.
    def drop_token(route):
        headers = {k: v for k, v in route.request.headers.items() if k.lower() != "x-csrftoken"}
        route.continue_(headers=headers)

    page.route(api_url + "/api/posts/", drop_token)
    write_post(page, "Forged?")

    problem = page.locator("#problem")
    expect(problem.get_by_role("heading")).to_have_text("Refused by the CSRF check")
    expect(problem).to_contain_text("CSRF token missing")
    expect(problem).to_contain_text("X-CSRFToken")
    assert not Post.objects.exists()
    save_screenshot(page, "client-csrf-refused.png")


def test_bundled_client_on_an_origin_not_allowed_is_blocked_before_any_cookie_matters(
    page, client_server, api_url, apply_environment, settings, bob
):
    apply_environment(CORS_ALLOW_ALL_ORIGINS="False", CORS_ALLOWED_ORIGINS="https://app.example")
    assert client_server.origin not in settings.CORS_ALLOWED_ORIGINS
    network = NetworkLog(page)
    open_bundled_client(page, client_server.origin)

    page.locator("#login-username").fill("bob")
    page.locator("#login-password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.locator("#login-error")).to_contain_text("Not logged in")
    problem = page.locator("#problem")
    expect(problem.get_by_role("heading")).to_have_text(
        "The browser blocked the API's response (CORS)"
    )
    # The preflight did not allow the origin, so the login itself was never sent.
    login = network.one(api_url + "/api/auth/login/", method="POST")
    assert (login.status, login.cors_error) == (None, "PreflightMissingAllowOriginHeader")
    assert not any(cookie["name"] == "sessionid" for cookie in page.context.cookies())
{%- endif %}
