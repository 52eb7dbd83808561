"""What CORS lets a page on another origin do with the API, in a real Chromium: a probe page of
the tests' own (browser_support.ProbeServer) calls the live API with fetch(), so these hold
whatever client/ holds, the bundled client rewritten or deleted included.

The API runs on pytest-django's live_server; Chromium must be installed (without it these tests
are skipped, or fail when the CI environment variable is set).
"""

import pytest
from browser_support import NetworkLog, ProbeServer, probe_fetch

from posts.models import Post

pytestmark = pytest.mark.browser


@pytest.fixture
def api_url(live_server, settings):
    # live_server listens on 127.0.0.1 (IPv4) under the name localhost; Chromium would try
    # ::1 first for localhost, so name the address itself.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    return live_server.url.replace("://localhost:", "://127.0.0.1:")


@pytest.fixture
def probe(page):
    """The probe page open in Chromium on an origin of its own (allowed by no setting yet)."""
    with ProbeServer() as server:
        page.goto(server.origin)
        yield server


def allow(apply_environment, origin):
    """Only this origin allowed, as `CORS_ALLOWED_ORIGINS=<origin>` in .env would."""
    apply_environment(CORS_ALLOW_ALL_ORIGINS="False", CORS_ALLOWED_ORIGINS=origin)


def test_an_allowed_origin_reads_the_api_and_gets_past_the_preflight(
    page, probe, api_url, apply_environment
):
    allow(apply_environment, probe.origin)
    Post.objects.create(title="Readable")
    network = NetworkLog(page)

    listing = probe_fetch(page, f"{api_url}/api/posts/")
    # A JSON body makes the POST preflighted; the API allows it, so the POST is sent, and its
    # answer (created, or refused for want of a login) is the page's to read.
    write = probe_fetch(page, f"{api_url}/api/posts/", "POST", json={"title": "From the probe"})

    assert listing["status"] == 200, listing
    assert "Readable" in listing["body"]
    assert write.get("status") in {201, 401, 403}, write
    preflight = network.one(f"{api_url}/api/posts/", method="OPTIONS")
    assert preflight.response_headers["access-control-allow-origin"] == probe.origin


def test_an_origin_not_allowed_is_blocked_though_the_api_answered(
    page, probe, api_url, apply_environment
):
    allow(apply_environment, "https://app.example")
    Post.objects.create(title="Hidden from other origins")
    network = NetworkLog(page)
    url = f"{api_url}/api/posts/"

    listing = probe_fetch(page, url)
    write = probe_fetch(page, url, "POST", json={"title": "Never stored"})

    # The page gets a bare TypeError; the server did answer 200 with the data.
    assert "error" in listing, listing
    blocked = network.one(url, mode="cors")
    assert (blocked.status, blocked.cors_error) == (200, "MissingAllowOriginHeader")
    assert "access-control-allow-origin" not in blocked.response_headers
    # The preflight is answered without allowing the origin, so the POST itself is never sent.
    assert "error" in write, write
    preflight = network.one(url, method="OPTIONS")
    assert preflight.status == 200
    assert "access-control-allow-origin" not in preflight.response_headers
    post = network.one(url, method="POST")
    assert (post.status, post.cors_error) == (None, "PreflightMissingAllowOriginHeader")
    assert Post.objects.count() == 1


def test_allow_all_origins_lets_any_origin_read(page, probe, api_url, settings, apply_environment):
    apply_environment(CORS_ALLOW_ALL_ORIGINS="True")
    assert probe.origin not in settings.CORS_ALLOWED_ORIGINS

    listing = probe_fetch(page, f"{api_url}/api/posts/")

    assert listing.get("status") == 200, listing


@pytest.mark.parametrize("allow_credentials", [True, False], ids=["credentials", "none"])
def test_a_page_sending_cookies_reads_the_answer_only_if_the_api_allows_credentials(
    page, probe, api_url, settings, apply_environment, allow_credentials
):
    allow(apply_environment, probe.origin)
    settings.CORS_ALLOW_CREDENTIALS = allow_credentials
    page.context.add_cookies([{"name": "probe", "value": "42", "url": api_url}])
    network = NetworkLog(page)

    with_cookies = probe_fetch(page, f"{api_url}/api/posts/", credentials="include")

    sent = network.one(f"{api_url}/api/posts/", mode="cors")
    assert "probe=42" in sent.request_headers.get("cookie", "")
    if allow_credentials:
        assert with_cookies.get("status") == 200, with_cookies
        assert sent.response_headers["access-control-allow-credentials"] == "true"
    else:
        # The API answered, without Access-Control-Allow-Credentials: the page may not read it.
        assert "error" in with_cookies, with_cookies
        assert sent.status == 200
        assert "access-control-allow-credentials" not in sent.response_headers
