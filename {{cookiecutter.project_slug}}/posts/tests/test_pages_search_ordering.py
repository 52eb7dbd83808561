"""The list of posts comes a page at a time, and can be searched and sorted."""

import pytest

from api.pagination import PageNumberPagination
from api.tests.error_shape import error_codes
from posts.models import Post

pytestmark = pytest.mark.django_db

LIST_URL = "/api/posts/"


def titles(response):
    assert response.status_code == 200, response.content
    return [post["title"] for post in response.json()["results"]]


@pytest.fixture
def posts(monkeypatch):
    # As API_PAGE_SIZE=2 and API_MAX_PAGE_SIZE=4 would set them (read when Django starts).
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    monkeypatch.setattr(PageNumberPagination, "max_page_size", 4)
    return [Post.objects.create(title=f"Post {number}") for number in range(5)]


def test_the_list_is_paginated_newest_first(api_client, posts):
    first = api_client.get(LIST_URL).json()

    assert first["count"] == 5
    assert [post["title"] for post in first["results"]] == ["Post 4", "Post 3"]
    assert first["previous"] is None
    assert titles(api_client.get(first["next"])) == ["Post 2", "Post 1"]
    assert titles(api_client.get(LIST_URL, {"page": 3})) == ["Post 0"]
    assert api_client.get(LIST_URL, {"page": 3}).json()["next"] is None


def test_page_size_may_be_asked_for_up_to_the_maximum(api_client, posts):
    assert len(titles(api_client.get(LIST_URL, {"page_size": 3}))) == 3
    assert len(titles(api_client.get(LIST_URL, {"page_size": 10_000}))) == 4


@pytest.mark.parametrize("page", ["4", "0", "x"])
def test_a_page_that_does_not_exist_is_a_json_404(api_client, posts, page):
    response = api_client.get(LIST_URL, {"page": page})

    assert error_codes(response, 404) == [(None, "not_found")]


def test_search_looks_in_title_and_content(api_client):
    Post.objects.create(title="Cats", content="They purr.")
    Post.objects.create(title="Dogs", content="Unlike cats, they bark.")
    Post.objects.create(title="Birds")

    assert titles(api_client.get(LIST_URL, {"search": "CATS"})) == ["Dogs", "Cats"]
    assert titles(api_client.get(LIST_URL, {"search": "cats bark"})) == ["Dogs"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("title", ["A", "B", "C"]),
        ("-title", ["C", "B", "A"]),
        ("created_at", ["B", "C", "A"]),
        ("-updated_at", ["A", "C", "B"]),
        ("content", ["A", "C", "B"]),  # not allowed: ignored, newest first
    ],
)
def test_ordering_by_dates_and_title(api_client, ordering, expected):
    for title in ["B", "C", "A"]:
        Post.objects.create(title=title, content=title)

    assert titles(api_client.get(LIST_URL, {"ordering": ordering})) == expected
