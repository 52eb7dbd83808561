"""The OpenAPI schema at /api/schema/ is valid OpenAPI 3 and says what the API does, errors
included; Swagger UI at /api/docs/ comes from this project, not from a CDN."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from openapi_spec_validator import validate
from rest_framework.test import APIClient

{% if cookiecutter.auth == "none" -%}
AUTH_PATHS = set()
SECURITY_SCHEMES = set()
{% else -%}
AUTH_PATHS = {
    "/api/auth/registration/",
    "/api/auth/login/",
    "/api/auth/logout/",
    "/api/auth/user/",
{%- if cookiecutter.auth == "session" %}
    "/api/auth/csrf/",
{%- endif %}
}
SECURITY_SCHEMES = {{ '{"tokenAuth"}' if cookiecutter.auth == "token" else '{"cookieAuth"}' }}
{% endif -%}
HTTP_METHODS = {"get", "put", "post", "delete", "patch"}


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


def test_every_endpoint_is_described(schema):
    expected = {"/api/health/", "/api/posts/", "/api/posts/{id}/", *AUTH_PATHS}
    assert set(schema["paths"]) == expected


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
{%- if cookiecutter.auth != "none" %}


@pytest.mark.parametrize(("path", "method"), [("/api/posts/", "post"), ("/api/posts/{id}/", "put")])
def test_writes_document_the_refusals_of_nobody_and_of_others(schema, path, method):
    assert {"401", "403"} <= set(schema["paths"][path][method]["responses"])
{%- endif %}


def test_the_list_documents_pages_search_and_ordering(schema):
    listing = schema["paths"]["/api/posts/"]["get"]
    assert {"page", "page_size", "search", "ordering"} <= {p["name"] for p in listing["parameters"]}
    page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][page.rsplit("/", 1)[-1]]["properties"]
    assert {"count", "next", "previous", "results"} <= set(properties)


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
