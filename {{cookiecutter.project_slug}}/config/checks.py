"""System checks for this project's own settings; `manage.py check --deploy` runs them."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def allow_all_origins_is_confirmed(app_configs, **kwargs):
    """Allow-all in production must be a decision, not a development setting left on."""
    if settings.CORS_ALLOW_ALL_ORIGINS and not settings.CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION:
        return [
            checks.Warning(
                "CORS_ALLOW_ALL_ORIGINS is True: scripts on every web site can read this API's "
                "responses.",
                hint=(
                    "List your front ends in CORS_ALLOWED_ORIGINS and set "
                    "CORS_ALLOW_ALL_ORIGINS=False; or, for an API meant to be public, confirm "
                    "with CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION=True."
                ),
                id="config.W001",
            )
        ]
    return []
