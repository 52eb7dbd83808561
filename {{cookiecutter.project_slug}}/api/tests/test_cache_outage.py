"""A shared cache that does not answer (CACHE_URL=redis://... on a port nobody listens on): the
API keeps answering, its limits counted in this process's memory (api/cache.py), the outage
logged once, and /api/health/ a 503 with Retry-After so that a load balancer looks elsewhere."""

import logging
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings
from rest_framework.test import APIClient

from api.tests.error_shape import error_codes

pytestmark = pytest.mark.django_db
PASSWORD = "a long pass phrase 1"


@pytest.fixture
def cache_down(settings_from_environment, monkeypatch, throttle_rates):
    """CACHES as settings.py makes them from a CACHE_URL where no Redis answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # free, and closed once the socket is
    loaded = settings_from_environment(CACHE_URL=f"redis://127.0.0.1:{port}/0")
    throttle_rates(anonymous_write="3/hour")
    with override_settings(CACHES=loaded["CACHES"]):
        # No outage seen yet in this process (api/cache.py keeps it per process).
        fresh = {"retry_at": 0.0, "logged_at": float("-inf")}
        monkeypatch.setattr(type(caches["default"]), "outage", fresh, raising=False)
        yield
    caches["default"].close()


def test_reads_writes_and_logins_answer_and_the_limit_still_holds(
    cache_down, django_user_model, caplog
):
    django_user_model.objects.create_user("alice", password=PASSWORD)
    caplog.set_level(logging.WARNING, logger="api.cache")

    def post(path, body):
        # A new client each time: one that logged in would no longer be anonymous.
        return APIClient().post(path, body, format="json")

    assert APIClient().get("/api/posts/").status_code == 200
{%- if cookiecutter.auth != "none" %}
    login = post("/api/auth/login/", {"username": "alice", "password": PASSWORD})
    assert login.status_code in {200, 204}, login.content
    new = {"username": "bob", "password1": PASSWORD, "password2": PASSWORD}
    sign_up = post("/api/auth/registration/", new)
    assert sign_up.status_code in {201, 204}, sign_up.content
    wrong = {"username": "alice", "password": "wrong"}
    assert post("/api/auth/login/", wrong).status_code == 400
    # The three anonymous writes of API_ANONYMOUS_WRITE_RATE are spent: counted in memory.
    over = post("/api/auth/login/", wrong)
{%- else %}
    written = {"title": "t", "content": "c"}
    for _ in range(3):
        assert post("/api/posts/", written).status_code == 201
    # The three anonymous writes of API_ANONYMOUS_WRITE_RATE are spent: counted in memory.
    over = post("/api/posts/", written)
{%- endif %}
    assert error_codes(over, 429) == [(None, "throttled")]

    outage_lines = [record for record in caplog.records if record.name == "api.cache"]
    assert len(outage_lines) == 1, [record.getMessage() for record in outage_lines]
    assert "does not answer" in outage_lines[0].getMessage()


def test_the_admin_login_answers_too(cache_down, client):
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})

    assert response.status_code == 200  # the form again, with its error


def test_health_says_the_cache_is_down_with_retry_after(cache_down, api_client):
    response = api_client.get("/api/health/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "reason": "the cache is unreachable (ConnectionError)",
    }
    assert int(response["Retry-After"]) > 0


def test_the_database_outage_answer_has_retry_after_too(api_client, monkeypatch):
    from django.db import OperationalError, connection

    def unreachable():
        raise OperationalError("could not connect")

    monkeypatch.setattr(connection, "cursor", unreachable)

    response = api_client.get("/api/health/")

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
