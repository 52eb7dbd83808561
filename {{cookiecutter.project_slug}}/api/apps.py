from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


class ApiConfig(AppConfig):
    """The API's plumbing, shared by every app's endpoints: the error shape, the health check,
    request parsing, pages, throttling, the schema's additions and the routes' optional slash."""

    name = "api"

    def ready(self):
        # Sent once per app with models (this one has none); after the first, nothing to do.
        post_migrate.connect(create_cache_table, dispatch_uid="api.create_cache_table")


def create_cache_table(using, **kwargs):
    """`migrate` makes the table of a database cache (production's default, settings.py), as
    `createcachetable` would: a deployment needs no step of its own. Nothing if it exists."""
    call_command("createcachetable", database=using, verbosity=0)
