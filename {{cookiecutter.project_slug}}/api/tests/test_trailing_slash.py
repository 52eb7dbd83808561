"""Every route under /api/ does what its method says with or without the trailing slash: no
redirect (which a browser follows as a GET, losing a write) and no 500."""

import pytest

from posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slash", ["/", ""])
def test_every_method_on_the_list_and_a_post_works_without_the_slash(author_client, user, slash):
    created = author_client.post(f"/api/posts{slash}", {"title": "Kept"}, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/posts/{created.json()['id']}{slash}"

    assert author_client.get(f"/api/posts{slash}").status_code == 200
    assert author_client.get(url).json()["title"] == "Kept"
    assert author_client.put(url, {"title": "Put", "content": ""}, format="json").status_code == 200
    assert author_client.patch(url, {"title": "Patched"}, format="json").status_code == 200
    assert Post.objects.get().title == "Patched"
    assert author_client.delete(url).status_code == 204
    assert not Post.objects.exists()
{%- if cookiecutter.auth != "none" %}


@pytest.mark.parametrize("path", ["registration", "login", "logout", "user"{% if cookiecutter.auth == "session" %}, "csrf"{% endif %}])
def test_auth_endpoints_answer_without_the_slash(api_client, path):
    with_slash = api_client.options(f"/api/auth/{path}/")
    without = api_client.options(f"/api/auth/{path}")

    assert without.status_code == with_slash.status_code != 404
    assert without.json() == with_slash.json()
{%- endif %}


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", ["/api/nope", "/api/nope/", "/api/posts/1/extra", "/api"])
def test_unknown_paths_under_api_are_a_json_404_for_every_method(client, method, path):
    # Django's test client, as a browser: with CSRF checks, no DRF client defaults.
    client.handler.enforce_csrf_checks = True

    response = getattr(client, method)(path, content_type="application/json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
