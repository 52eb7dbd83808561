"""The project's own user model (accounts.User): one account per name and per e-mail address
whatever their case, enforced by the database; registered in the admin."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a long pass phrase 1"


def refused(**fields) -> bool:
    """Whether the database refuses a new user with these fields."""
    try:
        with transaction.atomic():
            User.objects.create_user(password=PASSWORD, **fields)
    except IntegrityError:
        return True
    return False


def test_the_user_model_is_the_projects_own():
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert get_user_model() is User
    assert admin.site.is_registered(User)


def test_a_name_is_taken_in_every_case():
    User.objects.create_user("alice", password=PASSWORD)

    assert refused(username="ALICE")
    assert refused(username="Alice")
    assert not refused(username="alice2")


def test_an_email_address_is_taken_in_every_case_but_empty_ones_are_not():
    User.objects.create_user("alice", "alice@example.com", PASSWORD)

    assert refused(username="bob", email="Alice@Example.COM")
    assert not refused(username="carol", email="")
    assert not refused(username="dave", email="")


def test_names_are_stored_in_one_unicode_form():
    # U+FB01 (the "fi" ligature) is "fi" in NFKC, as Django's normalize_username makes it.
    user = User.objects.create_user("\ufb01sh", password=PASSWORD)

    assert user.username == "fish"
    assert refused(username="FISH")


def test_tests_hash_passwords_the_fast_way():
    # conftest.py's MD5 under test, so that making users costs no test its time.
    assert User.objects.create_user("alice", password=PASSWORD).password.startswith("md5$")


def test_the_admin_lists_users(admin_client):
    response = admin_client.get("/admin/accounts/user/")

    assert response.status_code == 200
    assert b"admin" in response.content
