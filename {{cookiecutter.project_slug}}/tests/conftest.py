from pathlib import Path
from runpy import run_path

import environ
import pytest
from rest_framework.test import APIClient

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "config" / "settings.py"


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def settings_from_environment(monkeypatch):
    """settings_from_environment(**variables): the names config/settings.py defines when a process
    with these environment variables loads it (plus .env, as always), this process untouched."""

    def load(**variables):
        monkeypatch.setattr(environ.Env, "ENVIRON", {**environ.Env.ENVIRON, **variables})
        return run_path(str(SETTINGS_FILE))

    return load


@pytest.fixture
def apply_environment(settings, settings_from_environment):
    """apply_environment(**variables): set Django's CORS settings for this test to what these
    environment variables would make them, the way a user's .env changes them."""

    def apply(**variables):
        loaded = settings_from_environment(**variables)
        for name, value in loaded.items():
            if name.startswith("CORS_") or name == "CSRF_TRUSTED_ORIGINS":
                setattr(settings, name, value)

    return apply
