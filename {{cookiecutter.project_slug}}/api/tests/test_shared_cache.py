"""Where production counts its limits without CACHE_URL: the database's cache table, which every
gunicorn worker and server shares and `migrate` makes; with DEBUG on, each process's memory;
Redis through api/cache.py when CACHE_URL names it."""

import secrets

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

PRODUCTION = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "api.example.com",
    "CORS_ALLOW_ALL_ORIGINS": "False",
    "OPEN_API_IN_PRODUCTION": "True",  # auth=none's open API, confirmed
}


def test_production_counts_in_the_database_cache(settings_from_environment):
    loaded = settings_from_environment(**PRODUCTION)

    assert loaded["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
    # Failed logins in axes' own table, as exact as before.
    assert loaded["AXES_HANDLER"] == "axes.handlers.database.AxesDatabaseHandler"


def test_development_counts_in_memory(settings_from_environment):
    loaded = settings_from_environment(**{**PRODUCTION, "DJANGO_DEBUG": "True"})

    assert loaded["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")


def test_redis_is_asked_through_the_backend_that_survives_its_outage(settings_from_environment):
    loaded = settings_from_environment(**PRODUCTION, CACHE_URL="redis://10.0.0.5:6379/0")

    assert loaded["CACHES"]["default"]["BACKEND"] == "api.cache.RedisCache"
    assert loaded["AXES_HANDLER"] == "axes.handlers.cache.AxesCacheHandler"


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_the_cache_table(settings_from_environment):
    caches = settings_from_environment(**PRODUCTION)["CACHES"]
    with override_settings(CACHES=caches):
        call_command("migrate", verbosity=0)
        assert "django_cache" in connection.introspection.table_names()
        from django.core.cache import cache

        cache.set("counted", 1)
        assert cache.get("counted") == 1
