"""corscheck's own tests (tests/corscheck_suite/), run in bakes of each `auth` answer.

They test the command a bake ships, not the student's project, so they live here rather than in
the bake's suite (190 tests a student would otherwise wait for on every `pytest`). Each run copies
a bake, puts the suite in its corscheck/tests/ (where its imports expect it) and runs it with the
shared venv, as the bake's own suite would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import read_junit

from answers import AUTH_SCHEMES

SUITE = Path(__file__).resolve().parent / "corscheck_suite"


@pytest.mark.parametrize(
    "auth", [pytest.param(a, marks=pytest.mark.xdist_group(f"corscheck-{a}")) for a in AUTH_SCHEMES]
)
def test_corscheck_suite_passes_in_a_bake(auth, bake, run_in_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(bake(auth=auth), project, ignore=shutil.ignore_patterns("node_modules"))
    shutil.copytree(SUITE, project / "corscheck" / "tests", ignore=shutil.ignore_patterns("__py*"))
    (project / "corscheck" / "tests" / "__init__.py").touch()
    report = tmp_path / "report.xml"

    result = run_in_project(
        project,
        *("-m", "pytest", "-p", "no:cacheprovider", "corscheck/tests", f"--junitxml={report}"),
        check=False,
        env={"CORSCHECK_SUITE_AUTH": auth},
    )

    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, output
    # Linted where it runs, by the bake's own rules (the template's ruff leaves it out).
    for command in (["check", "--no-cache"], ["format", "--no-cache", "--check"]):
        lint = run_in_project(project, "-m", "ruff", *command, "corscheck/tests", check=False)
        assert lint.returncode == 0, lint.stdout + lint.stderr
    outcomes = read_junit(report)
    assert {outcome for outcome, _ in outcomes.values()} == {"passed"}, output
    assert len(outcomes) >= 150, output
