"""The environment this project reads: the process's variables, then `.env` beside manage.py for
what they leave unset (see .env.example). config/settings.py and the API's classes read it.

One naming scheme: `DJANGO_<SETTING>` for Django's own settings, a library's own setting name for
that library's (`CORS_ALLOWED_ORIGINS`, `AXES_FAILURE_LIMIT`), `DATABASE_URL` and `CACHE_URL` for
connections (django-environ's URLs), `API_` for the API's own bounds.
"""

from collections.abc import MutableMapping
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

# Old name: new name. The old names are still read for now, and `manage.py check` says so.
RENAMED = {
    "LOGIN_FAILURE_LIMIT": "AXES_FAILURE_LIMIT",
    "LOGIN_LOCKOUT_MINUTES": "AXES_COOLOFF_MINUTES",
    "POST_CONTENT_MAX_LENGTH": "API_POST_CONTENT_MAX_LENGTH",
}


def adopt_old_names(variables: MutableMapping[str, str]) -> list[str]:
    """Give each new name the value of its old one where only the old one is set (the new one
    wins when both are); return the old names that are set."""
    old_names = [old for old in RENAMED if old in variables]
    for old in old_names:
        variables.setdefault(RENAMED[old], variables[old])
    return old_names


def old_names_check(app_configs=None, **kwargs):
    """A system check (config.W001): a warning for each old name still set."""
    from django.core.checks import Warning

    return [
        Warning(
            f"The environment variable {old} is now called {RENAMED[old]}; {old} is still read "
            "for now, but will not be.",
            hint=f"Rename {old} to {RENAMED[old]} where it is set (.env, the server's settings).",
            id="config.W001",
        )
        for old in RENAMED
        if old in env.ENVIRON
    ]


env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # variables set in the environment win over .env's
adopt_old_names(env.ENVIRON)
