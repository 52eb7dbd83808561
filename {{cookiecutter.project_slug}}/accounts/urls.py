"""Logging in, under /api/auth/: dj-rest-auth's views, with django-allauth behind sign-up.

Only these routes, not dj-rest-auth's whole set: its password reset needs a page on the front
end that the email links to (a URL named `password_reset_confirm`), which this project lacks.
"""

{% if cookiecutter.auth == "session" -%}
from dj_rest_auth.views import LogoutView, UserDetailsView

from api.routing import api_path

from .auth_views import PasswordChangeView
from .views import SessionLoginView, SessionRegisterView, csrf

urlpatterns = [
    api_path("registration", SessionRegisterView.as_view(), name="rest_register"),
    api_path("login", SessionLoginView.as_view(), name="rest_login"),
{%- else -%}
from dj_rest_auth.views import LogoutView, UserDetailsView

from api.routing import api_path

from .auth_views import LoginView, PasswordChangeView, RegisterView

urlpatterns = [
    api_path("registration", RegisterView.as_view(), name="rest_register"),
    api_path("login", LoginView.as_view(), name="rest_login"),
{%- endif %}
    api_path("logout", LogoutView.as_view(), name="rest_logout"),
    api_path("user", UserDetailsView.as_view(), name="rest_user_details"),
    api_path("password/change", PasswordChangeView.as_view(), name="rest_password_change"),
{%- if cookiecutter.auth == "session" %}
    api_path("csrf", csrf, name="csrf"),
{%- endif %}
]
