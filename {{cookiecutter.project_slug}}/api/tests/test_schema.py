"""The OpenAPI schema at /api/schema/ is valid OpenAPI 3 and says what every endpoint must say,
whichever apps the project has: an operationId, a tag, each error response in the one shape.
Swagger UI at /api/docs/ comes from this project, not from a CDN."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from openapi_spec_validator import validate
from rest_framework.test import APIClient

HTTP_METHODS = {"get", "put", "post", "delete", "patch"}
{% if cookiecutter.auth == "none" -%}
AUTH_PATHS = set()
SECURITY_SCHEMES = set()
{% else -%}
AUTH_PATHS = {
    "/api/auth/registration/",
    "/api/auth/login/",
    "/api/auth/logout/",
    "/api/auth/user/",
    "/api/auth/password/change/",
{%- if cookiecutter.auth == "session" %}
    "/api/auth/csrf/",
{%- endif %}
}
SECURITY_SCHEMES = {{ '{"tokenAuth"}' if cookiecutter.auth == "token" else '{"cookieAuth"}' }}
{% endif %}

@pytest.fixture(scope="module")
def schema():
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def test_the_schema_is_valid_openapi(schema):
    validate(schema)


def test_drf_spectacular_generates_it_without_a_warning(tmp_path):
    # Each warning is something the schema would get wrong; --validate checks it as well.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


def test_title_version_and_description_come_from_settings(schema):
    assert schema["info"] == {
        "title": settings.API_TITLE,
        "version": settings.API_VERSION,
        "description": settings.API_DESCRIPTION,
    }


def test_the_projects_own_endpoints_are_described(schema):
    assert {"/api/health/", *AUTH_PATHS} <= set(schema["paths"])


def test_every_path_is_under_api_spelled_once_with_its_slash(schema):
    # Each route answers either way (api/middleware.py); the schema names it one way.
    for path in schema["paths"]:
        assert path.startswith("/api/") and path.endswith("/"), path
        assert "?" not in path, path


def test_every_operation_has_a_unique_id_and_a_tag(schema):
    ids = [operation.get("operationId") for _, _, operation in operations(schema)]
    assert all(ids), ids
    assert len(ids) == len(set(ids))
    for path, method, operation in operations(schema):
        assert operation.get("tags"), (method, path)


def test_the_auth_scheme_is_described(schema):
    assert set(schema["components"].get("securitySchemes", {})) == SECURITY_SCHEMES


def test_every_operation_documents_its_errors_in_the_one_shape(schema):
    components = schema["components"]["schemas"]
    for path, method, operation in operations(schema):
        statuses = set(operation["responses"])
        assert {"400", "404", "405", "500"} <= statuses, (method, path)
        # The health check's 503 is its own small body, {"status", "reason"}, made for probes.
        own = {"503"} if path == "/api/health/" else set()
        for status in own:
            content = operation["responses"][status]["content"]["application/json"]
            name = content["schema"]["$ref"].rsplit("/", 1)[-1]
            assert set(schema["components"]["schemas"][name]["properties"]) == {"status", "reason"}
        for status in statuses - {"200", "201", "204"} - own:
            content = operation["responses"][status]["content"]["application/json"]
            name = content["schema"]["$ref"].rsplit("/", 1)[-1]
            shape = components[name]
            # A 400 is one of two shapes (validation or parse error), each with type and errors.
            for option in shape.get("oneOf", [shape]):
                if "$ref" in option:
                    option = components[option["$ref"].rsplit("/", 1)[-1]]
                assert {"type", "errors"} <= set(option["properties"]), (method, path, status)


@pytest.mark.parametrize("path", ["/api/schema", "/api/schema/"])
def test_the_schema_is_served_with_or_without_the_slash(path):
    response = APIClient().get(path)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")


def test_swagger_ui_is_served_from_this_project(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert f"{settings.STATIC_URL}drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "https://" not in page  # no CDN
