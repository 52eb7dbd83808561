"""auth=none: no login at all, and anyone may create, change and delete posts; `check --deploy`
warns of it (posts.W001) until OPEN_API_IN_PRODUCTION=True says it is meant."""

import pytest

from posts.checks import check_writes_need_a_login
from posts.models import Post

pytestmark = pytest.mark.django_db

LIST_URL = "/api/posts/"


def test_anyone_may_create_change_and_delete_a_post(api_client):
    created = api_client.post(LIST_URL, {"title": "Open"}, format="json")
    assert created.status_code == 201
    assert created.json()["author"] is None
    url = f"{LIST_URL}{created.json()['id']}/"

    assert api_client.patch(url, {"title": "Changed"}, format="json").status_code == 200
    assert api_client.delete(url).status_code == 204
    assert not Post.objects.exists()


def test_session_cookies_are_ignored_so_no_csrf_check_applies(client, user):
    # A user logged into /admin/ whose browser sends the session cookie: without any
    # authentication class the API never reads it, so there is no CSRF check to fail.
    client.force_login(user)
    client.handler.enforce_csrf_checks = True

    response = client.post(LIST_URL, {"title": "Open"}, content_type="application/json")

    assert response.status_code == 201
    assert response.json()["author"] is None


@pytest.mark.parametrize("path", ["login/", "registration/", "logout/", "user/", "csrf/"])
def test_there_are_no_auth_endpoints(api_client, path):
    assert api_client.post(f"/api/auth/{path}").status_code == 404


def test_open_api_in_production_warns_until_confirmed(deploy_check):
    unconfirmed = deploy_check(OPEN_API_IN_PRODUCTION="False")
    confirmed = deploy_check(OPEN_API_IN_PRODUCTION="True")

    assert not unconfirmed[0]
    assert "posts.W001" in unconfirmed[1]
    assert "Anyone may create, change and delete posts" in unconfirmed[1]
    assert confirmed[0], confirmed[1]


def test_open_api_check(settings):
    settings.OPEN_API_IN_PRODUCTION = False
    assert [warning.id for warning in check_writes_need_a_login(None)] == ["posts.W001"]

    settings.OPEN_API_IN_PRODUCTION = True
    assert check_writes_need_a_login(None) == []
