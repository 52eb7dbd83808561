"""Fixtures of the plumbing's tests that the posts tests use too: there they need no posts."""

{% if cookiecutter.auth != "none" -%}
from accounts.tests.test_auth_api import alice, bob  # noqa: F401 (users signed up by the API)
{% endif -%}
from config.tests.test_production import deploy_check  # noqa: F401 (`check --deploy`, production)
