"""The API's errors that its views never raise, in the one JSON error shape: a path under /api/
that no route matches (a 404 view, for every method), and what goes wrong before any view runs (a
Host header that ALLOWED_HOSTS refuses, a crash in a middleware: Django's handler400/403/500).
Outside /api/ (the admin) Django's own HTML pages stay. Django uses the handlers with DEBUG off;
with DEBUG on it shows its technical pages instead, which is why the 404 is a view."""

import re

from django.http import JsonResponse
from django.views import defaults
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from .routing import API_PATHS


class NotFoundView(APIView):
    """The answer to any path under /api/ that no route matches: drf-standardized-errors' 404."""

    # Nothing to authenticate, permit or throttle: the path is wrong whoever asks. APIView is
    # exempt from Django's CSRF check, so a PATCH gets this 404, not an HTML 403.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    schema = None  # not an endpoint of the API

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound()


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
