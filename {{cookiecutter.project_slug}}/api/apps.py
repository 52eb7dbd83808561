from django.apps import AppConfig
from django.core import checks
from django.core.management import call_command
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db.models.signals import post_migrate

from config.env import old_names_check


class ApiConfig(AppConfig):
    """The API's plumbing, shared by every app's endpoints: the error shape, the health check,
    request parsing, pages, throttling, the schema's additions and the routes' optional slash."""

    name = "api"

    def ready(self):
        # Sent once per app with models (this one has none); after the first, nothing to do.
        post_migrate.connect(create_cache_table, dispatch_uid="api.create_cache_table")
        # Environment variables set under a name they no longer have (config/env.py).
        checks.register(old_names_check)


# Production's default cache when CACHE_URL is unset (settings.py: dbcache://django_cache).
PRODUCTION_CACHE_TABLE = "django_cache"


def create_cache_table(using, **kwargs):
    """`migrate` makes the table of a database cache, as `createcachetable` would: a deployment
    needs no step of its own. Production's default table too when this `migrate` runs with DEBUG
    on (a database made in development, then served). Nothing if it exists."""
    call_command("createcachetable", database=using, verbosity=0)
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(using, PRODUCTION_CACHE_TABLE, dry_run=False)
