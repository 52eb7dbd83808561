"""Logging in through /api/auth/ ({{ cookiecutter.auth }} auth), and what a login lets a client
do to an endpoint of the tests' own (api/tests/urls.py). Who may do what to posts: posts/tests."""

import pytest
from rest_framework.test import APIClient

from api.tests.error_shape import error_codes
from api.tests.urls import NOTES_URL as LIST_URL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("api.tests.urls")]

PASSWORD = "a long pass phrase 1"
{%- if cookiecutter.auth == "token" %}
# DRF answers a request without credentials 401 and says how to authenticate.
ANONYMOUS_WRITE = 401
{%- else %}
# SessionAuthentication has no WWW-Authenticate challenge to offer, so DRF answers 403.
ANONYMOUS_WRITE = 403
{%- endif %}


def sign_up(username):
    """A new user, signed up through the API: (client logged in as them, sign-up response)."""
{%- if cookiecutter.auth == "token" %}
    client = APIClient()
{%- else %}
    # As a browser meets it: Django's CSRF check on, the token fetched from /api/auth/csrf/.
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_X_CSRFTOKEN=client.get("/api/auth/csrf/").json()["csrfToken"])
{%- endif %}
    body = {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    response = client.post("/api/auth/registration/", body, format="json")
{%- if cookiecutter.auth == "token" %}
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['key']}")
{%- else %}
    # Logging in gives the session a new CSRF token: ask for it again.
    client.credentials(HTTP_X_CSRFTOKEN=client.get("/api/auth/csrf/").json()["csrfToken"])
{%- endif %}
    return client, response


@pytest.fixture
def alice():
    return sign_up("alice")[0]


@pytest.fixture
def bob():
    return sign_up("bob")[0]


def test_sign_up_logs_the_new_user_in():
    client, response = sign_up("carol")

{%- if cookiecutter.auth == "token" %}
    assert response.status_code == 201
    assert set(response.json()) == {"key"}
{%- else %}
    assert response.status_code == 204
    assert "sessionid" in response.cookies
{%- endif %}
    user = client.get("/api/auth/user/")
    assert user.status_code == 200
    assert user.json()["username"] == "carol"


def test_sign_up_refuses_a_taken_name_and_a_weak_password(alice):
    client = APIClient()
    taken = {"username": "alice", "password1": PASSWORD, "password2": PASSWORD}
    weak = {"username": "dave", "password1": "123", "password2": "123"}

    taken_response = client.post("/api/auth/registration/", taken, format="json")
    weak_response = client.post("/api/auth/registration/", weak, format="json")

    assert ("username", "username_taken") in error_codes(taken_response, 400)
    assert {attr for attr, _ in error_codes(weak_response, 400)} == {"password1"}


def test_log_in_and_out(django_user_model):
    django_user_model.objects.create_user("erin", password=PASSWORD)
{%- if cookiecutter.auth == "token" %}
    client = APIClient()
    response = client.post(
        "/api/auth/login/", {"username": "erin", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['key']}")
{%- else %}
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_X_CSRFTOKEN=client.get("/api/auth/csrf/").json()["csrfToken"])
    response = client.post(
        "/api/auth/login/", {"username": "erin", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 204
    client.credentials(HTTP_X_CSRFTOKEN=client.get("/api/auth/csrf/").json()["csrfToken"])
{%- endif %}
    assert client.get("/api/auth/user/").json()["username"] == "erin"

    assert client.post("/api/auth/logout/").status_code == 200
    assert client.get("/api/auth/user/").status_code == ANONYMOUS_WRITE
    assert client.post(LIST_URL, {"title": "x"}, format="json").status_code == ANONYMOUS_WRITE


def test_wrong_password_is_refused(django_user_model):
    django_user_model.objects.create_user("erin", password=PASSWORD)
    body = {"username": "erin", "password": "wrong"}

    response = APIClient().post("/api/auth/login/", body, format="json")

    assert error_codes(response, 400) == [("non_field_errors", "invalid")]
{%- if cookiecutter.auth == "token" %}


def test_a_wrong_token_is_refused_not_ignored(api_client):
    # Imported here, in token bakes' only test that uses it: no import of it above.
    from django.utils.translation import gettext

    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-key")

    response = api_client.get(LIST_URL)

    assert error_codes(response, 401) == [(None, "authentication_failed")]
    assert response.json()["errors"][0]["detail"] == gettext("Invalid token.")
{%- else %}


def test_csrf_endpoint_sets_the_cookie_and_returns_the_token(api_client):
    response = api_client.get("/api/auth/csrf/")

    assert response.status_code == 200
    assert response.json()["csrfToken"]
    assert "csrftoken" in response.cookies


def test_a_write_without_the_csrf_token_is_refused(alice):
    alice.credentials()  # no X-CSRFToken: the session cookie alone

    response = alice.post(LIST_URL, {"title": "Forged?"}, format="json")

    # Its own code, not permission_denied: a page can tell it from an ownership refusal.
    assert error_codes(response, 403) == [(None, "csrf_failed")]
    assert response.json()["errors"][0]["detail"] == "CSRF Failed: CSRF token missing."


def test_a_write_from_an_untrusted_origin_is_refused(alice, settings):
    # Over https Django also checks Origin against CSRF_TRUSTED_ORIGINS (the CORS allow-list).
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    headers = {"Origin": "https://evil.example", "X-Forwarded-Proto": "https"}

    response = alice.post(LIST_URL, {"title": "Forged?"}, format="json", headers=headers)

    assert error_codes(response, 403) == [(None, "csrf_failed")]
    assert "Origin checking failed" in response.json()["errors"][0]["detail"]


def test_cookie_samesite_and_domain_come_from_the_environment(settings_from_environment):
    default = settings_from_environment()
    other_site = settings_from_environment(
        DJANGO_SESSION_COOKIE_SAMESITE="None",
        DJANGO_CSRF_COOKIE_SAMESITE="None",
        DJANGO_SESSION_COOKIE_DOMAIN=".example.com",
        DJANGO_CSRF_COOKIE_DOMAIN=".example.com",
    )

    names = ["SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE"]
    assert [default[name] for name in names] == ["Lax", "Lax"]
    assert [other_site[name] for name in names] == ["None", "None"]
    domains = ["SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN"]
    assert [default[name] for name in domains] == [None, None]
    assert [other_site[name] for name in domains] == [".example.com", ".example.com"]
{%- endif %}
