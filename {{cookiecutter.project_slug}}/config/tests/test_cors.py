"""CORS behaviour of the API, as a browser sees it, for whatever origins settings allow."""

import pytest
from django.conf import settings

from api.tests.urls import NOTES_URL as LIST_URL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("api.tests.urls")]

NOT_ALLOWED = "http://not-allowed.example"
# The origins this project allows, as configured: baked answers or the environment's override.
ALLOWED_ORIGINS = list(settings.CORS_ALLOWED_ORIGINS)
# An allowed origin for the tests that need one, even in a bake that allows every origin.
SOME_ALLOWED = ALLOWED_ORIGINS[0] if ALLOWED_ORIGINS else "http://localhost:3000"


def preflight(client, origin, method="POST"):
    return client.options(
        LIST_URL,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "content-type",
        },
    )


def test_settings_allow_some_origin():
    assert ALLOWED_ORIGINS or settings.CORS_ALLOW_ALL_ORIGINS
    assert NOT_ALLOWED not in ALLOWED_ORIGINS


def test_cors_middleware_is_above_anything_that_can_answer_early():
    middleware = settings.MIDDLEWARE
    cors = middleware.index("corsheaders.middleware.CorsMiddleware")
    assert cors < middleware.index("django.middleware.common.CommonMiddleware")
    assert cors < middleware.index("django.middleware.security.SecurityMiddleware")
    # WhiteNoise above it would answer static files with its own `*` for every origin.
    assert cors < middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")


def test_each_allowed_origin_gets_its_origin_back(client, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = ALLOWED_ORIGINS or [SOME_ALLOWED]

    for origin in settings.CORS_ALLOWED_ORIGINS:
        response = client.get(LIST_URL, headers={"Origin": origin})

        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == origin


def test_origin_not_allowed_gets_200_without_cors_header(client, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False

    response = client.get(LIST_URL, headers={"Origin": NOT_ALLOWED})

    # The server answers; it is the browser that throws the response away.
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_configured_mode_decides_for_an_unknown_origin(client):
    response = client.get(LIST_URL, headers={"Origin": NOT_ALLOWED})

    if settings.CORS_ALLOW_ALL_ORIGINS:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    else:
        assert "Access-Control-Allow-Origin" not in response.headers


def test_preflight_from_allowed_origin_is_answered(client, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = [SOME_ALLOWED]

    response = preflight(client, SOME_ALLOWED)

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == SOME_ALLOWED
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"]


def test_preflight_from_origin_not_allowed_is_not_answered(client, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False

    response = preflight(client, NOT_ALLOWED)

    # Still 200, but without the headers the browser needs, so it never sends the real request.
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers


def test_allow_all_answers_any_origin_with_a_star(client, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = True
    settings.CORS_ALLOW_CREDENTIALS = False

    response = client.get(LIST_URL, headers={"Origin": NOT_ALLOWED})

    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_a_page_may_read_how_long_to_wait(client, settings):
    """Retry-After is no CORS-safelisted header: without the list a page sees a 429 and no wait."""
    response = client.get(LIST_URL, headers={"Origin": SOME_ALLOWED})
    exposed = response.headers.get("Access-Control-Expose-Headers", "")
    assert "retry-after" in exposed.lower(), response.headers


def test_credentials_mode_allows_credentials(client, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = [SOME_ALLOWED]
    settings.CORS_ALLOW_CREDENTIALS = True

    response = client.get(LIST_URL, headers={"Origin": SOME_ALLOWED})

    assert response.headers["Access-Control-Allow-Origin"] == SOME_ALLOWED
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


def test_configured_credentials_mode(client, settings):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = [SOME_ALLOWED]

    response = client.get(LIST_URL, headers={"Origin": SOME_ALLOWED})

    allowed = response.headers.get("Access-Control-Allow-Credentials") == "true"
    assert allowed is settings.CORS_ALLOW_CREDENTIALS


def test_a_redirect_to_https_still_carries_cors_header(client, settings):
    """CorsMiddleware sits above SecurityMiddleware: production's redirect of plain http to
    https reaches the page with its CORS headers, so the browser follows it."""
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = [SOME_ALLOWED]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get(LIST_URL, headers={"Origin": SOME_ALLOWED})

    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")
    assert response.headers["Access-Control-Allow-Origin"] == SOME_ALLOWED


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin"])
def test_only_the_api_answers_other_origins(client, settings, path):
    """CORS_URLS_REGEX: the admin is for this site's own pages; another origin gets no CORS
    header from it, even an allowed one."""
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = [SOME_ALLOWED]

    response = client.get(path, headers={"Origin": SOME_ALLOWED})

    assert "Access-Control-Allow-Origin" not in response.headers
    api = client.get(LIST_URL, headers={"Origin": SOME_ALLOWED})
    assert api.headers["Access-Control-Allow-Origin"] == SOME_ALLOWED
