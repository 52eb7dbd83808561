"""dj-rest-auth's views with what a public API needs on top:

- login: a locked-out account (accounts/login_guard.py) is a 429 in the error shape;
- sign-up: the loser of two racing sign-ups for one name or address (the database constraint of
  accounts/models.py) gets the 400 a slower second sign-up gets, not a 500;
- password change: the old password asked for (REST_AUTH in settings.py), and every other login
  of the user ended (accounts/models.py){% if cookiecutter.auth == "token" %}: the answer carries the new token key{% endif %}.
"""

{% if cookiecutter.auth == "token" %}from axes.handlers.proxy import AxesProxyHandler
{% endif %}from dj_rest_auth import views
from dj_rest_auth.registration import views as registration_views
{%- if cookiecutter.auth == "token" %}
from django.contrib.auth.models import update_last_login
{%- endif %}
from django.db import IntegrityError, transaction
{%- if cookiecutter.auth == "token" %}
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
{%- endif %}
from rest_framework.exceptions import ValidationError
{%- if cookiecutter.auth == "token" %}
from rest_framework.response import Response
{%- endif %}

from .login_guard import lockout_response

# The constraints of accounts/models.py, named in the database's IntegrityError message.
TAKEN = {
    "unique_username_ignoring_case": ("username", "A user with that username already exists."),
    "unique_email_ignoring_case": ("email", "A user with that e-mail address already exists."),
}


class LoginView(views.LoginView):
    def handle_exception(self, exc):
        # axes flags the request it was given, DRF's wrapper here, which AxesMiddleware never
        # sees: answered here instead.
        if getattr(self.request, "axes_locked_out", False):
            return lockout_response(self.request, None, self.request.data)
        return super().handle_exception(exc)
{%- if cookiecutter.auth == "token" %}

    def login(self):
        super().login()
        # No session login with a token, so no Django login() and no user_logged_in signal
        # (whose other receivers would start a session): the guard's count cleared and
        # last_login set here.
        AxesProxyHandler.user_logged_in(type(self.user), self.request, self.user)
        update_last_login(type(self.user), self.user)
{%- endif %}


class RegisterView(registration_views.RegisterView):
    def perform_create(self, serializer):
        try:
            with transaction.atomic():
                return super().perform_create(serializer)
        except IntegrityError as error:
            for constraint, (field, message) in TAKEN.items():
                if constraint in str(error):
                    raise ValidationError({field: [message]}, code="unique") from None
            raise


{%- if cookiecutter.auth == "token" %}


@extend_schema(
    responses=inline_serializer(
        "PasswordChanged", {"detail": serializers.CharField(), "key": serializers.CharField()}
    )
)
class PasswordChangeView(views.PasswordChangeView):
    """The change deletes the user's token, so every other client is logged out; this one gets
    the new key to keep working."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        token, _ = Token.objects.get_or_create(user=request.user)
        return Response({**response.data, "key": token.key})
{%- else %}


class PasswordChangeView(views.PasswordChangeView):
    """Django's session hash ends the user's other sessions; this one is kept
    (update_session_auth_hash, as dj-rest-auth does)."""
{%- endif %}
