"""The API's errors that its views never raise, in the one JSON error shape: what goes wrong
before any view runs (a Host header that ALLOWED_HOSTS refuses, a crash in a middleware: Django's
handler400/403/500; a database that does not answer a middleware is a 503, as in a view). A path
under /api/ that no route matches is api/middleware.py's 404.
Outside /api/ (the admin) Django's own HTML pages stay. Django uses the handlers with DEBUG off;
with DEBUG on it shows its technical pages instead."""

import re
import sys

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.views import csrf, defaults
from rest_framework.exceptions import APIException

from .exceptions import database_unavailable, log_unavailable

# The API's paths (without the leading slash): /api and everything under /api/.
API_PATHS = r"^api(/|$)"


def is_api(request) -> bool:
    return re.match(API_PATHS, request.path_info.removeprefix("/")) is not None


def api_error(status: int, code: str, detail: str) -> JsonResponse:
    """drf-standardized-errors' shape, for the responses it never sees."""
    kind = "server_error" if status >= 500 else "client_error"
    errors = [{"code": code, "detail": detail, "attr": None}]
    return JsonResponse({"type": kind, "errors": errors}, status=status)


def bad_request(request, exception):
    if is_api(request):
        if isinstance(exception, RequestDataTooBig):  # read by a middleware, before the API
            return api_error(413, "request_too_large", "The request body is too large.")
        return api_error(400, "bad_request", "Bad request.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        detail = "You do not have permission to perform this action."
        return api_error(403, "permission_denied", detail)
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: its own code, so a page can tell a missing X-CSRFToken from a refusal
    of what it asked (permission_denied). With auth=session the API's views check CSRF
    themselves and answer the same."""
    if is_api(request):
        return api_error(403, "csrf_failed", f"CSRF Failed: {reason}")
    return csrf.csrf_failure(request, reason)


def server_error(request):
    if is_api(request):
        # Django calls this while handling the exception: a middleware's query on a database that
        # does not answer is the same 503 as in a view (api/exceptions.py).
        exc = sys.exc_info()[1]
        unavailable = database_unavailable(exc)
        if unavailable is not None:
            response = api_error(503, unavailable.default_code, str(unavailable.default_detail))
            response["Retry-After"] = str(unavailable.wait)
            log_unavailable(unavailable, exc, request)
            response._has_been_logged = True  # the line above is the one log line
            return response
        # The same words as for a crash inside an API view; the traceback goes to the log.
        # DRF's words for a crash in a view, in the project's language, so both read the same.
        return api_error(500, "error", str(APIException.default_detail))
    return defaults.server_error(request)
