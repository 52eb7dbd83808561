"""Every path under /api/ answers with or without its trailing slash, and one that no route
matches is the API's JSON 404: a middleware, so this holds for every route in any app's urls.py
(a router's or a plain path()), in whatever order config/urls.py lists them, with DEBUG on or off.

Django's APPEND_SLASH can only add a slash by redirecting: a browser follows a 301 or 302 as a
GET, so `POST /api/posts` would answer with the list and never create the post (in DEBUG it is a
500 instead). Here a request for the spelling no route has goes to the one that exists, with no
redirect. A 404 from here is answered before CSRF is checked, so a PATCH to a wrong path is this
404, not a CSRF 403.
"""

from django.urls import is_valid_path
from rest_framework.exceptions import NotFound

from .errors import api_error, is_api


class EitherTrailingSlash:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api(request):
            urlconf = getattr(request, "urlconf", None)
            path = request.path_info
            if not is_valid_path(path, urlconf):
                other = path.removesuffix("/") if path.endswith("/") else f"{path}/"
                if not is_valid_path(other, urlconf):
                    return api_error(404, NotFound.default_code, str(NotFound.default_detail))
                request.path_info = other  # request.path stays as the client sent it
        return self.get_response(request)
