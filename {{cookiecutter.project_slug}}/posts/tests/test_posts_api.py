"""The sample API: create, list, retrieve, update, partially update and delete posts."""

import pytest
from django.core.management import call_command

from api.tests.error_shape import error_codes
from posts.models import Post

pytestmark = pytest.mark.django_db

LIST_URL = "/api/posts/"


def detail_url(post):
    return f"{LIST_URL}{post.pk}/"


def test_no_posts_is_one_empty_page(api_client):
    # The cheapest API test there is: the template's benchmark measures the suite's cost per test
    # against it.
    response = api_client.get(LIST_URL)

    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_api_root_lists_the_posts_endpoint(api_client):
    response = api_client.get("/api/")

    assert response.status_code == 200
    # Django writes links without the optional trailing slash; both spellings work.
    assert response.json()["posts"] == "http://testserver/api/posts"


def test_create_post(author_client, user):
    response = author_client.post(
        LIST_URL, {"title": "Hello", "content": "First post"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["title"] == "Hello"
    assert body["content"] == "First post"
    assert body["author"] == user.username
    assert {"id", "created_at", "updated_at"} <= body.keys()
    assert Post.objects.get(pk=body["id"]).author == user


def test_author_is_set_from_the_request_not_the_body(author_client, user, django_user_model):
    django_user_model.objects.create_user("mallory")
    body = {"title": "Hello", "author": "mallory"}

    response = author_client.post(LIST_URL, body, format="json")

    assert response.status_code == 201
    assert response.json()["author"] == user.username


def test_create_post_without_title_is_rejected(author_client):
    response = author_client.post(LIST_URL, {"content": "No title"}, format="json")

    assert error_codes(response, 400) == [("title", "required")]
    assert not Post.objects.exists()


def test_list_posts_newest_first(api_client):
    first = Post.objects.create(title="First")
    second = Post.objects.create(title="Second")

    response = api_client.get(LIST_URL)

    assert response.status_code == 200
    assert [post["id"] for post in response.json()["results"]] == [second.pk, first.pk]


def test_retrieve_post(api_client):
    post = Post.objects.create(title="Hello", content="Body")

    response = api_client.get(detail_url(post))

    assert response.status_code == 200
    assert response.json()["content"] == "Body"


def test_update_post(author_client, user):
    post = Post.objects.create(title="Old", content="Old body", author=user)

    response = author_client.put(
        detail_url(post), {"title": "New", "content": "New body"}, format="json"
    )

    assert response.status_code == 200
    post.refresh_from_db()
    assert (post.title, post.content) == ("New", "New body")


def test_partial_update_post(author_client, user):
    post = Post.objects.create(title="Old", content="Kept", author=user)

    response = author_client.patch(detail_url(post), {"title": "New"}, format="json")

    assert response.status_code == 200
    post.refresh_from_db()
    assert (post.title, post.content) == ("New", "Kept")


def test_delete_post(author_client, user):
    post = Post.objects.create(title="Doomed", author=user)

    response = author_client.delete(detail_url(post))

    assert response.status_code == 204
    assert not Post.objects.filter(pk=post.pk).exists()


def test_missing_post_is_404(api_client):
    assert error_codes(api_client.get(f"{LIST_URL}999999/"), 404) == [(None, "not_found")]


def test_sample_posts_fixture_loads(api_client):
    call_command("loaddata", "sample_posts", verbosity=0)

    titles = [post["title"] for post in api_client.get(LIST_URL).json()["results"]]
    assert titles[0] == "Try a blocked origin"
    assert len(titles) == 3
