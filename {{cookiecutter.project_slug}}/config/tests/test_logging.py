"""The log (config/log.py): stderr, one line per record, with the request line of a 5xx and its
traceback; JSON lines when DJANGO_LOG_FORMAT=json. The template's own tests also find a provoked
500 in gunicorn's output."""

import json
import logging
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from config.log import LineFormatter, logging_config


def error_record(request=None) -> logging.LogRecord:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    message = "Internal Server Error: %s"
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, message, ("/x/",), exc_info
    )
    if request is not None:
        record.request, record.status_code = request, 500
    return record


def test_plain_line_has_the_request_line_and_the_traceback():
    request = RequestFactory().post("/api/posts/?page=2")

    text = LineFormatter().format(error_record(request))

    first, _, rest = text.partition("\n")
    assert first.endswith(
        "ERROR django.request: Internal Server Error: /x/ [POST /api/posts/?page=2]"
    )
    assert "Traceback" in rest and "RuntimeError: boom" in rest


def test_json_is_one_object_per_line_with_the_same_fields():
    request = RequestFactory().get("/api/posts/")

    text = LineFormatter(as_json=True).format(error_record(request))

    assert "\n" not in text
    entry = json.loads(text)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /x/"
    assert entry["request"] == "GET /api/posts/"
    assert entry["status"] == 500
    assert "RuntimeError: boom" in entry["exception"]


def test_a_record_without_a_request_has_no_request_line():
    record = logging.LogRecord("myapp", logging.WARNING, __file__, 1, "careful", (), None)

    assert LineFormatter().format(record).endswith("WARNING myapp: careful")
    assert "request" not in json.loads(LineFormatter(as_json=True).format(record))


def test_settings_send_django_and_every_other_logger_to_stderr(settings_from_environment):
    config = settings_from_environment(DJANGO_LOG_LEVEL="warning")["LOGGING"]

    assert config["root"] == {"handlers": ["stderr"], "level": "WARNING"}
    assert config["handlers"]["stderr"]["stream"] == "ext://sys.stderr"
    # Django's own handlers (console only in DEBUG, mail to ADMINS) are replaced.
    assert config["loggers"]["django"]["handlers"] == []


def test_json_format_from_the_environment(settings_from_environment):
    config = settings_from_environment(DJANGO_LOG_FORMAT="json")["LOGGING"]

    assert config["formatters"]["line"]["as_json"] is True


@pytest.mark.parametrize("level, fmt", [("LOUD", "plain"), ("INFO", "xml")])
def test_an_unknown_level_or_format_is_refused_with_its_name(level, fmt):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_LOG_"):
        logging_config(level, fmt)
