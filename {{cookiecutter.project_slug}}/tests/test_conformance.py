"""The API does what its schema says, checked by Schemathesis: requests made up from the schema
(valid ones and invalid ones), in-process through the WSGI app, a bounded number per operation
and the same on every run. No answer may be a 5xx, and each one's status code, content type and
body must be one the schema documents."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
{%- if cookiecutter.auth != "none" %}
# Logging out would end the login the other requests use.
schema = schema.exclude(path="/api/auth/logout/")
{%- endif %}


@pytest.fixture(autouse=True)
def keep_the_test_database_connection():
    # As Django's test client does: called in-process, the WSGI app would close the test's
    # database connection after each request, and its transaction with it (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def no_write_limit(throttle_rates):
    # Every write a real one, not a 429 after the first few (api/tests/test_limits.py has those).
    throttle_rates(anonymous_write=None)


@pytest.fixture
def headers(django_user_model):
{%- if cookiecutter.auth == "token" %}
    """Requests as a logged-in user, so that writes get past the login."""
    from rest_framework.authtoken.models import Token

    user = django_user_model.objects.create_user("schemathesis")
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}
{%- else %}
    """{% if cookiecutter.auth == "session" %}Requests as nobody: a session login would need a CSRF token on every write.{% else %}No login to send.{% endif %}"""
    return {}
{%- endif %}


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_conforms_to_its_schema(case, headers):
    case.call_and_validate(headers=headers, checks=CHECKS)
