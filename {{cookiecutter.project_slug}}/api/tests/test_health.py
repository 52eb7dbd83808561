"""GET /api/health/: 200 while the database answers, 503 with a JSON reason when not; one query,
no authentication, no https redirect for a probe over plain http."""

import pytest
from django.db import OperationalError, connection

HEALTH = "/api/health/"


@pytest.mark.django_db
def test_healthy_with_the_database_reachable(api_client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1: no session, user or migrations lookup
        response = api_client.get(HEALTH)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_unavailable_with_the_reason_when_the_database_is_not(api_client, monkeypatch):
    def unreachable():
        raise OperationalError("could not connect to server at db.internal")

    monkeypatch.setattr(connection, "cursor", unreachable)

    response = api_client.get(HEALTH)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert "database is unreachable (OperationalError)" in body["reason"]
    assert "db.internal" not in body["reason"]  # details go to the log only


@pytest.mark.django_db
def test_no_credentials_are_looked_at(api_client):
    response = api_client.get(HEALTH, headers={"Authorization": "Token not-a-token"})

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_probe_over_plain_http_in_production_is_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["api.example.com"]

    health = client.get(HEALTH, headers={"Host": "api.example.com"})
    other = client.get("/api/schema/", headers={"Host": "api.example.com"})

    assert health.status_code == 200
    assert other.status_code == 301


@pytest.mark.django_db
def test_answers_without_the_slash_and_ignores_a_stale_token(api_client):
    # Probes are configured by hand; a load balancer that forwards a client's header must not
    # turn the check into a 401.
    response = api_client.get("/api/health", headers={"Authorization": "Token stale"})

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
