"""Every route under /api/ does what its method says with or without the trailing slash: no
redirect (which a browser follows as a GET, losing a write) and no 500. That holds for a router's
routes and a plain path(), registered with or without the slash, listed anywhere in the URLConf
(api/middleware.py); any other path under /api/ is a JSON 404."""

import pytest

from api.tests.urls import NOTE_URL, NOTES_URL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("api.tests.urls")]


@pytest.mark.parametrize("slash", ["/", ""])
def test_every_method_on_a_routers_list_and_item_works_without_the_slash(author_client, slash):
    list_url, item_url = NOTES_URL.rstrip("/") + slash, NOTE_URL.rstrip("/") + slash

    assert author_client.post(list_url, {"title": "Kept"}, format="json").status_code == 201
    assert author_client.get(list_url).status_code == 200
    assert author_client.get(item_url).json()["title"] == "The note"
    put = author_client.put(item_url, {"title": "Put"}, format="json")
    assert put.status_code == 200
    assert put.json() == {"title": "Put"}
    assert author_client.patch(item_url, {"title": "Patched"}, format="json").status_code == 200
    assert author_client.delete(item_url).status_code == 204


@pytest.mark.parametrize("path", ["/api/plain", "/api/plain/", "/api/health", "/api/health/"])
def test_a_plain_path_answers_with_and_without_the_slash(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 200, response.content


def test_the_path_the_client_asked_for_is_kept(api_client):
    # Nothing is redirected: the request keeps its path, links built from it included.
    response = api_client.get("/api/health")

    assert response.wsgi_request.path == "/api/health"
{%- if cookiecutter.auth != "none" %}


@pytest.mark.parametrize("path", ["registration", "login", "logout", "user"{% if cookiecutter.auth == "session" %}, "csrf"{% endif %}])
def test_auth_endpoints_answer_without_the_slash(api_client, path):
    with_slash = api_client.options(f"/api/auth/{path}/")
    without = api_client.options(f"/api/auth/{path}")

    assert without.status_code == with_slash.status_code != 404
    assert without.json() == with_slash.json()
{%- endif %}


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", ["/api/nope", "/api/nope/", "/api/notes/1/extra", "/api/health/x"])
@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_unknown_paths_under_api_are_a_json_404_for_every_method(
    client, settings, method, path, debug
):
    settings.DEBUG = debug  # Django ignores handler404 in DEBUG: the 404 must not need it
    # Django's test client, as a browser: with CSRF checks, no DRF client defaults.
    client.handler.enforce_csrf_checks = True

    response = getattr(client, method)(path, content_type="application/json")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["code"] == "not_found"
