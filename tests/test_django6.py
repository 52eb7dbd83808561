"""One codebase for Django 5.2 LTS (Python 3.10/3.11) and Django 6 (Python 3.12+): a baked project,
its dependencies resolved afresh from requirements.in on the newest Python here, passes its checks
and its own suite under Django 6."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import skip_unless_ci
from filelock import FileLock

from scripts.bootstrap import CACHE, ensure_venv

pytestmark = pytest.mark.xdist_group("django6")


def newer_python() -> str | None:
    """A Python 3.12+ on PATH or under pyenv (Django 6 needs 3.12), newest first."""
    candidates = [shutil.which(f"python3.{minor}") for minor in (14, 13, 12)]
    candidates += sorted(
        glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python")), reverse=True
    )
    for candidate in filter(None, candidates):
        # A pyenv shim is on PATH even when its version is not selected: ask the Python itself.
        probe = subprocess.run(
            [candidate, "-c", "import sys; print(sys.version_info >= (3, 12), sys.executable)"],
            capture_output=True,
            text=True,
            check=False,
        )
        newer, _, executable = probe.stdout.strip().partition(" ")
        if probe.returncode == 0 and newer == "True":
            return executable
    return None


@pytest.fixture(scope="session")
def django6_python(bake) -> tuple[Path, Path]:
    interpreter = newer_python()
    if interpreter is None:
        problem = "no Python 3.12 or newer found (on PATH as python3.1x, or under ~/.pyenv)"
        skip_unless_ci("the Django 6 tests", problem)
    project = bake()
    # requirements.in, not the shipped pins (a 3.10 freeze, so Django 5.2), plus the test tools
    # that requirements-dev.in names.
    requirements = CACHE / "django6-requirements.txt"
    CACHE.mkdir(exist_ok=True)
    tools = (project / "requirements-dev.in").read_text().splitlines()
    tools = [line for line in tools if not line.startswith("-r ")]
    requirements.write_text((project / "requirements.in").read_text() + "\n".join(tools) + "\n")
    with FileLock(str(CACHE / "django6-venv.lock")):
        python = ensure_venv(CACHE / "django6-venv", requirements, interpreter=interpreter)
    return python, project


def run(python: Path, project: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(python), *args], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


def test_requirements_resolve_to_django_6_on_python_312_and_newer(django6_python):
    python, project = django6_python
    version = run(python, project, "-c", "import django; print(django.VERSION[0])").stdout
    assert int(version) >= 6


def test_checks_and_migrations_are_clean_under_django_6(django6_python):
    python, project = django6_python
    run(python, project, "manage.py", "check", "--fail-level", "WARNING")
    run(python, project, "manage.py", "makemigrations", "--check", "--dry-run")


def test_generated_suite_passes_under_django_6(django6_python):
    python, project = django6_python
    # Browser tests need playwright, which is not in this venv: they run in test_browser_bakes.
    result = run(
        python, project, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not browser"
    )
    assert " passed" in result.stdout
    assert " skipped" not in result.stdout, result.stdout
