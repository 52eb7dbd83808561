"""Settings that a deployment changes through environment variables, without editing code."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def settings_with_environment(**variables):
    """The project's settings as a fresh process with these environment variables sees them."""
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({name: getattr(settings, name) for name in ("
        "'CORS_ALLOWED_ORIGINS', 'CORS_ALLOW_ALL_ORIGINS', 'CSRF_TRUSTED_ORIGINS', 'DEBUG')}))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **variables}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_cors_allowed_origins_from_environment_replace_the_baked_list():
    origins = "https://app.example.com,http://localhost:4000"

    settings = settings_with_environment(CORS_ALLOWED_ORIGINS=origins)

    assert settings["CORS_ALLOWED_ORIGINS"] == ["https://app.example.com", "http://localhost:4000"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == settings["CORS_ALLOWED_ORIGINS"]


def test_cors_allow_all_origins_from_environment():
    assert settings_with_environment(CORS_ALLOW_ALL_ORIGINS="True")["CORS_ALLOW_ALL_ORIGINS"]
    assert not settings_with_environment(CORS_ALLOW_ALL_ORIGINS="False")["CORS_ALLOW_ALL_ORIGINS"]


def test_debug_from_environment():
    assert settings_with_environment(DJANGO_DEBUG="False")["DEBUG"] is False
