"""Where the log goes: stderr, one record per line (plain text, or JSON for log collectors).

Django on its own logs nothing in production (DEBUG=False) but mails ADMINS, and this project has
none: a 500 would leave no trace. settings.py sets LOGGING = logging_config(...) instead.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from django.core.exceptions import ImproperlyConfigured


def logging_config(level: str = "INFO", fmt: str = "plain") -> dict:
    """Every logger's records at `level` and above to stderr: django.request's 5xx (with the
    traceback) and 4xx, django.security.* (CSRF failures, disallowed hosts), and your own."""
    if not isinstance(logging.getLevelName(level), int):
        raise ImproperlyConfigured(
            f"DJANGO_LOG_LEVEL={level!r} is no log level: use DEBUG, INFO, WARNING or ERROR"
        )
    if fmt not in {"plain", "json"}:
        raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT={fmt!r} is no log format: use plain or json")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": {"()": "config.log.LineFormatter", "as_json": fmt == "json"}},
        "filters": {"without_traceback": {"()": "config.log.WithoutTraceback"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "line",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        # Replaces Django's defaults for these: console in DEBUG only, mail to ADMINS.
        "loggers": {
            "django": {"handlers": [], "level": level, "propagate": True},
            # A Host that ALLOWED_HOSTS refuses is one line: scanners send thousands.
            "django.security.DisallowedHost": {"filters": ["without_traceback"]},
            # django-axes says INFO at start-up and on every login; a lockout is its WARNING.
            "axes": {"level": "WARNING"},
        },
    }


class WithoutTraceback(logging.Filter):
    """Keeps the record's message and drops its traceback: for refusals that are no bug."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class LineFormatter(logging.Formatter):
    """`time LEVEL logger: message [METHOD /path]` and the traceback below it; or one JSON object
    per record with the same fields (the traceback in "exception"), for a log collector."""

    def __init__(self, as_json: bool = False) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        request = request_line(record)
        if not self.as_json:
            text = super().format(record)
            if request:
                first, newline, rest = text.partition("\n")
                text = f"{first} [{request}]{newline}{rest}"
            return text
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request:
            entry["request"] = request
        if hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def request_line(record: logging.LogRecord) -> str | None:
    """`GET /api/posts/?page=2` for records about a Django request (django.request, security)."""
    request = getattr(record, "request", None)
    if not (hasattr(request, "method") and hasattr(request, "get_full_path")):
        return None  # runserver passes its socket as `request`
    return f"{request.method} {request.get_full_path()}"
