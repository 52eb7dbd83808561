#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Is the virtual environment (.venv) activated? "
            "If there is no .venv, make it with: python3 freeze.py"
        ) from exc
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        _ = settings.INSTALLED_APPS  # loads the settings, which refuse bad production values
    except ImproperlyConfigured as error:
        sys.exit(f"Settings refused: {error}")  # the reason, without a traceback around it
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
