"""System checks of the CORS settings: an allowed origin written other than a browser sends it
(corscheck.W001: django-cors-headers and Django's CSRF check compare text, so an entry such as
`HTTP://LOCALHOST:3000` lets no page in), and allow-all left on in production (corscheck.W002)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from config.origins import judge, source

# Values django-cors-headers itself accepts as they are (sandboxed pages, Chrome on Android files).
SPECIAL_ORIGINS = {"null", "file://"}


@register()
def check_allowed_origins(app_configs=None, **kwargs):
    judged = []
    for name in ("CORS_ALLOWED_ORIGINS", "CSRF_EXTRA_TRUSTED_ORIGINS"):
        origins = getattr(settings, name, [])
        # corsheaders.E006 reports a value that is not a list of strings.
        if not isinstance(origins, str) and all(isinstance(entry, str) for entry in origins):
            judged += [(name, judge(entry)) for entry in origins if entry not in SPECIAL_ORIGINS]
    return [
        Warning(
            f"{name} entry {bad.text!r} (set in {source(name)}) is not an origin as a "
            f"browser sends it: it {bad.reason}.",
            hint=f"Write it as {bad.fix}; origins are compared as text."
            if bad.fix
            else "An origin is scheme://host[:port], as a browser sends it.",
            obj=name,
            id="corscheck.W001",
        )
        for name, bad in judged
        if bad.reason
    ]


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
