"""Writes (POST, PUT, PATCH, DELETE) by visitors who have not logged in are limited to
API_ANONYMOUS_WRITE_RATE per client address; reads and logged-in users are not. Over the limit
is a 429 with Retry-After."""

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import AnonRateThrottle


class AnonymousWriteThrottle(AnonRateThrottle):
    scope = "anonymous_write"

    def get_rate(self):
        # Read on each request, not once at import as DRF does, so a test can change it.
        return settings.API_ANONYMOUS_WRITE_RATE

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
