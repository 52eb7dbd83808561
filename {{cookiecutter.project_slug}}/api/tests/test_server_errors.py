"""A crash is one 500 wherever it happens: in a view (drf-standardized-errors' handler,
api/exceptions.py) or in a middleware before any view (Django's handler500, api/errors.py),
the same code and the same words."""

import pytest
from rest_framework.exceptions import APIException
from rest_framework.test import APIClient

from api.tests.error_shape import error_codes

pytestmark = pytest.mark.django_db


def crash(*args, **kwargs):
    raise RuntimeError("a bug")


def test_a_crash_in_a_view_and_in_a_middleware_read_the_same(monkeypatch):
    client = APIClient(raise_request_exception=False)
    monkeypatch.setattr("api.health.HealthView.get", crash)
    monkeypatch.setattr("accounts.login_guard.submitted_username", crash)

    in_view = client.get("/api/health/")
    in_middleware = client.post("/api/auth/login/", {}, format="json")

    assert error_codes(in_view, 500) == error_codes(in_middleware, 500) == [(None, "error")]
    assert in_view.json() == in_middleware.json()
    # DRF's words, in the project's language (LANGUAGE_CODE).
    assert in_view.json()["errors"][0]["detail"] == str(APIException.default_detail)
