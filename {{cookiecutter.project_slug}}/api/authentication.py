"""DRF's session authentication, with a CSRF refusal under its own error code, `csrf_failed`:
DRF raises it as a plain permission_denied, the code of an ownership refusal too, so a page
could not tell "send X-CSRFToken" from "not yours"."""

import drf_spectacular.authentication
from rest_framework import authentication, exceptions


class CsrfFailed(exceptions.PermissionDenied):
    default_code = "csrf_failed"


class SessionAuthentication(authentication.SessionAuthentication):
    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as refusal:
            raise CsrfFailed(str(refusal.detail)) from None


class SessionScheme(drf_spectacular.authentication.SessionScheme):
    """The schema's cookieAuth for this class too (drf-spectacular matches the class exactly)."""

    target_class = SessionAuthentication
