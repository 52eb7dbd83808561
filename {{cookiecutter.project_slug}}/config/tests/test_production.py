"""Production (DJANGO_DEBUG=False): settings that would serve wrongly refuse to load
(config/startup_checks.py), one line per problem naming the variable, the bad value and the fix;
`check --deploy` passes; HTTPS behind a TLS-terminating proxy, CORS headers kept."""

import secrets
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from api.tests.urls import NOTES_URL as LIST_URL
from config.startup_checks import RefusedSettings
from corscheck.checks import check_allow_all_origins_is_meant

pytestmark = pytest.mark.urls("api.tests.urls")
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
    # auth=none: the open API confirmed, else posts.W001 (see the test below).
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

# variables on top of PRODUCTION -> what the one-line refusal must say
REFUSED = {
    "empty secret key": ({"DJANGO_SECRET_KEY": ""}, ["DJANGO_SECRET_KEY", "missing or empty"]),
    "short secret key": ({"DJANGO_SECRET_KEY": "change-me"}, ["9 characters, fewer than 50"]),
    "same character": ({"DJANGO_SECRET_KEY": "a" * 60}, ["fewer than 5 different characters"]),
    "insecure prefix": (
        {"DJANGO_SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)},
        ["'django-insecure-'"],
    ),
    "wildcard origin": (
        {"CORS_ALLOWED_ORIGINS": "*"},
        ["CORS_ALLOWED_ORIGINS entry '*'", "wildcard", "CORS_ALLOWED_ORIGINS=https://"],
    ),
    "empty origins": (
        {"CORS_ALLOWED_ORIGINS": ""},
        ["CORS_ALLOWED_ORIGINS is set but empty", "CORS_ALLOWED_ORIGINS=https://app.example.com"],
    ),
    "space after the comma": (
        {"CORS_ALLOWED_ORIGINS": "https://a.example, https://b.example"},
        [
            "' https://b.example'",
            "spaces around it",
            "CORS_ALLOWED_ORIGINS=https://a.example,https://b.example",
        ],
    ),
    "trailing slash": (
        {"CORS_ALLOWED_ORIGINS": "https://app.example.com/"},
        ["trailing slash", "write it as https://app.example.com,"],
    ),
    "no scheme": (
        {"CORS_ALLOWED_ORIGINS": "app.example.com"},
        ["no scheme", "write it as https://app.example.com"],
    ),
    "upper case and default port": (
        {"CORS_ALLOWED_ORIGINS": "HTTPS://App.Example.com:443"},
        ["upper case", "default port", "write it as https://app.example.com"],
    ),
    "extra CSRF origin with a path": (
        {"CSRF_EXTRA_TRUSTED_ORIGINS": "http://localhost:8080/admin"},
        ["CSRF_EXTRA_TRUSTED_ORIGINS entry 'http://localhost:8080/admin'", "(set in .env"],
    ),
    "unconfirmed allow-all": (
        {"CORS_ALLOW_ALL_ORIGINS": "True"},
        ["CORS_ALLOW_ALL_ORIGINS=True", "CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION=True"],
    ),
}


@pytest.mark.parametrize("variables, expected", REFUSED.values(), ids=REFUSED.keys())
def test_production_refuses_a_bad_setting_in_one_line(
    settings_from_environment, variables, expected
):
    with pytest.raises(RefusedSettings) as refused:
        settings_from_environment(**{**PRODUCTION, **variables})

    message = str(refused.value)
    assert "\n" not in message
    for part in expected:
        assert part in message


@pytest.mark.parametrize("variables, expected", REFUSED.values(), ids=REFUSED.keys())
def test_development_loads_the_same_settings(settings_from_environment, variables, expected):
    loaded = settings_from_environment(**{**PRODUCTION, **variables, "DJANGO_DEBUG": "True"})

    assert loaded["DEBUG"] is True


def test_confirmed_allow_all_loads(settings_from_environment):
    confirmed = {"CORS_ALLOW_ALL_ORIGINS": "True", "CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION": "True"}
    loaded = settings_from_environment(**{**PRODUCTION, **confirmed})

    assert loaded["CORS_ALLOW_ALL_ORIGINS"] is True


def test_each_problem_gets_a_line_of_its_own(settings_from_environment):
    two_problems = {"DJANGO_SECRET_KEY": "", "CORS_ALLOWED_ORIGINS": "*,http://a.example/"}
    with pytest.raises(RefusedSettings) as refused:
        settings_from_environment(**{**PRODUCTION, **two_problems})

    lines = str(refused.value).splitlines()
    named = [line.split()[0] for line in lines]
    assert named == ["DJANGO_SECRET_KEY", "CORS_ALLOWED_ORIGINS", "CORS_ALLOWED_ORIGINS"]


def test_production_settings_load(settings_from_environment):
    loaded = settings_from_environment(**PRODUCTION)

    assert loaded["DEBUG"] is False
    # Django's own slow password hashers: the fast one is for the tests alone (conftest.py).
    assert "PASSWORD_HASHERS" not in loaded


def test_production_is_https_behind_a_proxy_with_collected_static_files(settings_from_environment):
    settings = settings_from_environment(**PRODUCTION)

    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 3600
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is settings["SECURE_HSTS_PRELOAD"] is True
    assert settings["SESSION_COOKIE_SECURE"] is settings["CSRF_COOKIE_SECURE"] is True
    static = settings["STORAGES"]["staticfiles"]["BACKEND"]
    assert static == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_each_https_setting_can_be_changed_from_the_environment(settings_from_environment):
    settings = settings_from_environment(
        **PRODUCTION,
        DJANGO_SECURE_PROXY_SSL_HEADER="False",
        DJANGO_SECURE_SSL_REDIRECT="False",
        DJANGO_SECURE_HSTS_SECONDS="31536000",
        DJANGO_SECURE_HSTS_PRELOAD="False",
    )

    assert "SECURE_PROXY_SSL_HEADER" not in settings
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 31536000
    assert settings["SECURE_HSTS_PRELOAD"] is False


def test_production_reuses_database_connections(settings_from_environment):
    production = settings_from_environment(**PRODUCTION)["DATABASES"]["default"]
    development = settings_from_environment(DJANGO_DEBUG="True")["DATABASES"]["default"]

    assert production["CONN_MAX_AGE"] == 60
    assert development["CONN_MAX_AGE"] == 0


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
