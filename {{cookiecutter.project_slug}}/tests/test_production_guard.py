"""Production settings that would serve wrongly refuse to load (config/startup_checks.py), one line
per problem naming the variable, the bad value and the fix; development loads them anyway."""

import secrets

import pytest

from config.startup_checks import RefusedSettings

GOOD = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "CORS_ALLOWED_ORIGINS": "https://app.example.com",
    "CORS_ALLOW_ALL_ORIGINS": "False",
}
# variables on top of GOOD -> what the one-line refusal must say
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
        settings_from_environment(**{**GOOD, **variables})

    message = str(refused.value)
    assert "\n" not in message
    for part in expected:
        assert part in message


@pytest.mark.parametrize("variables, expected", REFUSED.values(), ids=REFUSED.keys())
def test_development_loads_the_same_settings(settings_from_environment, variables, expected):
    loaded = settings_from_environment(**{**GOOD, **variables, "DJANGO_DEBUG": "True"})

    assert loaded["DEBUG"] is True


def test_good_production_settings_load(settings_from_environment):
    assert settings_from_environment(**GOOD)["DEBUG"] is False


def test_confirmed_allow_all_loads(settings_from_environment):
    confirmed = {"CORS_ALLOW_ALL_ORIGINS": "True", "CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION": "True"}
    loaded = settings_from_environment(**{**GOOD, **confirmed})

    assert loaded["CORS_ALLOW_ALL_ORIGINS"] is True


def test_each_problem_gets_a_line_of_its_own(settings_from_environment):
    with pytest.raises(RefusedSettings) as refused:
        settings_from_environment(
            **{**GOOD, "DJANGO_SECRET_KEY": "", "CORS_ALLOWED_ORIGINS": "*,http://a.example/"}
        )

    lines = str(refused.value).splitlines()
    named = [line.split()[0] for line in lines]
    assert named == ["DJANGO_SECRET_KEY", "CORS_ALLOWED_ORIGINS", "CORS_ALLOWED_ORIGINS"]
