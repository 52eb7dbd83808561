"""What a post may hold and what a search of them may ask: a JSON 400 over a limit."""

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


def test_search_takes_a_bounded_number_of_words(api_client, settings):
    words = " ".join(f"w{index}" for index in range(settings.API_SEARCH_MAX_TERMS))
    too_many = f"{words} one-more"

    assert api_client.get(LIST_URL, {"search": words}).status_code == 200
    refused = api_client.get(LIST_URL, {"search": too_many})
    assert error_codes(refused, 400) == [("search", "too_many_terms")]
    assert f"at most {settings.API_SEARCH_MAX_TERMS} words" in refused.json()["errors"][0]["detail"]


def test_search_takes_a_bounded_number_of_characters(api_client, settings):
    refused = api_client.get(LIST_URL, {"search": "x" * (settings.API_SEARCH_MAX_LENGTH + 1)})

    assert error_codes(refused, 400) == [("search", "too_long")]
    assert str(settings.API_SEARCH_MAX_LENGTH) in refused.json()["errors"][0]["detail"]
