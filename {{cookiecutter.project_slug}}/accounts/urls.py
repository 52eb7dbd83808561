"""Logging in, under /api/auth/: dj-rest-auth's views, with django-allauth behind sign-up.

Only these routes, not dj-rest-auth's whole set: its password reset needs a page on the front
end that the email links to (a URL named `password_reset_confirm`), which this project lacks.
"""

from dj_rest_auth.app_settings import api_settings
from dj_rest_auth.views import LogoutView, UserDetailsView
from django.urls import path

from .auth_views import LoginView, PasswordChangeView, RegisterView, csrf

urlpatterns = [
    path("registration/", RegisterView.as_view(), name="rest_register"),
    path("login/", LoginView.as_view(), name="rest_login"),
    path("logout/", LogoutView.as_view(), name="rest_logout"),
    path("user/", UserDetailsView.as_view(), name="rest_user_details"),
    path("password/change/", PasswordChangeView.as_view(), name="rest_password_change"),
]

if not api_settings.TOKEN_MODEL:
    # Sessions: a page on another origin sends the session cookie, and this CSRF token with it.
    urlpatterns.append(path("csrf/", csrf, name="csrf"))
