"""What one client may ask of the server: a generous anonymous read rate,
a 413 for a body over any limit, a 503 with Retry-After when the database does not answer (or,
on PostgreSQL, a query outlives the statement timeout), one log line for a refused Host, a 400
for the loser of a sign-up race, and `csrf_failed` for a missing CSRF token (session)."""

import logging

import pytest
from django.db import OperationalError, connection
from rest_framework.test import APIClient

from api.parsers import JSONParser
from api.tests.error_shape import error_codes
from api.tests.urls import NOTES_URL as LIST_URL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("api.tests.urls")]


def test_anonymous_reads_are_limited_generously(api_client, throttle_rates):
    throttle_rates(anonymous_read="3/minute")
    answers = [api_client.get(LIST_URL).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_a_body_over_djangos_limit_is_a_413_in_the_error_shape(api_client, settings, monkeypatch):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    monkeypatch.setattr(JSONParser, "max_body_bytes", 10_000)  # Django's limit is the lower one
    body = b'{"username": "' + b"x" * 2000 + b'"}'
    url = {{ '"/api/auth/login/"' if cookiecutter.auth != "none" else "LIST_URL" }}

    response = api_client.post(url, body, content_type="application/json")

    assert error_codes(response, 413) == [(None, "request_too_large")]


@pytest.fixture
def database_down():
    """The database refusing every query, as a stopped server does (Django's execute wrapper)."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def test_a_database_outage_is_a_503_with_retry_after_logged_in_one_line(
    api_client, database_down, caplog
):
    with caplog.at_level(logging.ERROR):
        first = api_client.get(LIST_URL)
        second = api_client.get(LIST_URL)

    assert error_codes(first, 503) == [(None, "database_unavailable")]
    assert int(first["Retry-After"]) > 0
    assert second.status_code == 503
    records = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(records) == 2  # one per failure, nothing from django.request besides
    assert all("Connection refused" in record.getMessage() for record in records)
    assert sum(record.exc_info is not None for record in records) <= 1  # one traceback a minute


def test_a_database_outage_in_a_middleware_is_the_same_503(database_down, caplog):
    """The login guard asks django-axes for the account's count before any view runs: Django's
    handler500 gets that error, and answers as the API's views do."""
    client = APIClient(raise_request_exception=False)  # as a server answers, not re-raised
    body = {"username": "alice", "password": "a guess"}

    with caplog.at_level(logging.ERROR):
        response = client.post("/api/auth/login/", body, format="json")

    assert error_codes(response, 503) == [(None, "database_unavailable")]
    assert int(response["Retry-After"]) > 0
    records = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert [record.name for record in records] == ["api.exceptions"]  # one line, not two
    assert "Connection refused" in records[0].getMessage()


def test_the_api_answers_again_once_the_database_is_back(api_client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(refuse):
        assert api_client.get(LIST_URL).status_code == 503

    assert api_client.get(LIST_URL).status_code == 200


def test_a_refused_host_is_one_log_line(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.security"):
        response = client.get(LIST_URL, HTTP_HOST="attacker.example")

    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(records) == 1
    assert records[0].exc_info is None
{%- if cookiecutter.database == "postgresql" %}


@pytest.mark.django_db(transaction=True)
def test_a_query_past_the_statement_timeout_is_a_503(api_client, settings):
    import psycopg
    from django.contrib.auth import get_user_model

    assert settings.DATABASE_STATEMENT_TIMEOUT_MS > 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] != "0"  # set for every connection by settings.py
        cursor.execute("SET statement_timeout = 300")  # shorter, for the test's sake
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    # Another client holds a lock the list waits for, so the list's query outlives the timeout.
    table = get_user_model()._meta.db_table  # the tests' list reads it
    try:
        with psycopg.connect(**params) as locker:
            locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
            response = api_client.get(LIST_URL)
            locker.rollback()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")  # back to settings.py's, for the teardown

    assert error_codes(response, 503) == [(None, "query_timeout")]
    assert int(response["Retry-After"]) > 0
{%- endif %}
{%- if cookiecutter.auth != "none" %}


def test_the_loser_of_a_sign_up_race_gets_a_400_not_a_500(
    api_client, django_user_model, monkeypatch, settings
):
    """Two sign-ups for one name both pass the check before either is saved: the database's
    constraint stops the second, which must hear "taken", as a slower sign-up does."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_user("alice", password="a long pass phrase 1")
    # The check sees no "alice" yet, as in the race.
    monkeypatch.setattr(
        "accounts.adapter.AccountAdapter.clean_username",
        lambda self, username, shallow=False: username,
    )
    password = "a long pass phrase 2"
    body = {"username": "ALICE", "password1": password, "password2": password}

    response = api_client.post("/api/auth/registration/", body, format="json")

    assert error_codes(response, 400) == [("username", "username_taken")]
    from allauth.account.adapter import get_adapter  # only bakes with accounts have allauth

    taken = get_adapter().error_messages["username_taken"]  # in the project's language
    assert response.json()["errors"][0]["detail"] == str(taken)
    assert django_user_model.objects.filter(username__iexact="alice").count() == 1
{%- endif %}
{%- if cookiecutter.auth == "session" %}


def test_a_missing_csrf_token_has_its_own_code(user):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(LIST_URL, {"title": "t", "content": "c"}, format="json")

    assert error_codes(response, 403) == [(None, "csrf_failed")]
{%- endif %}
