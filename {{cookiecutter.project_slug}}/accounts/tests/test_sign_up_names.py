"""Sign-up through the API (/api/auth/registration/) against accounts.User's rules: a name or
e-mail address taken in another case or Unicode form is refused, and names are stored in one
Unicode form, the canonical one (accounts/names.py); names mixing look-alike scripts refused."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.test_canonical_names import LOOK_ALIKES, MIXED_ON_PURPOSE, ONE_NAME
from api.tests.error_shape import error_codes

pytestmark = pytest.mark.django_db

PASSWORD = "a long pass phrase 1"


def sign_up(username, **email):
    body = {"username": username, "password1": PASSWORD, "password2": PASSWORD, **email}
    return APIClient().post("/api/auth/registration/", body, format="json")


def test_sign_up_refuses_a_name_taken_in_another_case_or_unicode_form():
    User.objects.create_user("fish", password=PASSWORD)

    assert error_codes(sign_up("FISH"), 400) == [("username", "username_taken")]
    assert error_codes(sign_up("\ufb01sh"), 400) == [("username", "username_taken")]
    assert User.objects.count() == 1


def test_sign_up_refuses_an_address_taken_in_another_case():
    User.objects.create_user("alice", "alice@example.com", PASSWORD)

    assert error_codes(sign_up("bob", email="ALICE@example.com"), 400) == [("email", "email_taken")]
    assert sign_up("carol").status_code in {201, 204}
    assert sign_up("dave").status_code in {201, 204}


def test_sign_up_stores_the_name_in_one_unicode_form():
    assert sign_up("\ufb01ona").status_code in {201, 204}

    assert User.objects.get().username == "fiona"


@pytest.mark.parametrize(("first", "second"), ONE_NAME)
def test_sign_up_refuses_another_spelling_of_a_name(first, second):
    assert sign_up(first).status_code in {201, 204}

    assert error_codes(sign_up(second), 400) == [("username", "username_taken")]
    assert User.objects.count() == 1


@pytest.mark.parametrize("username", LOOK_ALIKES)
def test_sign_up_refuses_a_name_mixing_look_alike_scripts(username):
    response = sign_up(username)

    assert error_codes(response, 400) == [("username", "mixed_scripts")]
    assert "mixes scripts" in response.json()["errors"][0]["detail"]
    assert not User.objects.exists()


@pytest.mark.parametrize("username", MIXED_ON_PURPOSE)
def test_sign_up_keeps_scripts_written_together(username):
    assert sign_up(username).status_code in {201, 204}
