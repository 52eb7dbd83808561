"""A password change ends the user's other logins, wherever it is made: POST
/api/auth/password/change/ (which asks for the old password), the admin, `manage.py
changepassword`.{% if cookiecutter.auth == "token" %} The token is deleted; the client that changed it gets the new key.{% else %} Django's session hash ends the other sessions; the one that changed it stays.{% endif %}"""

from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

OLD = "a long pass phrase 1"
NEW = "another long phrase 2"
CHANGE_URL = "/api/auth/password/change/"
ME_URL = "/api/auth/user/"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password=OLD)


def logged_in(password=OLD):
    """A client logged in as alice through the real login endpoint."""
    client = APIClient()
    response = client.post(
        "/api/auth/login/", {"username": "alice", "password": password}, format="json"
    )
    assert response.status_code in (200, 204), response.content
{%- if cookiecutter.auth == "token" %}
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['key']}")
{%- endif %}
    return client


def change(client, old=OLD):
    body = {"old_password": old, "new_password1": NEW, "new_password2": NEW}
    return client.post(CHANGE_URL, body, format="json")


def test_the_old_password_is_asked_for(alice):
    response = change(logged_in(), old="not the password")

    assert response.status_code == 400
    assert "old_password" in response.content.decode()
{%- if cookiecutter.auth == "token" %}


def test_a_change_ends_the_other_clients_and_hands_this_one_the_new_key(alice):
    changing, other = logged_in(), logged_in()  # one key, shared by both (DRF's Token)
    response = change(changing)

    assert response.status_code == 200
    new_key = response.json()["key"]
    assert other.get(ME_URL).status_code == 401
    changing.credentials(HTTP_AUTHORIZATION=f"Token {new_key}")
    assert changing.get(ME_URL).json()["username"] == "alice"
    assert logged_in(NEW).get(ME_URL).status_code == 200
{%- else %}


def test_a_change_ends_the_other_sessions_and_keeps_this_one(alice):
    changing, other = logged_in(), logged_in()
    response = change(changing)

    assert response.status_code == 200
    assert changing.get(ME_URL).json()["username"] == "alice"
    assert other.get(ME_URL).status_code == 403
{%- endif %}


def test_changepassword_command_ends_the_logins(alice, monkeypatch):
    client = logged_in()
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW)
    call_command("changepassword", "alice", stdout=StringIO())

    assert client.get(ME_URL).status_code == {{ 401 if cookiecutter.auth == "token" else 403 }}


def test_an_admin_change_ends_the_logins(alice, client, django_user_model):
    api = logged_in()
    client.force_login(django_user_model.objects.create_superuser("root", password=OLD))
    response = client.post(
        f"/admin/accounts/user/{alice.pk}/password/",
        {"password1": NEW, "password2": NEW, "usable_password": "true"},
    )

    assert response.status_code == 302, response.content
    assert api.get(ME_URL).status_code == {{ 401 if cookiecutter.auth == "token" else 403 }}
