"""dj-rest-auth's views with what a public API needs on top:

- login: a locked-out account (accounts/login_guard.py) is a 429 in the error shape;
- sign-up: the losers of sign-ups racing for one name or address (the database's unique column
  and constraint of accounts/models.py) get the 400 a slower second sign-up gets, not a 500;
- password change: the old password asked for (REST_AUTH in settings.py), and every other login
  of the user ended (accounts/models.py); with a token, the answer carries the new token key;
- with sessions, the CSRF token in JSON for pages on other origins (routed in accounts/urls.py).

One code path for both schemes: REST_AUTH's TOKEN_MODEL (None with sessions) says which.
"""

from allauth.account.adapter import get_adapter
from axes.handlers.proxy import AxesProxyHandler
from dj_rest_auth import views
from dj_rest_auth.app_settings import api_settings
from dj_rest_auth.registration import views as registration_views
from django.contrib.auth.models import update_last_login
from django.db import IntegrityError, transaction
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.fields import empty
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from .login_guard import lockout_response
from .models import User

# Without a token model, logging in and signing up answer 204 and set the session cookie: said
# for the schema (/api/schema/), which would otherwise describe a token. `empty`: the view's own.
NO_CONTENT_WITH_SESSIONS = empty if api_settings.TOKEN_MODEL else {204: None}


@extend_schema(responses=NO_CONTENT_WITH_SESSIONS)
class LoginView(views.LoginView):
    def handle_exception(self, exc):
        # axes flags the request it was given, DRF's wrapper here, which AxesMiddleware never
        # sees: answered here instead.
        if getattr(self.request, "axes_locked_out", False):
            return lockout_response(self.request, None, self.request.data)
        return super().handle_exception(exc)

    def login(self):
        super().login()
        if api_settings.SESSION_LOGIN:
            return
        # No session login with a token, so no Django login() and no user_logged_in signal
        # (whose other receivers would start a session): the guard's count cleared and
        # last_login set here.
        AxesProxyHandler.user_logged_in(type(self.user), self.request, self.user)
        update_last_login(type(self.user), self.user)


@extend_schema(responses=NO_CONTENT_WITH_SESSIONS)
class RegisterView(registration_views.RegisterView):
    def perform_create(self, serializer):
        try:
            with transaction.atomic():
                return super().perform_create(serializer)
        except IntegrityError:
            # Asked again once the winner's row is there, whatever the database named.
            data = serializer.validated_data
            email = data.get("email")
            if User.name_taken(data["username"]):
                taken = "username"
            elif email and User.objects.filter(email__iexact=email).exists():
                taken = "email"
            else:
                raise
            message = get_adapter(self.request).error_messages[f"{taken}_taken"]
            raise ValidationError({taken: [message]}, code=f"{taken}_taken") from None


@extend_schema(
    responses=inline_serializer(
        "PasswordChanged", {"detail": serializers.CharField(), "key": serializers.CharField()}
    )
    if api_settings.TOKEN_MODEL
    else empty  # the view's own schema
)
class PasswordChangeView(views.PasswordChangeView):
    """With a token, the change deletes the user's token, so every other client is logged out;
    this one gets the new key to keep working. With sessions, Django's session hash ends the
    user's other sessions and this one is kept (update_session_auth_hash, as dj-rest-auth does)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if not api_settings.TOKEN_MODEL:
            return response
        token, _ = api_settings.TOKEN_MODEL.objects.get_or_create(user=request.user)
        return Response({**response.data, "key": token.key})


@extend_schema(
    responses=inline_serializer("CsrfToken", {"csrfToken": serializers.CharField()}),
)
@api_view(["GET"])
@permission_classes([AllowAny])
def csrf(request):
    """The CSRF token in JSON, and the csrftoken cookie set. A page on another site cannot read
    the API's cookies (on localhost, any port, it can), yet must send the token as X-CSRFToken
    with each unsafe request: JSON works from every allowed origin. Ask at start and after login."""
    return Response({"csrfToken": get_token(request)})
