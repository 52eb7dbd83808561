"""Password guessing (accounts/login_guard.py, django-axes): failures counted per account and
client address, a locked-out login refused with 429 + Retry-After before any password is hashed,
on the API's login{% if cookiecutter.auth == "none" %} (none in this bake){% endif %} and the admin's."""

import logging
import time

import pytest
from axes.utils import reset
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher, get_hasher

from accounts.login_guard import REMEMBER_LOCKOUT_SECONDS

PASSWORD = "a long pass phrase 1"
pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast, for tests only) that counts how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


def hashed() -> int:
    """How many times a password was hashed so far, by the hasher Django uses."""
    return type(get_hasher(CountingHasher.algorithm)).calls


@pytest.fixture(autouse=True)
def guard(settings, throttle_rates):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    settings.AXES_FAILURE_LIMIT = 3
    throttle_rates(anonymous_write=None)  # the login guard alone


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password=PASSWORD)


def admin_login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_admin_login_locks_out_after_the_limit_then_refuses_the_right_password(client, settings):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "root", "wrong").status_code == 200  # the form again
    locked = admin_login(client, "root", "wrong")
    hashed_before = hashed()
    refused = admin_login(client, "root", PASSWORD)

    assert locked.status_code == 429
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert "Too many failed logins" in refused.content.decode()
    assert hashed() == hashed_before  # refused before any hashing
    # Another address is not locked out of the account.
    assert admin_login(client, "root", PASSWORD, address="10.0.0.2").status_code == 302


def lock_out_root(client, settings):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "root", "wrong")
    assert admin_login(client, "root", "wrong").status_code == 429  # the guard has seen it


def test_a_flood_at_a_locked_out_account_costs_no_query_and_no_log_line(
    client, settings, caplog, django_assert_num_queries
):
    """Once seen, a lockout is refused from the cache (django-axes logged it once): a guess
    costs neither a database query nor a line in the log."""
    lock_out_root(client, settings)
    caplog.clear()

    with caplog.at_level(logging.INFO), django_assert_num_queries(0):
        answers = [admin_login(client, "root", "wrong").status_code for _ in range(3)]

    assert answers == [429, 429, 429]
    assert [record.getMessage() for record in caplog.records] == []


def test_a_lockout_lifted_early_ends_within_the_remembered_seconds(client, settings, monkeypatch):
    """`manage.py axes_reset` ends a lockout; the guard's memory of it lasts
    REMEMBER_LOCKOUT_SECONDS from when django-axes reported it, however often it refused since."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])  # the cache's clock
    lock_out_root(client, settings)
    reset(username="root")

    now[0] += REMEMBER_LOCKOUT_SECONDS - 1
    still_remembered = admin_login(client, "root", PASSWORD)
    now[0] += 2
    after = admin_login(client, "root", PASSWORD)

    assert still_remembered.status_code == 429
    assert after.status_code == 302  # logged in: the refusal did not renew the memory
{%- if cookiecutter.auth != "none" %}


# The session scheme answers a login with 204 and the cookie, the token scheme with 200 and a key.
LOGGED_IN = {{ 204 if cookiecutter.auth == "session" else 200 }}


def api_login(api_client, username, password, address="10.0.0.1", **headers):
    return api_client.post(
        "/api/auth/login/",
        {"username": username, "password": password},
        format="json",
        REMOTE_ADDR=address,
        **headers,
    )


def test_api_login_is_refused_in_the_error_shape_with_retry_after(api_client, alice, settings):
    from api.tests.error_shape import error_codes  # auth bakes' only use: no import of it above

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert api_login(api_client, "alice", "wrong").status_code == 400
    hashed_before = hashed()
    locked = api_login(api_client, "alice", "wrong")
    refused = api_login(api_client, "alice", PASSWORD)

    assert error_codes(locked, 429) == [(None, "login_locked_out")]
    assert error_codes(refused, 429) == [(None, "login_locked_out")]
    assert int(refused["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert hashed() == hashed_before + 1  # only the wrong password that locked it


def test_a_flood_from_one_address_locks_no_one_else_out(api_client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        api_login(api_client, "alice", "wrong", address="203.0.113.66")

    assert api_login(api_client, "alice", PASSWORD, address="198.51.100.7").status_code == LOGGED_IN


def test_case_variants_of_the_name_share_one_budget(api_client, alice, settings):
    names = ["alice", "Alice", "ALICE", "aLiCe", "ａｌｉｃｅ"]  # the last in full-width letters
    answers = [api_login(api_client, name, "wrong").status_code for name in names]

    assert answers[settings.AXES_FAILURE_LIMIT - 1 :] == [429] * (
        len(names) - settings.AXES_FAILURE_LIMIT + 1
    )


def test_a_logged_in_caller_is_limited_too(api_client, alice, django_user_model, settings):
    mallory = django_user_model.objects.create_user("mallory", password=PASSWORD)
    api_client.force_authenticate(mallory)
    answers = [
        api_login(api_client, "alice", "wrong").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert answers[-1] == 429


def test_the_address_is_the_one_api_num_proxies_names(api_client, alice, settings):
    """Behind one proxy (API_NUM_PROXIES=1) each client is the address the proxy appended last;
    with none (0) a forged X-Forwarded-For changes nothing."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    for index in range(settings.AXES_FAILURE_LIMIT):
        api_login(api_client, "alice", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{index}")
    forged = api_login(api_client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api_login(api_client, "alice", "wrong", HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.1")
    other_client = api_login(api_client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
    same_client = api_login(
        api_client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="another spoof, 198.51.100.1"
    )

    assert forged.status_code == 429
    assert other_client.status_code == LOGGED_IN
    assert same_client.status_code == 429


def test_a_successful_login_clears_the_count(api_client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        api_login(api_client, "alice", "wrong")
    assert api_login(api_client, "alice", PASSWORD).status_code == LOGGED_IN
    answers = [
        api_login(api_client, "alice", "wrong").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT - 1)
    ]

    assert answers == [400] * (settings.AXES_FAILURE_LIMIT - 1)
{%- endif %}
