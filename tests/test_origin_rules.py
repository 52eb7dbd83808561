"""The origin rules, corscheck/origins.py of the generated project: one implementation that the
answers at bake time and the baked project at run time share, held against a real Chromium.

The generated tests/test_origins.py pins the rules over the same table, origin_cases.py."""

from __future__ import annotations

import json
import runpy
import subprocess
from pathlib import Path

import pytest
from conftest import skip_unless_ci

import answers

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
GENERATED = TEMPLATE_DIR / "{{cookiecutter.project_slug}}"
CASES = runpy.run_path(str(GENERATED / "tests/origin_cases.py"))
SENT, NO_URL, REFUSED_ON_PURPOSE = CASES["SENT"], CASES["NO_URL"], CASES["REFUSED_ON_PURPOSE"]
CHROMIUM_ORIGINS = Path(__file__).resolve().parent / "chromium_origins.py"
rules = answers.origin_rules
# What an answer may not hold although a page URL may: the answer must be the origin itself.
REFUSED_AT_THE_PROMPT_ONLY = ("user info", "path")


def test_answers_use_the_baked_projects_own_file():
    assert Path(rules.__file__) == GENERATED / "corscheck/origins.py"
    # Plain Python, so the template can run it as it is and bakes it unchanged.
    assert not any(mark in Path(rules.__file__).read_text() for mark in answers.TEMPLATE_SYNTAX)


@pytest.mark.parametrize(("given", "origin"), SENT)
def test_an_answer_becomes_the_origin_a_browser_sends_or_is_refused(given, origin):
    try:
        assert answers.normalise_origin(given) == origin
    except answers.AnswerError as error:
        assert any(part in error.reason for part in REFUSED_AT_THE_PROMPT_ONLY), error.reason
        assert error.example == origin


@pytest.mark.parametrize("given", [given for given, *_ in NO_URL + REFUSED_ON_PURPOSE])
def test_an_answer_that_is_no_origin_is_refused(given):
    with pytest.raises(answers.AnswerError):
        answers.normalise_origin(given)


@pytest.mark.browser
def test_chromium_sends_the_origins_the_rules_give(generated_python):
    """The table in origin_cases.py, asked of Chromium: the `Origin` header it sends from a page
    at each address is its `new URL(address).origin`."""
    addresses = [row[0] for row in SENT + NO_URL + REFUSED_ON_PURPOSE]
    result = subprocess.run(
        [str(generated_python), str(CHROMIUM_ORIGINS)],
        input=json.dumps(addresses),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode == 3:
        skip_unless_ci("the Chromium origin table", result.stderr.strip())
    assert result.returncode == 0, result.stderr
    chromium = dict(zip(addresses, json.loads(result.stdout), strict=True))

    expected = {
        **dict(SENT),
        **{given: None for given, _ in NO_URL},
        **{given: origin for given, _, origin in REFUSED_ON_PURPOSE},
    }
    differences = [
        f"{given!r}: Chromium {chromium[given]!r}, the table {origin!r}"
        for given, origin in expected.items()
        if chromium[given] != origin
    ]
    assert differences == [], "; ".join(differences)
