"""Start-up checks: settings a production server would run with, but wrongly, stop it at start-up.

gunicorn and uvicorn never run Django's system checks, so a setting that `manage.py check` rejects
still serves. settings.py calls refuse_to_serve() last, so with DJANGO_DEBUG=False every server and
manage.py stop with one line per problem, naming the variable, the bad value and the fix: a missing,
empty or short secret key, an allowed origin that no browser sends, allow-all not confirmed. In
development the system checks (corscheck.W001, and Django's own) warn instead, so a typo does not
lock anyone out.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from config.origins import judge

NEW_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
EXAMPLE_ORIGIN = "https://app.example.com"
# Lists of origins a browser's Origin header is compared with as text (CSRF_TRUSTED_ORIGINS is
# the two together), each named as the variable that sets it.
ORIGIN_LISTS = ("CORS_ALLOWED_ORIGINS", "CSRF_EXTRA_TRUSTED_ORIGINS")


class RefusedSettings(ImproperlyConfigured):
    """Settings this project refuses to serve with in production; one problem per line."""


def refuse_to_serve(settings: Mapping, environment: Mapping[str, str]) -> None:
    """Raise RefusedSettings when production settings would serve wrongly; nothing in development.

    `settings` are the names settings.py defined, `environment` the variables it read them from.
    """
    if settings["DEBUG"]:
        return
    problems = [*secret_key_problems(settings["SECRET_KEY"])]
    for name in ORIGIN_LISTS:
        problems += origin_problems(name, list(settings.get(name, [])), environment)
    if settings["CORS_ALLOW_ALL_ORIGINS"] and not settings["CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION"]:
        problems.append(
            "CORS_ALLOW_ALL_ORIGINS=True lets scripts on every web site read this API's "
            "responses: set CORS_ALLOW_ALL_ORIGINS=False and list your front ends in "
            "CORS_ALLOWED_ORIGINS, or confirm a public API with "
            "CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION=True"
        )
    if problems:
        raise RefusedSettings("\n".join(problems))


def secret_key_problems(key: str) -> list[str]:
    """Django's own rule for a key good enough for production (security.W009), as a refusal."""
    if not key:
        problem = "is missing or empty"
    elif len(key) < SECRET_KEY_MIN_LENGTH:
        problem = f"has {len(key)} characters, fewer than {SECRET_KEY_MIN_LENGTH}"
    elif len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        problem = f"has fewer than {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters"
    elif key.startswith(SECRET_KEY_INSECURE_PREFIX):
        problem = f"starts with {SECRET_KEY_INSECURE_PREFIX!r}, the mark of a generated example"
    else:
        return []
    return [
        f"DJANGO_SECRET_KEY {problem}: production needs a long random key of its own; make one "
        f'with {NEW_KEY} and keep it in the server\'s secret store as DJANGO_SECRET_KEY="..."'
    ]


def origin_problems(name: str, entries: list[str], environment: Mapping[str, str]) -> list[str]:
    """Entries no browser sends as its Origin, each with corscheck's reason and fix."""
    if not entries and environment.get(name, None) is not None:
        return [
            f"{name} is set but empty, so no page on another origin can read the API: list your "
            f"front ends, e.g. {name}={EXAMPLE_ORIGIN}, or remove the variable"
        ]
    problems, fixed = [], {}
    for entry in entries:
        judged = judge(entry)
        if judged.fix:
            fixed.setdefault(judged.fix)
        if judged.reason:
            problems.append((entry, judged.reason, judged.fix))
    if not problems:
        return []
    where = ".env or the environment" if name in environment else "config/settings.py"
    value = f"{name}={','.join(fixed)}" if fixed else f"{name}={EXAMPLE_ORIGIN} (your front end)"
    return [
        f"{name} entry {entry!r} (set in {where}) is not an origin a browser sends: it {reason}; "
        + (f"write it as {fix}, " if fix else "leave it out, ")
        + f"e.g. {value}"
        for entry, reason, fix in problems
    ]


def main() -> int:
    """`python -m config.startup_checks`: load the settings as a server would; print each refusal
    on a line of its own and exit 1, or exit 0. gunicorn.conf.py runs it before workers start."""
    import os
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    try:
        _ = settings.INSTALLED_APPS
    except ImproperlyConfigured as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
