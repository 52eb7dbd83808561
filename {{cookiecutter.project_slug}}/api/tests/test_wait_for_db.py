"""`manage.py wait_for_db`: the app's own wait for its database in a container (compose.yaml)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connections


@pytest.mark.django_db
def test_returns_at_once_when_the_database_answers_and_is_migrated():
    out = StringIO()
    call_command("wait_for_db", "--migrated", "--timeout", "0", stdout=out)
    assert "The database is ready (try 1)." in out.getvalue()


@pytest.mark.django_db
def test_retries_with_a_line_per_try_until_the_database_answers(monkeypatch):
    connection = connections["default"]
    answers = iter([OperationalError("connection refused"), OperationalError("starting up")])
    real = connection.ensure_connection

    def ensure_connection():
        error = next(answers, None)
        if error:
            raise error
        real()

    monkeypatch.setattr(connection, "ensure_connection", ensure_connection)
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    out, err = StringIO(), StringIO()
    call_command("wait_for_db", "--timeout", "30", stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        "Waiting for the database (try 1): the database does not answer (connection refused)",
        "Waiting for the database (try 2): the database does not answer (starting up)",
    ]
    assert "The database is ready (try 3)." in out.getvalue()


@pytest.mark.django_db
def test_gives_up_after_the_timeout_with_the_last_reason(monkeypatch):
    connection = connections["default"]

    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    with pytest.raises(CommandError, match=r"Gave up after 0 s: the database does not answer"):
        call_command("wait_for_db", "--timeout", "0", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_waits_for_unapplied_migrations_with_migrated(monkeypatch):
    from api.management.commands import wait_for_db

    waiting = iter([["posts.0002_next"], []])
    monkeypatch.setattr(wait_for_db.Command, "unapplied", staticmethod(lambda c: next(waiting)))
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    err = StringIO()
    call_command("wait_for_db", "--migrated", stdout=StringIO(), stderr=err)
    assert "migrations not applied yet: 1 (posts.0002_next ...)" in err.getvalue()
