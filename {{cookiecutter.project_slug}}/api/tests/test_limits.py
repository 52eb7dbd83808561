"""Limits from settings: the size of a request body, and how often a visitor who is not logged in
may write. Over a limit is a JSON 4xx, never a 500. (A post's fields: posts/tests.)"""

import pytest

from api.tests.error_shape import error_codes
from api.tests.urls import NOTES_URL as LIST_URL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("api.tests.urls")]


def test_a_huge_body_is_a_413_whoever_sends_it(author_client):
    # The 2.4 MB post that made every list request slow before there was a limit.
    body = {"title": "Huge", "content": "x" * 2_400_000}

    response = author_client.post(LIST_URL, body, format="json")

    assert error_codes(response, 413) == [(None, "request_too_large")]


{% if cookiecutter.auth == "none" -%}
def test_anonymous_writes_are_throttled_reads_are_not(api_client, throttle_rates):
    throttle_rates(anonymous_write="2/minute")
    write = {"title": "Anonymous"}

    assert api_client.post(LIST_URL, write, format="json").status_code == 201
    assert api_client.post(LIST_URL, write, format="json").status_code == 201
    throttled = api_client.post(LIST_URL, write, format="json")

    assert error_codes(throttled, 429) == [(None, "throttled")]
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert api_client.get(LIST_URL).status_code == 200
{%- else -%}
def test_anonymous_writes_are_throttled_login_attempts_too(api_client, user, throttle_rates):
    throttle_rates(anonymous_write="2/minute")
    wrong = {"username": user.username, "password": "guess"}

    assert api_client.post("/api/auth/login/", wrong, format="json").status_code == 400
    # Refused for want of a login before the throttle counts it.
    assert api_client.post(LIST_URL, {"title": "x"}, format="json").status_code in {401, 403}
    assert api_client.post("/api/auth/login/", wrong, format="json").status_code == 400
    throttled = api_client.post("/api/auth/login/", wrong, format="json")

    assert error_codes(throttled, 429) == [(None, "throttled")]
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert api_client.get(LIST_URL).status_code == 200
{%- endif %}


def test_logged_in_writers_are_not_throttled(author_client, throttle_rates):
    throttle_rates(anonymous_write="2/minute")

    for number in range(4):
        response = author_client.post(LIST_URL, {"title": f"Post {number}"}, format="json")
        assert response.status_code == 201
