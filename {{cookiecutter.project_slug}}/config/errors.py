"""Django's error responses for what goes wrong before any API view runs (a Host header that
ALLOWED_HOSTS refuses, a crash in a middleware): under /api/ in the API's JSON error shape, as
every other API error; elsewhere (the admin) Django's own HTML pages. Django uses these with
DEBUG off; with DEBUG on it shows its technical pages instead."""

import re

from django.http import JsonResponse
from django.views import defaults

from .routing import API_PATHS


def is_api(request) -> bool:
    return re.match(API_PATHS, request.path_info.removeprefix("/")) is not None


def api_error(status: int, code: str, detail: str) -> JsonResponse:
    """drf-standardized-errors' shape, for the responses it never sees."""
    kind = "server_error" if status >= 500 else "client_error"
    errors = [{"code": code, "detail": detail, "attr": None}]
    return JsonResponse({"type": kind, "errors": errors}, status=status)


def bad_request(request, exception):
    if is_api(request):
        return api_error(400, "bad_request", "Bad request.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        detail = "You do not have permission to perform this action."
        return api_error(403, "permission_denied", detail)
    return defaults.permission_denied(request, exception)


def server_error(request):
    if is_api(request):
        # The same words as for a crash inside an API view; the traceback goes to the log.
        return api_error(500, "error", "A server error occurred.")
    return defaults.server_error(request)
