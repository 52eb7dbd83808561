"""System checks of the CORS settings: allowed origins written other than a browser sends its
`Origin` header (corscheck.W001), and allow-all left on in production (corscheck.W002, deploy).

django-cors-headers rejects an origin without a scheme or with a path (corsheaders.E013/E014), but
lets `HTTP://LOCALHOST:3000`, `http://example.com:80`, `https://*.example.com` or the space after a
comma in `CORS_ALLOWED_ORIGINS=a, b` pass. It compares host and port as text, and Django's CSRF
check compares CSRF_TRUSTED_ORIGINS (the same list here, plus CSRF_EXTRA_TRUSTED_ORIGINS) as exact
text: such an entry quietly lets no page in.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from .origins import judge, source

# Values django-cors-headers itself accepts as they are (sandboxed pages, Chrome on Android files).
SPECIAL_ORIGINS = {"null", "file://"}


@register()
def check_allowed_origins(app_configs=None, **kwargs):
    return [
        warning
        for name in ("CORS_ALLOWED_ORIGINS", "CSRF_EXTRA_TRUSTED_ORIGINS")
        for warning in origin_warnings(name, getattr(settings, name, []))
    ]


def origin_warnings(name, origins):
    if isinstance(origins, str) or not all(isinstance(entry, str) for entry in origins):
        return []  # corsheaders.E006 reports a value that is not a list of strings
    where = source(name)
    warnings = []
    for entry in origins:
        if entry in SPECIAL_ORIGINS:
            continue
        judged = judge(entry)
        if not judged.reason:
            continue
        warnings.append(
            Warning(
                f"{name} entry {entry!r} (set in {where}) is not an origin as a "
                f"browser sends it: it {judged.reason}.",
                hint=(
                    f"Write it as {judged.fix}; origins are compared as text."
                    if judged.fix
                    else "An origin is scheme://host[:port], as a browser sends it."
                ),
                obj=name,
                id="corscheck.W001",
            )
        )
    return warnings


@register(Tags.security, deploy=True)
def check_allow_all_origins_is_meant(app_configs=None, **kwargs):
    """Allow-all in production must be a decision, not a development setting left on."""
    if not settings.CORS_ALLOW_ALL_ORIGINS or settings.CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION:
        return []
    return [
        Warning(
            "CORS_ALLOW_ALL_ORIGINS is True: scripts on every web site can read this API's "
            "responses.",
            hint=(
                "List your front ends in CORS_ALLOWED_ORIGINS and set "
                "CORS_ALLOW_ALL_ORIGINS=False; or, for an API meant to be public, confirm with "
                "CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION=True."
            ),
            obj="CORS_ALLOW_ALL_ORIGINS",
            id="corscheck.W002",
        )
    ]
