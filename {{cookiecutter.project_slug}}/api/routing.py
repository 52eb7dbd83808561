"""Routes under /api/ answer with and without their trailing slash, for every method.

Django's APPEND_SLASH can only add a slash by redirecting: a browser follows a 301 or 302 as a
GET, so `POST /api/posts` would answer with the list and never create the post (in DEBUG it is a
500 instead). Matching both spellings leaves nothing to redirect.
"""

from django.urls import re_path
from rest_framework.routers import DefaultRouter

OPTIONAL_SLASH = "/?"
# The API's paths (without the leading slash): /api and everything under /api/.
API_PATHS = r"^api(/|$)"


def api_path(route, view, name):
    """`route` ("login") with or without a slash after it."""
    return re_path(rf"^{route}{OPTIONAL_SLASH}$", view, name=name)


class Router(DefaultRouter):
    """DefaultRouter whose routes take the slash or leave it out."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Not through the constructor: DRF 3.18 turns trailing_slash="/?" into "/".
        self.trailing_slash = OPTIONAL_SLASH
