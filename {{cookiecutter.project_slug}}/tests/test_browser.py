"""The bundled client (client/, the page the template shipped) driven in a real Chromium against
a live API: what a user of that page sees. Each test's name says so (test_bundled_client_...), and
each stops at once, saying why, if client/index.html was replaced; what CORS itself does, whatever
the client, is in test_browser_cors.py.

The API runs on pytest-django's live_server (a threaded HTTP server on the test database), the
client on its own origin. Chromium must be installed (CHROMIUM_PATH, `chromium` on PATH, or
`python -m playwright install chromium`); without it these tests are skipped, or fail when the
CI environment variable is set.
"""

import re

import pytest
from browser_support import (
    PASSWORD,
    ClientServer,
    NetworkLog,
    baked_client_setting,
    free_port,
    log_in,
    open_bundled_client,
    save_screenshot,
    silent_server,
)

from api.pagination import PageNumberPagination
from posts.models import Post

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture (tests/conftest.py) skips, or in CI fails, every test
    expect = None

pytestmark = pytest.mark.browser

BLOCKED_HEADING = "The browser blocked the API's response (CORS)"
UNREACHABLE_HEADING = "Can't reach the API"


@pytest.fixture
def api_url(live_server, settings):
    # live_server listens on 127.0.0.1 (IPv4) under the name localhost; Chromium would try
    # ::1 first for localhost, so name the address itself.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    return live_server.url.replace("://localhost:", "://127.0.0.1:")


@pytest.fixture
def client_server(api_url):
    """client/ on its own origin, calling the live API."""
    with ClientServer(api_url) as server:
        yield server


@pytest.fixture
def allowed_client(client_server, settings, apply_environment):
    """The client, on an origin added to CORS_ALLOWED_ORIGINS the way the error page tells a
    user to: the variable holds the project's configured origins plus this one."""
    if not settings.CORS_ALLOW_ALL_ORIGINS:
        origins = [*settings.CORS_ALLOWED_ORIGINS, client_server.origin]
        apply_environment(CORS_ALLOWED_ORIGINS=",".join(origins))
        assert client_server.origin in settings.CORS_ALLOWED_ORIGINS
    return client_server


@pytest.fixture
def writer(django_user_model):
    """The user the page logs in as before it writes (in a bake with auth)."""
    return django_user_model.objects.create_user("writer", password=PASSWORD)


def is_allowed_origin(settings, origin):
    if settings.CORS_ALLOW_ALL_ORIGINS:
        return True
    regexes = getattr(settings, "CORS_ALLOWED_ORIGIN_REGEXES", [])
    return origin in settings.CORS_ALLOWED_ORIGINS or any(re.match(r, origin) for r in regexes)


def post_item(page, title):
    return page.locator("#post-list > li").filter(has=page.locator(".post-title", has_text=title))


def test_bundled_client_lists_posts_from_the_api(page, allowed_client):
    Post.objects.create(title="First post", content="Hello from the API.")
    Post.objects.create(title="<b>Not bold</b>", content="<script>window.hacked = 1</script>")

    open_bundled_client(page, allowed_client.origin)

    expect(page.locator("#posts-status")).to_have_text("2 posts, newest first.")
    titles = page.locator("#post-list .post-title")
    expect(titles).to_have_text(["<b>Not bold</b>", "First post"])
    # User text is shown as text, never parsed as HTML.
    expect(page.locator("#post-list b, #post-list script")).to_have_count(0)
    assert page.evaluate("window.hacked") is None
    expect(page.locator("#problem")).to_be_empty()
    save_screenshot(page, "client-with-posts.png")


def test_bundled_client_goes_through_the_pages_of_posts(page, allowed_client, monkeypatch):
    # As API_PAGE_SIZE=2 would set it (read when Django starts).
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    for number in range(5):
        Post.objects.create(title=f"Post {number}")
    titles = page.locator("#post-list .post-title")

    open_bundled_client(page, allowed_client.origin)

    expect(page.locator("#posts-status")).to_have_text("5 posts, newest first.")
    expect(titles).to_have_text(["Post 4", "Post 3"])
    expect(page.locator("#newer")).to_be_disabled()
    page.click("#older")
    expect(page.locator("#page-status")).to_have_text("Page 2")
    expect(titles).to_have_text(["Post 2", "Post 1"])
    page.click("#older")
    expect(titles).to_have_text(["Post 0"])
    expect(page.locator("#older")).to_be_disabled()
    page.click("#newer")
    expect(titles).to_have_text(["Post 2", "Post 1"])
    expect(page.locator("#problem")).to_be_empty()


def test_bundled_client_names_the_project_and_both_origins(page, allowed_client, api_url):
    project_name = baked_client_setting("PROJECT_NAME")

    open_bundled_client(page, allowed_client.origin)

    expect(page.get_by_role("heading", level=1)).to_have_text(project_name)
    expect(page).to_have_title(f"{project_name}: posts")
    expect(page.locator("#page-origin")).to_have_text(allowed_client.origin)
    expect(page.locator("#api-base")).to_have_text(api_url)
    expect(page.locator("#script-check")).to_have_count(0)
    # Read aloud and shown alike: "This page: <origin> → API: <url>", spaces kept.
    origins = f"This page: {allowed_client.origin} →, calling the API: {api_url}"
    expect(page.locator(".origins")).to_have_text(origins)


def test_bundled_client_says_the_list_is_empty(page, allowed_client):
    open_bundled_client(page, allowed_client.origin)

    expect(page.locator("#posts-status")).to_contain_text("No posts yet")
    expect(page.locator("#post-list > li")).to_have_count(0)


def test_bundled_client_creates_a_post(page, allowed_client, writer):
    open_bundled_client(page, allowed_client.origin)
    log_in(page, writer)
    expect(page.locator("#posts-status")).to_contain_text("No posts yet")

    page.get_by_label("Title").fill("Written in the browser")
    page.get_by_label("Content").fill("Sent as JSON, after a preflight.")
    page.get_by_role("button", name="Create post").click()

    expect(post_item(page, "Written in the browser")).to_have_count(1)
    expect(page.get_by_label("Title")).to_have_value("")
    post = Post.objects.get()
    assert post.title == "Written in the browser"
    assert post.content == "Sent as JSON, after a preflight."


def test_bundled_client_edits_and_deletes_a_post(page, allowed_client, writer):
    post = Post.objects.create(title="Draft", content="Old text", author=writer)
    open_bundled_client(page, allowed_client.origin)
    log_in(page, writer)

    post_item(page, "Draft").get_by_role("button", name="Edit").click()
    expect(page.locator("#form-heading")).to_have_text("Edit post")
    expect(page.get_by_label("Title")).to_be_focused()
    page.get_by_label("Title").fill("Final")
    page.get_by_role("button", name="Save changes").click()

    expect(post_item(page, "Final")).to_have_count(1)
    expect(page.locator("#form-heading")).to_have_text("New post")
    post.refresh_from_db()
    assert post.title == "Final"

    page.once("dialog", lambda dialog: dialog.accept())
    post_item(page, "Final").get_by_role("button", name="Delete").click()

    expect(page.locator("#posts-status")).to_contain_text("No posts yet")
    assert not Post.objects.exists()


def test_bundled_client_shows_validation_errors_next_to_the_field(page, allowed_client, writer):
    open_bundled_client(page, allowed_client.origin)
    log_in(page, writer)
    expect(page.locator("#posts-status")).to_contain_text("No posts yet")

    # Spaces pass the browser's `required` check; DRF trims them and rejects the blank title.
    page.get_by_label("Title").fill("   ")
    page.get_by_role("button", name="Create post").click()

    expect(page.locator("#title-error")).to_have_text("This field may not be blank.")
    expect(page.get_by_label("Title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#form-error")).to_contain_text("Not saved")
    assert not Post.objects.exists()


def test_bundled_client_says_its_origin_is_blocked_though_the_api_answered(
    page, client_server, api_url, settings, apply_environment
):
    # In a bake that allows every origin, switch that off the way a deployment would.
    apply_environment(CORS_ALLOW_ALL_ORIGINS="False")
    assert not is_allowed_origin(settings, client_server.origin)
    Post.objects.create(title="Hidden from other origins")
    network = NetworkLog(page)

    open_bundled_client(page, client_server.origin)

    problem = page.locator("#problem")
    expect(problem.get_by_role("heading")).to_have_text(BLOCKED_HEADING)
    expect(problem).to_contain_text(client_server.origin)
    expect(problem).to_contain_text(f"CORS_ALLOWED_ORIGINS={client_server.origin}")
    expect(page.locator("#post-list > li")).to_have_count(0)
    save_screenshot(page, "client-blocked.png")
    # The server did answer 200 with the data; the browser withheld it from the page.
    list_url = api_url + "/api/posts/"
    blocked = network.one(list_url, mode="cors")
    assert blocked.status == 200
    assert blocked.cors_error == "MissingAllowOriginHeader"
    assert "access-control-allow-origin" not in blocked.response_headers

    # A JSON POST needs a preflight. The API answers it, without allowing the origin, so
    # the browser never sends the POST itself: nothing reaches the database.
    page.get_by_label("Title").fill("Never stored")
    page.get_by_role("button", name="Create post").click()
    expect(page.locator("#form-error")).to_contain_text("Not saved")
    expect(problem.get_by_role("heading")).to_have_text(BLOCKED_HEADING)
    preflight = network.one(list_url, method="OPTIONS")
    assert preflight.status == 200
    assert "access-control-allow-origin" not in preflight.response_headers
    post = network.one(list_url, method="POST")
    assert (post.status, post.cors_error) == (None, "PreflightMissingAllowOriginHeader")
    assert Post.objects.count() == 1


def test_bundled_client_reads_and_writes_when_all_origins_are_allowed(
    page, client_server, settings, apply_environment, writer
):
    apply_environment(CORS_ALLOW_ALL_ORIGINS="True")
    assert client_server.origin not in settings.CORS_ALLOWED_ORIGINS
    Post.objects.create(title="Open to everyone")

    open_bundled_client(page, client_server.origin)
    expect(post_item(page, "Open to everyone")).to_have_count(1)
    log_in(page, writer)

    page.get_by_label("Title").fill("From anywhere")
    page.get_by_role("button", name="Create post").click()
    if baked_client_setting("AUTH") == "session":
        # CORS now lets every origin read, but a logged-in session's writes still need an
        # origin in CSRF_TRUSTED_ORIGINS: Django's CSRF check refuses this one.
        expect(page.locator("#problem")).to_contain_text("Origin checking failed")
        assert not Post.objects.filter(title="From anywhere").exists()
        return
    expect(post_item(page, "From anywhere")).to_have_count(1)
    assert Post.objects.filter(title="From anywhere").exists()


def test_bundled_client_says_an_unreachable_api_is_no_cors_problem(page):
    # Nothing listens on this port: the client must not blame CORS.
    with ClientServer(f"http://127.0.0.1:{free_port()}") as server:
        open_bundled_client(page, server.origin)

        problem = page.locator("#problem")
        expect(problem.get_by_role("heading")).to_have_text(UNREACHABLE_HEADING)
        expect(problem).to_contain_text("not a CORS problem")
        expect(problem).to_contain_text("API_BASE_URL")
        expect(page.locator("#posts-status")).to_have_text("Posts could not be loaded.")


def test_bundled_client_says_an_api_that_never_answers_timed_out(page):
    with silent_server() as api, ClientServer(api) as server:
        # The page's timers run on a fake clock, so the 15 s timeout passes at once.
        page.clock.install()
        open_bundled_client(page, server.origin)
        expect(page.locator("#posts-status")).to_have_text("Loading posts…")
        page.clock.fast_forward(20_000)

        problem = page.locator("#problem")
        expect(problem.get_by_role("heading")).to_have_text("The API is not answering")
        expect(problem).to_contain_text(f"GET {api}/api/posts/ got no answer within 15 seconds")


def test_bundled_client_sends_credentials_exactly_when_configured(
    page, allowed_client, api_url, settings
):
    send_credentials = baked_client_setting("SEND_CREDENTIALS")
    # Client and API come from the same answer; if they disagree, every request fails.
    assert send_credentials == settings.CORS_ALLOW_CREDENTIALS
    # A cookie the API set earlier, e.g. a session cookie after logging in.
    page.context.add_cookies([{"name": "probe", "value": "42", "url": api_url}])
    Post.objects.create(title="Seen with cookies")
    network = NetworkLog(page)

    open_bundled_client(page, allowed_client.origin)
    expect(post_item(page, "Seen with cookies")).to_have_count(1)

    listing = network.one(api_url + "/api/posts/", mode="cors")
    assert ("probe=42" in listing.request_headers.get("cookie", "")) == send_credentials
    expected = "true" if send_credentials else None
    assert listing.response_headers.get("access-control-allow-credentials") == expected
