"""One account per name in its canonical form (accounts/names.py: NFKC, case-folded), the same
on SQLite and PostgreSQL, and the login guard counting by that same form; names mixing
look-alike scripts refused in the admin (and at sign-up: test_sign_up_names.py)."""

import pytest
from django.db import IntegrityError, transaction

from accounts.login_guard import account_name
from accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "a long pass phrase 1"
# (the first account, another spelling of the same name)
ONE_NAME = [("Ölaf", "ölaf"), ("ΣΑΣ", "σας"), ("straße", "STRASSE"), ("Ǆemal", "ǆemal")]
# Letters that look Latin but are not: a Cyrillic і, a Greek ο, a Cyrillic а.
LOOK_ALIKES = ["v\u0456ctim", "b\u03bfb", "p\u0430ypal"]
# Scripts that languages write together are kept.
MIXED_ON_PURPOSE = ["김minsu", "東京タワー", "スーパーman", "李민수"]


def refused(username) -> bool:
    try:
        with transaction.atomic():
            User.objects.create_user(username, password=PASSWORD)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(("first", "second"), ONE_NAME)
def test_the_database_holds_one_account_per_canonical_name(first, second):
    User.objects.create_user(first, password=PASSWORD)

    assert refused(second)
    assert account_name(None, {"username": first}) == account_name(None, {"username": second})


def test_the_admin_refuses_another_spelling_and_a_look_alike(admin_client):
    User.objects.create_user("straße", password=PASSWORD)
    form = {"username": "STRASSE", "password1": PASSWORD, "password2": PASSWORD}

    taken = admin_client.post("/admin/accounts/user/add/", form)
    form["username"] = LOOK_ALIKES[0]
    look_alike = admin_client.post("/admin/accounts/user/add/", form)

    assert taken.status_code == 200  # the form again, with its error
    assert b"A user with that username already exists." in taken.content
    assert look_alike.status_code == 200
    assert b"mixes scripts" in look_alike.content
    assert User.objects.filter(is_superuser=False).count() == 1
