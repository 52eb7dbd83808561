"""Limits from settings: the size of a post's fields and of a request body, and how often a
visitor who is not logged in may write. Over a limit is a JSON 4xx, never a 500."""

import pytest
from django.conf import settings

from api.tests.error_shape import error_codes
from posts.models import Post

pytestmark = pytest.mark.django_db

LIST_URL = "/api/posts/"


@pytest.mark.parametrize(
    ("field", "length"), [("title", 200), ("content", settings.POST_CONTENT_MAX_LENGTH)]
)
def test_a_field_over_its_length_is_refused(author_client, field, length):
    fits = author_client.post(LIST_URL, {"title": "t", field: "x" * length}, format="json")
    over = author_client.post(LIST_URL, {"title": "t", field: "x" * (length + 1)}, format="json")

    assert fits.status_code == 201
    assert error_codes(over, 400) == [(field, "max_length")]
    assert Post.objects.count() == 1


def test_a_huge_body_is_a_413_whoever_sends_it(author_client):
    # The 2.4 MB post that made every list request slow before there was a limit.
    body = {"title": "Huge", "content": "x" * 2_400_000}

    response = author_client.post(LIST_URL, body, format="json")

    assert error_codes(response, 413) == [(None, "request_too_large")]
    assert not Post.objects.exists()


{% if cookiecutter.auth == "none" -%}
def test_anonymous_writes_are_throttled_reads_are_not(api_client, throttle_rates):
    throttle_rates(anonymous_write="2/minute")
    write = {"title": "Anonymous"}

    assert api_client.post(LIST_URL, write, format="json").status_code == 201
    assert api_client.post(LIST_URL, write, format="json").status_code == 201
    throttled = api_client.post(LIST_URL, write, format="json")

    assert error_codes(throttled, 429) == [(None, "throttled")]
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert Post.objects.count() == 2
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
