"""Visitors who have not logged in are limited per client address: writes (POST, PUT, PATCH,
DELETE) to API_ANONYMOUS_WRITE_RATE, reads to the more generous API_ANONYMOUS_READ_RATE.
Logged-in users are not. Over a limit is a 429 with Retry-After."""

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


class AnonymousReadThrottle(AnonRateThrottle):
    scope = "anonymous_read"

    def get_rate(self):
        return settings.API_ANONYMOUS_READ_RATE

    def allow_request(self, request, view):
        if request.method not in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
