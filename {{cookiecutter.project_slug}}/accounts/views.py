"""The session scheme's own views: login and sign-up described as they answer (204 and a
cookie, no token), and the CSRF token in JSON for pages on other origins."""

from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from .auth_views import LoginView, RegisterView


# Without a token model, logging in and signing up answer 204 and set the session cookie:
# said here for the schema (/api/schema/), which would otherwise describe a token.
@extend_schema(responses={204: None})
class SessionLoginView(LoginView):
    pass


@extend_schema(responses={204: None})
class SessionRegisterView(RegisterView):
    pass


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
