"""Fixtures of the plumbing's tests that the posts tests use too: there they need no posts."""

from config.tests.test_production import deploy_check  # noqa: F401 (`check --deploy`, production)
