"""Settings that a deployment changes through environment variables, without editing code."""


def test_cors_allowed_origins_from_environment_replace_the_baked_list(settings_from_environment):
    origins = "https://app.example.com,http://localhost:4000"

    settings = settings_from_environment(CORS_ALLOWED_ORIGINS=origins)

    assert settings["CORS_ALLOWED_ORIGINS"] == ["https://app.example.com", "http://localhost:4000"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == settings["CORS_ALLOWED_ORIGINS"]


def test_cors_allow_all_origins_from_environment(settings_from_environment):
    assert settings_from_environment(CORS_ALLOW_ALL_ORIGINS="True")["CORS_ALLOW_ALL_ORIGINS"]
    assert not settings_from_environment(CORS_ALLOW_ALL_ORIGINS="False")["CORS_ALLOW_ALL_ORIGINS"]


def test_debug_from_environment(settings_from_environment):
    assert settings_from_environment(DJANGO_DEBUG="False")["DEBUG"] is False
    assert settings_from_environment(DJANGO_DEBUG="True")["DEBUG"] is True


def test_secret_key_comes_from_the_environment_first(settings_from_environment):
    assert settings_from_environment(DJANGO_SECRET_KEY="from-env")["SECRET_KEY"] == "from-env"
