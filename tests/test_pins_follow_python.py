"""requirements.txt installs wherever the bake's own files install it.

A bake pins requirements.txt from the pip freeze of the Python that runs cookiecutter; its
Dockerfile installs requirements.txt on the Python of its base image, and its CI workflow
installs requirements-dev.txt (which includes requirements.txt) on each Python of its matrix.
Bakes made by pyenv's 3.10, 3.12 and 3.13 (cookiecutter installed into a venv of each, under
.cache), each with a .venv frozen for real, and one that keeps the shipped pins, are checked with
`pip install --dry-run` under every Python those files name. Needs a package index, as
tests/test_virtualenv_bakes.py does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import TEMPLATE_DIR, skip_unless_ci
from filelock import FileLock

from scripts.bootstrap import CACHE

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("pins-follow-python")]

TOOLS_BIN = Path(sys.executable).parent
PYENV = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
# The oldest Python the template supports, and two that resolve newer packages than it does.
BAKING_PYTHONS = ["3.10", "3.12", "3.13"]


def pyenv_python(version: str) -> Path | None:
    """The newest pyenv Python of a major.minor version, or None."""
    found = [path for path in PYENV.glob(f"{version}.*/bin/python") if path.exists()]
    patch = lambda path: int(re.sub(r"\D.*", "", path.parent.parent.name.split(".")[2]) or 0)  # noqa: E731
    return max(found, key=patch, default=None)


def python_or_skip(version: str) -> Path:
    python = pyenv_python(version)
    if python is None:
        skip_unless_ci(f"bakes and installs on Python {version}", f"no Python {version} in {PYENV}")
    return python


def cookiecutter_for(version: str) -> Path:
    """cookiecutter in a venv of that Python (made once, under .cache): the bake then runs the
    template's filters and its post-gen hook on that Python, as a student's machine would."""
    venv = CACHE / f"cookiecutter-python{version}"
    CACHE.mkdir(exist_ok=True)
    with FileLock(str(CACHE / f"cookiecutter-python{version}.lock")):
        command = venv / "bin" / "cookiecutter"
        if not command.exists():
            python = python_or_skip(version)
            uv = TOOLS_BIN / "uv"
            subprocess.run([uv, "venv", "-q", "--python", python, venv], check=True)
            demo = TEMPLATE_DIR / "requirements-demo.txt"
            install = [uv, "pip", "install", "-q", "--python", venv / "bin" / "python", "-r", demo]
            subprocess.run(install, check=True)
    return command


def bake_with(version: str, output: Path, create_virtualenv: str) -> Path:
    environment = {
        **os.environ,
        "PATH": f"{TOOLS_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "TEMPLATE_VENV_TOOL": "uv",
        "TEMPLATE_HIDE_NEXT_STEPS": "1",
    }
    command = [cookiecutter_for(version), "--no-input", "-o", output, TEMPLATE_DIR]
    # deploy=compose: the bake with a Dockerfile (a template without that prompt ignores it).
    command += [f"create_virtualenv={create_virtualenv}", "deploy=compose"]
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stdout + done.stderr
    return output / "my_blog_api"


def ci_pythons(project: Path) -> list[str]:
    """Every Python a job of the bake's CI workflow runs on."""
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    jobs = workflow["jobs"].values()
    matrices = [job.get("strategy", {}).get("matrix", {}) for job in jobs]
    return sorted({python for matrix in matrices for python in matrix.get("python-version", [])})


def installs(python: Path, requirements: str, project: Path) -> subprocess.CompletedProcess:
    """pip's resolution of a requirements file for that Python, installing nothing."""
    command = [python, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet"]
    return subprocess.run(
        [*command, "--disable-pip-version-check", "-r", requirements],
        cwd=project,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("version", "create_virtualenv"),
    # Each Python pins its own freeze; the shipped pins (no .venv: frozen on 3.10) are checked
    # on the newest, where they are likeliest to fail.
    [*((version, "yes") for version in BAKING_PYTHONS), (BAKING_PYTHONS[-1], "no")],
)
def test_requirements_install_on_the_dockerfiles_python_and_every_ci_python(
    version, create_virtualenv, tmp_path
):
    project = bake_with(version, tmp_path, create_virtualenv)
    assert (project / ".venv").exists() is (create_virtualenv == "yes")

    dockerfile = (project / "Dockerfile").read_text()
    image_pythons = set(re.findall(r"^FROM python:([0-9]+\.[0-9]+)-", dockerfile, re.M))
    ci = ci_pythons(project)
    assert len(image_pythons) == 1, dockerfile
    assert ci

    failures = []
    checks = [(python, "requirements.txt") for python in image_pythons]
    checks += [(python, "requirements-dev.txt") for python in ci]
    for python, requirements in checks:
        resolved = installs(python_or_skip(python), requirements, project)
        if resolved.returncode != 0:
            errors = [line for line in resolved.stderr.splitlines() if line.startswith("ERROR")]
            failures.append(f"{requirements} on Python {python}: {' '.join(errors)[-600:]}")
    assert failures == [], "\n".join(failures)
    # And all of them name the Python that froze the pins (the shipped ones hold for it too).
    assert (project / ".python-version").read_text() == f"{version}\n"
    assert image_pythons == set(ci) == {version}


def test_freeze_py_on_another_python_moves_the_record_with_the_pins(tmp_path):
    """A student who re-pins on another Python gets a Dockerfile and CI for that one."""
    project = bake_with("3.12", tmp_path, "no")
    environment = {**os.environ, "PATH": f"{TOOLS_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    python = python_or_skip("3.10")

    done = subprocess.run(
        [python, "freeze.py", "--no-venv"],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / ".python-version").read_text() == "3.10\n"
    dockerfile = (project / "Dockerfile").read_text()
    assert set(re.findall(r"^FROM python:([0-9.]+)-", dockerfile, re.M)) == {"3.10"}
    assert ci_pythons(project) == ["3.10"]
    assert "on Python 3.10." in (project / "requirements.txt").read_text()

    # The test tools are pinned on top of requirements.txt on its own Python, not another.
    dev = subprocess.run(
        [python_or_skip("3.12"), "freeze.py", "--dev", "--no-venv"],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert dev.returncode == 1
    assert "requirements.txt is pinned for Python 3.10 (.python-version)" in dev.stderr
