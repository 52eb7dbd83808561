"""What a post may hold and what a search of them may ask: a JSON 400 over a limit."""

import pytest

from api.search import SearchFilter
from api.tests.error_shape import error_codes
from config.tests.new_process import run_in_a_new_process
from posts.models import Post
from posts.serializers import CONTENT_MAX_LENGTH

pytestmark = pytest.mark.django_db

LIST_URL = "/api/posts/"


@pytest.mark.parametrize(("field", "length"), [("title", 200), ("content", CONTENT_MAX_LENGTH)])
def test_a_field_over_its_length_is_refused(author_client, field, length):
    fits = author_client.post(LIST_URL, {"title": "t", field: "x" * length}, format="json")
    over = author_client.post(LIST_URL, {"title": "t", field: "x" * (length + 1)}, format="json")

    assert fits.status_code == 201
    assert error_codes(over, 400) == [(field, "max_length")]
    assert Post.objects.count() == 1


def test_the_content_limit_comes_from_the_environment_under_its_old_name_too():
    code = "from posts.serializers import CONTENT_MAX_LENGTH; print(CONTENT_MAX_LENGTH)"

    assert run_in_a_new_process(code, {"API_POST_CONTENT_MAX_LENGTH": "600"}) == "600"
    assert run_in_a_new_process(code, {"POST_CONTENT_MAX_LENGTH": "500"}) == "500"


def test_search_takes_a_bounded_number_of_words(api_client, monkeypatch):
    monkeypatch.setattr(SearchFilter, "max_terms", 3)
    words = " ".join(f"w{index}" for index in range(3))
    too_many = f"{words} one-more"

    assert api_client.get(LIST_URL, {"search": words}).status_code == 200
    refused = api_client.get(LIST_URL, {"search": too_many})
    assert error_codes(refused, 400) == [("search", "too_many_terms")]
    assert "at most 3 words" in refused.json()["errors"][0]["detail"]


def test_search_takes_a_bounded_number_of_characters(api_client, monkeypatch):
    monkeypatch.setattr(SearchFilter, "max_length", 7)

    assert api_client.get(LIST_URL, {"search": "x" * 7}).status_code == 200
    refused = api_client.get(LIST_URL, {"search": "x" * 8})
    assert error_codes(refused, 400) == [("search", "too_long")]
    assert "at most 7 characters" in refused.json()["errors"][0]["detail"]
