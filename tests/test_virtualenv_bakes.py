"""create_virtualenv: bakes that make a real .venv, on the uv path and on the pip path, and the
requirements.txt they pin; offline bakes; the shipped pins; the project's re-freeze command.

These bakes install from a package index for real; the matrix in test_bake.py makes no venv.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import jinja2
import pytest
from conftest import NO_BROWSER, TEMPLATE_DIR, read_junit, skip_unless_ci
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from answers import DATABASES
from bench import load
from scripts.bootstrap import GENERATED_TEMPLATE
from scripts.freeze_requirements import OLDEST_PYTHON, combine

SHIPPED = GENERATED_TEMPLATE / "requirements.txt"
SHIPPED_DEV = GENERATED_TEMPLATE / "requirements-dev.txt"
# The template's tools venv: requirements-test.txt puts uv there, for machines without one.
TOOLS_BIN = Path(sys.executable).parent
SEED_PACKAGES = {"pip", "setuptools", "wheel"}
PIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*==[A-Za-z0-9.+!_-]+")
RUNTIME = {"asgiref", "django", "django-cors-headers", "django-environ", "djangorestframework"}
# Every index the machine's pip (its config files and PIP_* variables) and uv would use, pointed at
# a closed port on this machine: no package index is reachable.
UNREACHABLE = "http://127.0.0.1:9/simple"
OFFLINE = {
    "PIP_CONFIG_FILE": os.devnull,
    "PIP_INDEX_URL": UNREACHABLE,
    "PIP_RETRIES": "0",
    "UV_NO_CONFIG": "1",
    "UV_DEFAULT_INDEX": UNREACHABLE,
    "UV_INDEX_URL": UNREACHABLE,
    "UV_HTTP_RETRIES": "0",
}
NOT_OFFLINE = ["PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "UV_INDEX", "UV_EXTRA_INDEX_URL"]
NOT_OFFLINE += ["UV_FIND_LINKS", "UV_OFFLINE"]
STEP = r"^\[{}/3\] {} \.\.\. \d+\.\d s$"


@pytest.fixture(params=["uv", "pip"])
def tool(request, monkeypatch) -> str:
    """The installer the post-gen hook must use; uv from the tools venv when no other is on PATH."""
    monkeypatch.setenv("TEMPLATE_VENV_TOOL", request.param)
    monkeypatch.setenv("PATH", f"{TOOLS_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    assert (TOOLS_BIN / "uv").exists(), "uv should be in the tools venv (requirements-test.txt)"
    return request.param


def bake(cookies, capfd, create_virtualenv: str, **answers: str) -> tuple[Path, str]:
    result = cookies.bake(extra_context={"create_virtualenv": create_virtualenv, **answers})
    output = capfd.readouterr().out
    assert result.exception is None, output
    assert result.exit_code == 0
    return result.project_path, output


def rendered(path: Path, database: str = "sqlite") -> str:
    """A requirements file of the template as a bake with this database answer has it."""
    template = jinja2.Template(path.read_text(), keep_trailing_newline=True)
    return template.render(cookiecutter={"database": database})


def venv_python(project: Path) -> Path:
    return project / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    args = [str(part) for part in command]
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def pins(requirements: Path | str) -> list[str]:
    text = requirements if isinstance(requirements, str) else requirements.read_text()
    return [line for line in text.splitlines() if not line.startswith("#")]


def package(line: str) -> str:
    return canonicalize_name(line.split("==")[0])


def freeze_order(line: str) -> str:
    """How pip freeze sorts: by the name as the package spells it, lower-cased, so that
    pydantic-settings comes before pydantic_core."""
    return line.split("==")[0].lower()


def pinned_versions(lines: list[str]) -> dict[str, str]:
    return {package(line): line.split("==")[1] for line in lines}


def pip_freeze(python: Path, project: Path) -> list[str]:
    """What `pip freeze` says of a venv, pip's own seed packages aside."""
    output = run(python, "-m", "pip", "freeze", "--all", cwd=project).stdout
    return [line for line in output.splitlines() if package(line) not in SEED_PACKAGES]


def get_status(url: str, timeout: float = 30.0) -> int:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def readme_sample_output(tool: str) -> re.Pattern:
    """The bake output the template's README shows (a bake with pip), as a pattern for a bake
    with `tool`: any timings, Python version and folder."""
    readme = (TEMPLATE_DIR / "README.md").read_text()
    sample = readme.split("$ cookiecutter --no-input gh:owner/repo\n", 1)[1].split("```", 1)[0]
    pattern = re.escape(sample.replace(" with pip ", f" with {tool} "))
    pattern = re.sub(r"\d+\\.\d\\ s", r"\\d+\\.\\d\\ s", pattern)
    pattern = pattern.replace(re.escape("Python 3.11.7"), r"Python\ [\d.]+")
    return re.compile(pattern.replace(re.escape("cd my_blog_api"), r"cd\ \S+"))


def test_venv_bake_pins_its_pip_freeze_serves_at_once_and_passes_its_suite(cookies, capfd, tool):
    project, output = bake(cookies, capfd, "yes")
    python = venv_python(project)
    assert readme_sample_output(tool).fullmatch(output), output

    creating = rf"Creating \.venv for Python [\d.]+ with {tool}"
    assert re.search(STEP.format(1, creating), output, re.M), output
    assert re.search(STEP.format(2, r"Installing requirements\.in"), output, re.M), output
    assert re.search(STEP.format(3, r"Writing requirements\.txt from pip freeze"), output, re.M)
    assert "Next:\n    cd " in output
    assert "    .venv/bin/python manage.py migrate\n" in output

    pinned = pins(project / "requirements.txt")
    assert pinned == pip_freeze(python, project)
    assert [line for line in pinned if not PIN.fullmatch(line)] == []
    versions = pinned_versions(pinned)
    assert set(versions) >= RUNTIME | {"sqlparse"}
    # Django 5.2 LTS on every Python (requirements.in says <6), and the pins' Python recorded.
    assert versions["django"].startswith("5.2.")
    venv_version = run(python, "-c", "import sys; print(*sys.version_info[:2])", cwd=project)
    major, minor = venv_version.stdout.split()
    assert (project / ".python-version").read_text() == f"{major}.{minor}\n"
    # The packages' bytecode is compiled by the time the bake returns, as pip install would:
    # here for a module nothing has imported yet (importing it would compile it anyway).
    unused = next(project.glob(".venv/lib/python*/site-packages/django/contrib/gis/geos"))
    assert list(unused.glob("__pycache__/collections.*.pyc")), "no bytecode compiled"

    # The newcomer's first run: no install step between the bake and runserver.
    run(python, "manage.py", "migrate", "--verbosity", "0", cwd=project)
    port = load.free_port()
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert get_status(f"http://127.0.0.1:{port}/api/posts/") == 200
    finally:
        server.terminate()
        server.wait(timeout=20)

    # Then the test tools, as the bake's last line says, with the venv's own pip, and the whole
    # suite as its README and CI run it: ONE `pytest --all` process, browser tests included, so
    # that no test's environment can leak into another unseen (DJANGO_ALLOW_ASYNC_UNSAFE once did).
    run(python, "-m", "pip", "install", "-q", "-r", "requirements-dev.txt", cwd=project)
    report = project.parent / "report.xml"
    suite = subprocess.run(
        [python.with_name("pytest"), "--all", f"--junitxml={report}"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    output = suite.stdout + suite.stderr
    outcomes = read_junit(report)
    skipped = {name: why for name, (outcome, why) in outcomes.items() if outcome != "passed"}
    if skipped and all(NO_BROWSER.search(message) for message in skipped.values()):
        skip_unless_ci("the baked suite's browser tests", next(iter(skipped.values())))
    assert suite.returncode == 0, output
    assert skipped == {}, output
    assert any(name.startswith("test_bundled_client_") for name in outcomes), output  # browser


@pytest.fixture
def offline(monkeypatch):
    for name in NOT_OFFLINE:
        monkeypatch.delenv(name, raising=False)
    for name, value in OFFLINE.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("database", DATABASES)
def test_offline_bake_keeps_the_shipped_pins_and_leaves_no_venv(
    cookies, capfd, tool, offline, database
):
    project, output = bake(cookies, capfd, "yes", database=database)

    assert re.search(r"^\[\d/3\] .* \.\.\. failed after \d+\.\d s$", output, re.M), output
    assert "Could not make .venv, so there is none" in output
    assert "    python3 freeze.py" in output
    assert not (project / ".venv").exists()
    assert (project / "requirements.txt").read_text() == rendered(SHIPPED, database)
    assert (project / "manage.py").exists()


def test_unknown_venv_tool_is_named_and_the_bake_still_succeeds(cookies, capfd, monkeypatch):
    monkeypatch.setenv("TEMPLATE_VENV_TOOL", "conda")
    project, output = bake(cookies, capfd, "yes")

    assert "TEMPLATE_VENV_TOOL='conda', but the choices are uv, pip and auto" in output
    assert not (project / ".venv").exists()
    assert (project / "requirements.txt").read_text() == rendered(SHIPPED)


def test_no_virtualenv_bake_installs_nothing(cookies, capfd):
    project, output = bake(cookies, capfd, "no")

    assert "[1/3]" not in output
    assert "    python3 freeze.py" in output
    assert "createdb" not in output  # SQLite needs no server
    assert not (project / ".venv").exists()
    assert (project / "requirements.txt").read_text() == rendered(SHIPPED)


def test_freeze_py_pins_a_new_dependency_with_its_closure_and_not_the_dev_tools(
    cookies, capfd, monkeypatch
):
    monkeypatch.setenv("TEMPLATE_VENV_TOOL", "uv")
    monkeypatch.setenv("PATH", f"{TOOLS_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    project, _ = bake(cookies, capfd, "yes")
    python = venv_python(project)
    before = pinned_versions(pins(project / "requirements.txt"))
    run(python, "-m", "pip", "install", "-q", "pytest", cwd=project)  # a dev tool in .venv

    with (project / "requirements.in").open("a") as requirements_in:
        # requests is already pinned (allauth needs it): the new closure is only the rest.
        requirements_in.write("requests-oauthlib>=2,<3\n")
    result = run(python, "freeze.py", cwd=project)

    syncing = r"^\[4/4\] Installing requirements\.txt into \.venv \.\.\. \d+\.\d s$"
    assert re.search(syncing, result.stdout, re.M), result.stdout
    pinned = pins(project / "requirements.txt")
    added = set(pinned_versions(pinned)) - set(before)
    assert added == {"requests-oauthlib", "oauthlib"}
    assert [line for line in pinned if not PIN.fullmatch(line)] == []
    assert set(pinned) <= set(pip_freeze(python, project))  # .venv has the new pins
    run(python, "-c", "import requests_oauthlib", cwd=project)


def test_freeze_py_without_venv_only_rewrites_requirements_txt(cookies, capfd, monkeypatch):
    """What scripts/freeze_requirements.py runs on the template's own requirements.txt."""
    monkeypatch.setenv("PATH", f"{TOOLS_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    project, _ = bake(cookies, capfd, "no")
    (project / "requirements.txt").write_text("")

    result = run(sys.executable, "freeze.py", "--no-venv", "--python", sys.executable, cwd=project)

    assert "[3/3] Writing requirements.txt from pip freeze" in result.stdout
    assert not (project / ".venv").exists()
    header = (project / "requirements.txt").read_text().splitlines()[1]
    assert f"on Python {sys.version.split()[0]}." in header
    assert set(pinned_versions(pins(project / "requirements.txt"))) >= RUNTIME


def test_pip_path_without_a_pip_that_installs_elsewhere_makes_the_venv_with_ensurepip(
    cookies, capfd, tmp_path
):
    """The pip path installs into a venv made without pip, with the pip of the Python it is made
    for (`pip --python`, pip 22.3+). A Python without such a pip (none at all here: a venv made
    --without-pip) gets the plain `python -m venv` and the new venv's own pip; the pins are the
    same pip freeze."""
    project, _ = bake(cookies, capfd, "no")
    run(sys.executable, "-m", "venv", "--without-pip", tmp_path / ".venv", cwd=tmp_path)
    python = venv_python(tmp_path)
    no_pip = subprocess.run([python, "-m", "pip", "--version"], capture_output=True)
    assert no_pip.returncode != 0

    result = run(python, "freeze.py", "--pip", cwd=project)

    creating = r"Creating \.venv for Python [\d.]+ with pip"
    assert re.search(STEP.format(1, creating), result.stdout, re.M), result.stdout
    new_python = venv_python(project)
    assert pins(project / "requirements.txt") == pip_freeze(new_python, project)
    assert set(pinned_versions(pins(project / "requirements.txt"))) >= RUNTIME
    run(new_python, "-m", "pip", "--version", cwd=project)  # ensurepip put pip there


def test_refresh_script_wants_the_oldest_supported_python():
    result = subprocess.run(
        [sys.executable, "scripts/freeze_requirements.py", "--python", "/no/such/python"],
        cwd=TEMPLATE_DIR,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 2
    assert result.stderr.startswith("error: --python /no/such/python does not run;")


# Walks the dependency metadata of the installed packages from requirements.in's names, with the
# markers evaluated for the Python the file was frozen on (argv[1]); prints {name: version}.
CLOSURE = """
import json, sys
from importlib.metadata import distribution
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

version = sys.argv[1]
environment = default_environment()
environment.update(python_full_version=version, python_version=version.rsplit(".", 1)[0])
environment["extra"] = ""
lines = [line.strip() for line in sys.stdin]
todo = [Requirement(line) for line in lines if line and not line.startswith("#")]
found, seen = {}, set()
while todo:
    wanted = todo.pop()
    name = canonicalize_name(wanted.name)
    if (name, frozenset(wanted.extras)) in seen:
        continue
    seen.add((name, frozenset(wanted.extras)))
    found[name] = distribution(name).version
    for text in distribution(name).requires or []:
        requirement = Requirement(text)
        extras = [""] + sorted(wanted.extras)  # psycopg[binary] pulls in psycopg-binary
        if requirement.marker is None or any(
            requirement.marker.evaluate({**environment, "extra": extra}) for extra in extras
        ):
            todo.append(requirement)
print(json.dumps(found))
"""


@pytest.mark.parametrize("database", DATABASES)
def test_shipped_requirements_are_the_freeze_of_requirements_in(generated_python, database):
    """Offline: the shared generated venv has the shipped pins of every database installed
    (requirements-dev.txt includes them); their metadata says what requirements.in pulls in."""
    text = rendered(SHIPPED, database)
    frozen_on = re.search(r"on Python (\d+\.\d+\.\d+)\.", text)
    assert frozen_on, text
    assert tuple(map(int, frozen_on[1].split(".")[:2])) == OLDEST_PYTHON
    lines = pins(text)
    assert [line for line in lines if not PIN.fullmatch(line)] == []
    assert lines == sorted(lines, key=freeze_order)
    shipped = pinned_versions(lines)

    requirements_in = rendered(GENERATED_TEMPLATE / "requirements.in", database)
    for line in requirements_in.splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            assert shipped[canonicalize_name(requirement.name)] in requirement.specifier, line

    closure = subprocess.run(
        [str(generated_python), "-c", CLOSURE, frozen_on[1]],
        input=requirements_in,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(closure.stdout) == shipped


def requirement_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip() and not line.startswith(("#", "-"))]


@pytest.mark.parametrize("database", DATABASES)
def test_shipped_dev_requirements_pin_the_closure_of_the_dev_tools(generated_python, database):
    """requirements-dev.txt includes requirements.txt and pins, with ==, every other package that
    requirements-dev.in's tools pull in on Python 3.10: so a baked suite runs on the tools it was
    tested with, not on whatever is released next."""
    runtime = pinned_versions(pins(rendered(SHIPPED, database)))
    text = rendered(SHIPPED_DEV, database)
    frozen_on = re.search(r"on Python (\d+\.\d+\.\d+),", text)
    assert frozen_on, text
    assert tuple(map(int, frozen_on[1].split(".")[:2])) == OLDEST_PYTHON
    assert "-r requirements.txt" in text.splitlines()
    lines = [line for line in pins(text) if line != "-r requirements.txt"]
    assert [line for line in lines if not PIN.fullmatch(line)] == []
    assert lines == sorted(lines, key=freeze_order)
    dev = pinned_versions(lines)
    assert set(dev) & set(runtime) == set()  # each runtime pin lives in requirements.txt alone

    dev_in = rendered(GENERATED_TEMPLATE / "requirements-dev.in", database)
    assert "-r requirements.txt" in dev_in.splitlines()
    for line in requirement_lines(dev_in):
        requirement = Requirement(line)
        assert dev[canonicalize_name(requirement.name)] in requirement.specifier, line

    tools = "\n".join(requirement_lines(dev_in))
    requirements_in = rendered(GENERATED_TEMPLATE / "requirements.in", database)
    closure = subprocess.run(
        [str(generated_python), "-c", CLOSURE, frozen_on[1]],
        input=f"{requirements_in}\n{tools}\n",
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(closure.stdout) == {**runtime, **dev}


def test_freeze_py_dev_pins_the_test_tools_and_installs_them(cookies, capfd, monkeypatch):
    """The generated README's re-pin command for the test tools."""
    monkeypatch.setenv("TEMPLATE_VENV_TOOL", "uv")
    monkeypatch.setenv("PATH", f"{TOOLS_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    project, _ = bake(cookies, capfd, "yes")
    python = venv_python(project)
    (project / "requirements-dev.txt").write_text("-r requirements.txt\npytest\n")

    result = run(python, "freeze.py", "--dev", cwd=project)

    assert "[2/4] Installing requirements-dev.in ..." in result.stdout
    syncing = r"^\[4/4\] Installing requirements-dev\.txt into \.venv \.\.\. \d+\.\d s$"
    assert re.search(syncing, result.stdout, re.M), result.stdout
    text = (project / "requirements-dev.txt").read_text()
    assert "-r requirements.txt" in text.splitlines()
    lines = [line for line in pins(text) if line != "-r requirements.txt"]
    assert [line for line in lines if not PIN.fullmatch(line)] == []
    dev = pinned_versions(lines)
    assert set(dev) >= {"pytest", "pytest-django", "ruff", "playwright"}
    assert set(dev) & set(pinned_versions(pins(project / "requirements.txt"))) == set()
    assert set(lines) <= set(pip_freeze(python, project))  # .venv has the tools, as pinned
    assert f"requirements-dev.txt pins {len(lines)} packages." in result.stdout


def test_one_shipped_file_renders_each_databases_own_freeze():
    header = "# frozen on Python 3.10.13\n"
    frozen = {
        "sqlite": header + "asgiref==3.12.1\nDjango==5.2.19\nsqlparse==0.6.1\n",
        "postgresql": header + "asgiref==3.12.1\nDjango==5.2.19\npsycopg==3.3.9\n"
        "psycopg-binary==3.3.9\nsqlparse==0.6.1\ntyping_extensions==4.16.0\n",
    }

    shipped = combine(frozen)

    for database, text in frozen.items():
        template = jinja2.Template(shipped, keep_trailing_newline=True)
        assert template.render(cookiecutter={"database": database}) == text
    assert shipped.count("{%- if") == 2  # psycopg's pair, and typing_extensions


def test_postgresql_bake_says_to_create_its_database_before_migrating(cookies, capfd):
    _, output = bake(cookies, capfd, "no", database="postgresql")

    steps = output.split("Next:\n", 1)[1].splitlines()
    createdb = steps.index("    createdb my_blog_api   # its PostgreSQL database (see README)")
    assert createdb < steps.index("    .venv/bin/python manage.py migrate")
