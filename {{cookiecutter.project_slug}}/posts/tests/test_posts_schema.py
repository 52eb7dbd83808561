"""What the schema says of posts: writes refused to nobody and to others, and a list in pages,
searched and ordered."""

import json

import pytest
from rest_framework.test import APIClient


@pytest.fixture(scope="module")
def schema():
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)
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
