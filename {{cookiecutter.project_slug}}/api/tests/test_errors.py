"""Every 4xx and 5xx under /api/ is JSON in one shape (api/tests/error_shape.py), whatever went
wrong, even before any API view runs."""

import json

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from api.parsers import JSONParser
from api.tests.error_shape import error_codes
from api.tests.urls import NOTES_URL as LIST_URL
from api.tests.urls import NoteViewSet

pytestmark = [pytest.mark.django_db, pytest.mark.urls("api.tests.urls")]


def post_raw(client, body, content_type="application/json"):
    # Django's test client, as a browser sends it: no DRF client encoding anything.
    return client.generic("POST", LIST_URL, body, content_type=content_type)


def test_a_missing_field_names_the_field(author_client):
    response = author_client.post(LIST_URL, {"content": "No title"}, format="json")

    assert error_codes(response, 400) == [("title", "required")]
    assert response.json()["type"] == "validation_error"


def test_a_malformed_body_is_a_parse_error(author_client):
    assert error_codes(post_raw(author_client, b'{"title": '), 400) == [(None, "parse_error")]


def test_a_deeply_nested_body_is_a_parse_error_not_a_500(author_client):
    # Far deeper than Python's recursion limit, far below the size limit.
    deep = b"[" * 20_000 + b"]" * 20_000

    assert error_codes(post_raw(author_client, deep), 400) == [(None, "parse_error")]


def test_an_oversized_body_is_a_413(author_client, monkeypatch):
    monkeypatch.setattr(JSONParser, "max_body_bytes", 1000)
    body = json.dumps({"title": "Big", "content": "x" * 1000})

    assert error_codes(post_raw(author_client, body), 413) == [(None, "request_too_large")]


def test_a_form_body_is_an_unsupported_media_type(author_client):
    response = post_raw(author_client, "title=Form", "application/x-www-form-urlencoded")

    assert error_codes(response, 415) == [(None, "unsupported_media_type")]


def test_a_wrong_method_is_a_405(author_client):
    assert error_codes(author_client.delete(LIST_URL), 405) == [(None, "method_not_allowed")]


def test_an_unacceptable_accept_header_is_a_406(api_client):
    response = api_client.get(LIST_URL, HTTP_ACCEPT="application/xml")

    assert error_codes(response, 406) == [(None, "not_acceptable")]


@pytest.mark.parametrize("path", [f"{LIST_URL}999999/", "/api/nope/", "/api/notes/x/y"])
def test_not_found_is_one_shape_whatever_is_missing(api_client, path):
    assert error_codes(api_client.get(path, HTTP_ACCEPT="application/json"), 404) == [
        (None, "not_found")
    ]


def test_a_crash_is_a_json_500_even_in_development(api_client, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(NoteViewSet, "list", crash)
    api_client.raise_request_exception = False

    with override_settings(DEBUG=True):
        response = api_client.get(LIST_URL)

    assert error_codes(response, 500) == [(None, "error")]
    assert "a bug" not in response.content.decode()


# Before any API view runs, Django answers with its own error views (api/errors.py), which it
# uses with DEBUG off: JSON in the same shape under /api/, its HTML pages for the admin.


@override_settings(DEBUG=False, ALLOWED_HOSTS=["api.example.com"])
def test_a_host_not_allowed_is_json_under_api_and_html_elsewhere(client):
    response = client.get(LIST_URL, HTTP_HOST="elsewhere.example")
    assert error_codes(response, 400) == [(None, "bad_request")]

    page = client.get("/admin/login/", HTTP_HOST="elsewhere.example")
    assert page.status_code == 400
    assert page["Content-Type"].startswith("text/html")


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("failure", "status", "code"),
    [(RuntimeError("a bug"), 500, "error"), (PermissionDenied("a bug"), 403, "permission_denied")],
    ids=["crash", "refusal"],
)
def test_a_failure_in_a_middleware_is_json_under_api_and_html_elsewhere(
    client, monkeypatch, failure, status, code
):
    def fail(self, request):
        raise failure

    monkeypatch.setattr(SessionMiddleware, "process_request", fail)
    client.raise_request_exception = False

    response = client.get(LIST_URL)
    assert error_codes(response, status) == [(None, code)]
    assert "a bug" not in response.content.decode()

    page = client.get("/admin/login/")
    assert page.status_code == status
    assert page["Content-Type"].startswith("text/html")
