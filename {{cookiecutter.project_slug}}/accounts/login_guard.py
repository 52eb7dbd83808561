"""Password guessing stopped before any password is hashed (django-axes), on the API's login and
the admin's.

Failed logins are counted per account and client address together (AXES_LOCKOUT_PARAMETERS):
AXES_FAILURE_LIMIT wrong passwords for `alice` from one address lock `alice` out from that
address, for AXES_COOLOFF_MINUTES. Per account alone, anyone could lock `alice` out from
everywhere with a few guesses; per address alone, one flood behind a shared address (a school, a
proxy) would lock everyone there out of every account. The anonymous-write limit
(api/throttling.py) bounds guesses per address on top.
"""

import hashlib
import json
import re

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from rest_framework.throttling import BaseThrottle

from api.errors import api_error, is_api

from .names import canonical_username


def client_address(request) -> str:
    """The address DRF's throttles count by: the entry API_NUM_PROXIES from the end of
    X-Forwarded-For, or REMOTE_ADDR when API_NUM_PROXIES=0. One rule for both guards."""
    return BaseThrottle().get_ident(request)


def account_name(request, credentials) -> str:
    """The account as typed, in the form usernames are unique in (accounts/names.py): `Alice`
    and `ALICE`, `straße` and `STRASSE` count against one budget."""
    name = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD) or ""
    return canonical_username(str(name))


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """429 with Retry-After: the API's JSON error shape under /api/, plain text for the admin.
    Retry-After is the whole wait, counted from the last failure: at most what is left."""
    seconds = int(get_cool_off(request).total_seconds())
    detail = (
        "Too many failed logins for this account from your address. "
        f"Try again in at most {max(1, round(seconds / 60))} minutes."
    )
    if is_api(request):
        response = api_error(429, "login_locked_out", detail)
    else:
        response = HttpResponse(detail, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    # django-axes logged the lockout once; a line per refused guess would let a flood fill the log.
    response._has_been_logged = True
    return response


# The login forms the guard answers for early: the API's (with or without the slash) and the
# admin's.
LOGIN_PATHS = {"/api/auth/login", "/admin/login"}
# A lockout this process (its cache) has seen is refused again for this long without asking the
# database; one lifted early (`manage.py axes_reset`) ends here within that time too.
REMEMBER_LOCKOUT_SECONDS = 5
# What no username holds, and the login forms refuse (with a 400, Django's and DRF's fields) before
# any password is checked: NUL, which PostgreSQL cannot store or compare, and lone surrogates,
# which no encoding can write. Such a name is never locked out, so the guard leaves it to them.
NO_USERNAME = re.compile(r"[\x00\ud800-\udfff]")


class RefuseLockedOutLogins:
    """Middleware, right after CORS and HTTPS: a login for an account locked out from this
    address is answered here, with the same 429, before sessions, CSRF, DRF and the login view
    run. A flood of guesses at a locked-out account then costs a cache read each, and django-axes'
    count is read once per REMEMBER_LOCKOUT_SECONDS: a fraction of what a page of posts costs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info.rstrip("/") in LOGIN_PATHS:
            username = submitted_username(request)
            if NO_USERNAME.search(username):
                return self.get_response(request)
            credentials = {settings.AXES_USERNAME_FORM_FIELD: username}
            seen = seen_lockout_key(request, credentials)
            if cache.get(seen) is None:
                if not AxesProxyHandler.is_locked(request, credentials):
                    return self.get_response(request)
                # Set when django-axes says so, never renewed here: the lockout still ends.
                cache.set(seen, True, REMEMBER_LOCKOUT_SECONDS)
            return lockout_response(request, None, credentials)
        return self.get_response(request)


def seen_lockout_key(request, credentials) -> str:
    """A cache key for the account and address (hashed: a username may hold any character)."""
    who = f"{client_address(request)}\0{account_name(request, credentials)}"
    return "login-guard:locked:" + hashlib.sha256(who.encode()).hexdigest()


def submitted_username(request) -> str:
    """The username of a JSON login (the API) or a form login (the admin); "" if unreadable."""
    field = settings.AXES_USERNAME_FORM_FIELD
    try:
        if request.content_type == "application/json":
            body = json.loads(request.body)
            return str(body.get(field, "")) if isinstance(body, dict) else ""
        return request.POST.get(field, "")
    except (ValueError, RecursionError, RequestDataTooBig):
        # Too big, too deep or no JSON: the login view answers it in the error shape.
        return ""
