"""The API's exception handler: drf-standardized-errors' one JSON error shape, with what Django
raises on its own turned into answers a client can act on instead of a 500:

- a body over DATA_UPLOAD_MAX_MEMORY_SIZE (Django's RequestDataTooBig): 413, as over
  JSONParser.max_body_bytes (api/parsers.py);
- a database that does not answer: 503 with Retry-After, one log line per failure with the reason
  and the traceback at most once a minute per process (an outage would otherwise write thousands);
- a query stopped by PostgreSQL's statement timeout (DATABASE_STATEMENT_TIMEOUT_MS): 503 too.

A database error outside the API's views (a middleware's query: the login guard, the session
saved after the view) reaches Django's handler500 instead, which answers the same
(api/errors.py).

The next request opens a new connection (CONN_HEALTH_CHECKS), so the API recovers by itself.
"""

import logging
import time

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions, status

from .parsers import RequestTooLarge

logger = logging.getLogger(__name__)
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (query_canceled).
QUERY_CANCELED = "57014"
TRACEBACK_EVERY_SECONDS = 60
RETRY_AFTER_SECONDS = 5
last_traceback = 0.0  # per process: when the last database traceback was logged


class ServiceUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The database is not answering. Try again in a few seconds."
    default_code = "database_unavailable"
    wait = RETRY_AFTER_SECONDS  # Retry-After


class QueryTimedOut(ServiceUnavailable):
    default_detail = "The request took too long and was stopped. Try again, or ask for less."
    default_code = "query_timeout"


def database_unavailable(exc) -> ServiceUnavailable | None:
    """The 503 for a database that does not answer or a query it cancelled; None otherwise."""
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return None
    if getattr(exc.__cause__, "sqlstate", None) == QUERY_CANCELED:
        return QueryTimedOut()
    return ServiceUnavailable()


def log_unavailable(error: ServiceUnavailable, exc: Exception, request) -> None:
    """One line per failure with the reason; the traceback at most once a minute per process."""
    global last_traceback
    now = time.monotonic()
    with_traceback = now - last_traceback >= TRACEBACK_EVERY_SECONDS
    if with_traceback:
        last_traceback = now
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    logger.error(
        "%s (503): %s",
        error.default_code,
        reason,
        exc_info=exc if with_traceback else None,
        extra={"request": request, "status_code": 503},  # the request line (config/log.py)
    )


class APIExceptionHandler(ExceptionHandler):
    def convert_known_exceptions(self, exc):
        if isinstance(exc, RequestDataTooBig):
            return RequestTooLarge("The request body is too large.")
        return database_unavailable(exc) or super().convert_known_exceptions(exc)

    def convert_unhandled_exceptions(self, exc):
        # DRF's words for a 500 ("A server error occurred."), the ones api/errors.py answers
        # with outside the views: one text wherever it crashed.
        return exc if isinstance(exc, exceptions.APIException) else exceptions.APIException()

    def report_exception(self, exc, response):
        if not isinstance(exc, ServiceUnavailable):
            return super().report_exception(exc, response)
        log_unavailable(exc, self.exc, getattr(self.context.get("request"), "_request", None))
        # Logged here once: Django's request logger would add a line of its own.
        response._has_been_logged = True
