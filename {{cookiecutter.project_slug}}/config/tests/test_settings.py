"""Settings that a deployment changes through environment variables, without editing code
(production's own defaults and refusals: test_production.py)."""


def test_cors_allowed_origins_from_environment_replace_the_baked_list(settings_from_environment):
    origins = "https://app.example.com,http://localhost:4000"

    settings = settings_from_environment(CORS_ALLOWED_ORIGINS=origins)

    assert settings["CORS_ALLOWED_ORIGINS"] == ["https://app.example.com", "http://localhost:4000"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == settings["CORS_ALLOWED_ORIGINS"]


def test_csrf_trusts_the_cors_origins_and_the_extra_ones(settings_from_environment):
    baked = settings_from_environment()

    settings = settings_from_environment(CSRF_EXTRA_TRUSTED_ORIGINS="http://localhost:8080")

    assert baked["CSRF_TRUSTED_ORIGINS"] == baked["CORS_ALLOWED_ORIGINS"]
    extra = "http://localhost:8080"
    assert settings["CSRF_TRUSTED_ORIGINS"] == [*baked["CORS_ALLOWED_ORIGINS"], extra]


def test_cors_allow_all_origins_from_environment(settings_from_environment):
    assert settings_from_environment(CORS_ALLOW_ALL_ORIGINS="True")["CORS_ALLOW_ALL_ORIGINS"]
    assert not settings_from_environment(CORS_ALLOW_ALL_ORIGINS="False")["CORS_ALLOW_ALL_ORIGINS"]


def test_debug_from_environment(settings_from_environment):
    assert settings_from_environment(DJANGO_DEBUG="True")["DEBUG"] is True


def test_secret_key_comes_from_the_environment_first(settings_from_environment):
    assert settings_from_environment(DJANGO_SECRET_KEY="from-env")["SECRET_KEY"] == "from-env"


def test_development_keeps_plain_http(settings_from_environment):
    settings = settings_from_environment(DJANGO_DEBUG="True")

    assert "SECURE_PROXY_SSL_HEADER" not in settings
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SESSION_COOKIE_SECURE"] is settings["CSRF_COOKIE_SECURE"] is False


def test_database_url_from_environment(settings_from_environment):
    postgres = settings_from_environment(DATABASE_URL="postgres://u:pw@db.example:5433/blog")
    sqlite = settings_from_environment(DATABASE_URL="sqlite:////srv/blog/db.sqlite3")

    database = postgres["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example", 5433, "blog")
    assert (database["USER"], database["PASSWORD"]) == ("u", "pw")
    assert sqlite["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["DATABASES"]["default"]["NAME"] == "/srv/blog/db.sqlite3"


def test_cache_is_each_process_memory_unless_cache_url_names_a_shared_one(
    settings_from_environment,
):
    default = settings_from_environment()["CACHES"]["default"]
    assert default["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"

    shared = settings_from_environment(CACHE_URL="dbcache://django_cache")["CACHES"]["default"]
    assert shared["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert shared["LOCATION"] == "django_cache"
