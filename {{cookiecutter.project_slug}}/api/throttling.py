"""Visitors who have not logged in are limited per client address: writes (POST, PUT, PATCH,
DELETE) to API_ANONYMOUS_WRITE_RATE, reads to the more generous API_ANONYMOUS_READ_RATE (DRF's
DEFAULT_THROTTLE_RATES in settings.py). Logged-in users are not. Over a limit is a 429 with
Retry-After."""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class RatePerRequest:
    def get_rate(self):
        # Read on each request, not once at import as DRF does, so a test can change it.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonymousWriteThrottle(RatePerRequest, AnonRateThrottle):
    scope = "anonymous_write"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class AnonymousReadThrottle(RatePerRequest, AnonRateThrottle):
    scope = "anonymous_read"

    def allow_request(self, request, view):
        if request.method not in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
