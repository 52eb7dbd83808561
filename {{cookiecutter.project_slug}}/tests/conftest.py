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
def settings_with_environment(monkeypatch):
    """settings_with_environment(**variables): config/settings.py as a process with these
    environment variables would load it (plus .env, as always), without touching this process."""

    def load(**variables):
        monkeypatch.setattr(environ.Env, "ENVIRON", {**environ.Env.ENVIRON, **variables})
        return run_path(str(SETTINGS_FILE))

    return load
