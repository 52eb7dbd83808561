"""Production (DJANGO_DEBUG=False): HTTPS behind a TLS-terminating proxy, CORS headers kept."""

import secrets
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from config.startup_checks import RefusedSettings
from corscheck.checks import check_allow_all_origins_is_meant, check_writes_need_a_login

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
{%- if cookiecutter.auth == "none" %}
    # auth=none: the open API confirmed, else corscheck.W003 (see the test below).
    "OPEN_API_IN_PRODUCTION": "True",
{%- endif %}
}
HTTPS_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


@pytest.fixture
def deploy_check(settings, settings_from_environment):
    """deploy_check(**variables) -> (passed, report) of `manage.py check --deploy --fail-level
    WARNING` under the settings a process with the production environment (plus these variables)
    loads. In this process, changing only the settings that differ: a fresh process per check
    would cost more than all the other tests here (the template tests run the real command)."""

    def check(**variables):
        loaded = settings_from_environment(**{**PRODUCTION, **variables})
        for name, value in loaded.items():
            if name.isupper() and name != "DATABASES" and getattr(settings, name, None) != value:
                setattr(settings, name, value)
        output = StringIO()
        try:
            call_command("check", "--deploy", "--fail-level", "WARNING", stdout=output)
        except SystemCheckError as failure:
            return False, str(failure)
        return True, output.getvalue()

    return check


def test_deploy_check_passes_in_production(deploy_check):
    passed, report = deploy_check()

    assert passed, report
    assert "no issues" in report


def test_deploy_check_fails_with_development_settings(deploy_check):
    passed, report = deploy_check(DJANGO_DEBUG="True")

    assert not passed
    assert "security.W018" in report  # DEBUG=True in deployment


def test_allow_all_origins_in_production_is_refused_until_confirmed(deploy_check):
    with pytest.raises(RefusedSettings, match="CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION=True"):
        deploy_check(CORS_ALLOW_ALL_ORIGINS="True")
    confirmed = deploy_check(
        CORS_ALLOW_ALL_ORIGINS="True", CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION="True"
    )

    assert confirmed[0], confirmed[1]


def test_allow_all_check(settings):
    settings.CORS_ALLOW_ALL_ORIGINS = True
    settings.CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION = False
    assert [warning.id for warning in check_allow_all_origins_is_meant(None)] == ["corscheck.W002"]

    settings.CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION = True
    assert check_allow_all_origins_is_meant(None) == []

    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION = False
    assert check_allow_all_origins_is_meant(None) == []
{%- if cookiecutter.auth == "none" %}


def test_open_api_in_production_warns_until_confirmed(deploy_check):
    unconfirmed = deploy_check(OPEN_API_IN_PRODUCTION="False")
    confirmed = deploy_check(OPEN_API_IN_PRODUCTION="True")

    assert not unconfirmed[0]
    assert "corscheck.W003" in unconfirmed[1]
    assert "Anyone may create, change and delete posts" in unconfirmed[1]
    assert confirmed[0], confirmed[1]


def test_open_api_check(settings):
    settings.OPEN_API_IN_PRODUCTION = False
    assert [warning.id for warning in check_writes_need_a_login(None)] == ["corscheck.W003"]

    settings.OPEN_API_IN_PRODUCTION = True
    assert check_writes_need_a_login(None) == []
{%- else %}


def test_writes_need_a_login_so_no_open_api_warning(settings):
    settings.OPEN_API_IN_PRODUCTION = False

    assert check_writes_need_a_login(None) == []
{%- endif %}


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
