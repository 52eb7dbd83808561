"""Who may do what to posts ({{ cookiecutter.auth }} auth): anyone reads, a logged-in user writes,
only the author changes or deletes."""

import pytest
from rest_framework.exceptions import NotAuthenticated

from accounts.tests.test_auth_api import ANONYMOUS_WRITE, sign_up
from api.tests.error_shape import error_codes
from posts.checks import check_writes_need_a_login
from posts.models import Post

pytestmark = pytest.mark.django_db

LIST_URL = "/api/posts/"


@pytest.fixture
def alice():
    return sign_up("alice")[0]


@pytest.fixture
def bob():
    return sign_up("bob")[0]


def detail_url(post):
    return f"{LIST_URL}{post.pk}/"


def test_anyone_may_read(api_client, user):
    post = Post.objects.create(title="Public", author=user)

    assert api_client.get(LIST_URL).status_code == 200
    assert api_client.get(detail_url(post)).json()["author"] == user.username


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_writes_are_refused_as_json(api_client, user, method):
    post = Post.objects.create(title="Kept", author=user)
    url = LIST_URL if method == "post" else detail_url(post)

    response = getattr(api_client, method)(url, {"title": "x"}, format="json")

    assert error_codes(response, ANONYMOUS_WRITE) == [(None, "not_authenticated")]
    # In the project's language (LANGUAGE_CODE), as DRF translates it.
    assert response.json()["errors"][0]["detail"] == str(NotAuthenticated.default_detail)
{%- if cookiecutter.auth == "token" %}
    assert response.headers["WWW-Authenticate"] == "Token"
{%- endif %}
    assert Post.objects.get().title == "Kept"


def test_a_logged_in_user_writes_their_own_posts(alice):
    created = alice.post(LIST_URL, {"title": "Mine"}, format="json")
    assert created.status_code == 201
    assert created.json()["author"] == "alice"
    url = f"{LIST_URL}{created.json()['id']}/"

    assert alice.put(url, {"title": "Still mine", "content": ""}, format="json").status_code == 200
    assert alice.patch(url, {"content": "More"}, format="json").status_code == 200
    assert alice.delete(url).status_code == 204
    assert not Post.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_nobody_else_may_change_or_delete_a_post(alice, bob, method):
    url = f"{LIST_URL}{alice.post(LIST_URL, {'title': 'Mine'}, format='json').json()['id']}/"

    response = getattr(bob, method)(url, {"title": "Taken over"}, format="json")

    assert error_codes(response, 403) == [(None, "permission_denied")]
    detail = response.json()["errors"][0]["detail"]
    assert detail == "Only the author of a post may change or delete it."
    assert Post.objects.get().title == "Mine"


def test_posts_without_an_author_may_be_changed_by_nobody(alice):
    post = Post.objects.create(title="Sample")

    assert alice.patch(detail_url(post), {"title": "x"}, format="json").status_code == 403


def test_writes_need_a_login_so_no_open_api_warning(settings):
    settings.OPEN_API_IN_PRODUCTION = False

    assert check_writes_need_a_login(None) == []
