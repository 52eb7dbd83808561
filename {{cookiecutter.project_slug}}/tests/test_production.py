"""Production (DJANGO_DEBUG=False): HTTPS behind a TLS-terminating proxy, CORS headers kept."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from corscheck.checks import check_allow_all_origins_is_meant

PROJECT_DIR = Path(__file__).resolve().parent.parent
LIST_URL = "/api/posts/"
FRONT_END = "https://app.example.com"
NOT_ALLOWED = "https://not-allowed.example"
# What a deployment sets, as in the README's production recipe.
PRODUCTION = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "api.example.com",
    "CORS_ALLOWED_ORIGINS": FRONT_END,
    "CORS_ALLOW_ALL_ORIGINS": "False",
}
HTTPS_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


def manage(*args, **variables):
    """`python manage.py *args` in a fresh process with the production environment."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env={**os.environ, **PRODUCTION, **variables},
        capture_output=True,
        text=True,
    )


def deploy_check(**variables):
    return manage("check", "--deploy", "--fail-level", "WARNING", **variables)


def test_deploy_check_passes_in_production():
    result = deploy_check()

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_with_development_settings():
    result = deploy_check(DJANGO_DEBUG="True")

    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG=True in deployment


def test_allow_all_origins_in_production_warns_until_confirmed():
    unconfirmed = deploy_check(CORS_ALLOW_ALL_ORIGINS="True")
    confirmed = deploy_check(
        CORS_ALLOW_ALL_ORIGINS="True", CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION="True"
    )

    assert unconfirmed.returncode != 0
    assert "corscheck.W002" in unconfirmed.stderr
    assert confirmed.returncode == 0, confirmed.stderr


def test_allow_all_check(settings):
    settings.CORS_ALLOW_ALL_ORIGINS = True
    settings.CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION = False
    assert [warning.id for warning in check_allow_all_origins_is_meant(None)] == ["corscheck.W002"]

    settings.CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION = True
    assert check_allow_all_origins_is_meant(None) == []

    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION = False
    assert check_allow_all_origins_is_meant(None) == []


@pytest.fixture
def production(settings, settings_from_environment):
    """This test process with the HTTPS settings production derives from its environment."""
    production_settings = settings_from_environment(**PRODUCTION)
    for name in HTTPS_SETTINGS:
        setattr(settings, name, production_settings[name])
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = [FRONT_END]
    return settings


@pytest.mark.django_db
def test_behind_the_proxy_an_api_response_carries_cors_and_hsts_headers(client, production):
    response = client.get(LIST_URL, headers={"Origin": FRONT_END, "X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == FRONT_END
    assert response.headers["Strict-Transport-Security"].startswith("max-age=3600")


def test_behind_the_proxy_a_preflight_is_answered(client, production):
    response = client.options(
        LIST_URL,
        headers={
            "Origin": FRONT_END,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
            "X-Forwarded-Proto": "https",
        },
    )

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == FRONT_END
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


def test_plain_http_is_redirected_to_https_with_cors_headers(client, production):
    response = client.get(LIST_URL, headers={"Origin": FRONT_END})

    # The browser may follow the redirect only because it carries the CORS headers.
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://testserver{LIST_URL}"
    assert response.headers["Access-Control-Allow-Origin"] == FRONT_END


def test_plain_http_preflight_is_answered_before_any_redirect(client, production):
    response = client.options(
        LIST_URL, headers={"Origin": FRONT_END, "Access-Control-Request-Method": "POST"}
    )

    # A browser fails a preflight that is redirected; CorsMiddleware answers it first.
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == FRONT_END


@pytest.mark.django_db
def test_origin_not_allowed_gets_no_cors_headers_in_production(client, production):
    response = client.get(LIST_URL, headers={"Origin": NOT_ALLOWED, "X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
