"""client, auth and database are cookiecutter choice menus with labelled choices; `--no-input
key=value` still answers them, and a value outside a menu stops the bake before anything is made."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import TEMPLATE_DIR

import answers

CONTEXT = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text(encoding="utf-8"))
MENUS = {"client": answers.CLIENTS, "auth": answers.AUTH_SCHEMES, "database": answers.DATABASES}


def cookiecutter(tmp_path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The command line as users run it, with a HOME of its own (its replay file lands there)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "cookiecutter", "-o", str(tmp_path / "out"), str(TEMPLATE_DIR)]
        + list(args),
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home), "COLUMNS": "200", "TEMPLATE_HIDE_NEXT_STEPS": "1"},
    )


@pytest.mark.parametrize("key", MENUS)
def test_each_menu_lists_the_choices_answers_py_accepts_each_with_a_label(key):
    assert tuple(CONTEXT[key]) == MENUS[key]
    labels = CONTEXT["__prompts__"][key]
    assert labels["__prompt__"]
    assert set(labels) == {"__prompt__", *MENUS[key]}
    for choice in MENUS[key]:
        assert labels[choice].startswith(f"{choice}: "), labels  # the value stays visible


def test_the_menus_are_numbered_and_answered_by_number(tmp_path):
    # Enter for every prompt but the three menus: the second client, the third auth, the second
    # database (numbers as cookiecutter's menus take them).
    replies = {"client": "2", "auth": "3", "database": "2"}
    order = [key for key in CONTEXT if not key.startswith("_")]
    stdin = "".join(f"{replies.get(key, '')}\n" for key in order)

    result = cookiecutter(tmp_path, "create_virtualenv=no", stdin=stdin)

    assert result.returncode == 0, result.stdout + result.stderr
    for key, choices in MENUS.items():
        for number, choice in enumerate(choices, 1):
            assert f"{number} - {CONTEXT['__prompts__'][key][choice]}" in result.stdout
    project = tmp_path / "out" / "my_blog_api"
    baked = json.loads(next((tmp_path / "home").rglob("*.json")).read_text())["cookiecutter"]
    assert (baked["client"], baked["auth"], baked["database"]) == ("vue", "none", "postgresql")
    assert (project / "client" / "package.json").is_file()  # the Vue client


def test_no_input_key_value_answers_a_menu(tmp_path):
    result = cookiecutter(
        tmp_path, "--no-input", "client=vue", "auth=session", "database=postgresql",
        "create_virtualenv=no",
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    project = tmp_path / "out" / "my_blog_api"
    assert (project / "client" / "package.json").is_file()
    settings = (project / "config" / "settings.py").read_text()
    assert "psycopg" in (project / "requirements.txt").read_text()
    assert "SessionAuthentication" in settings


@pytest.mark.parametrize(
    ("key", "value"), [("client", "angular"), ("auth", "jwt"), ("database", "mysql")]
)
def test_a_value_outside_a_menu_stops_before_anything_is_made(tmp_path, key, value):
    """cookiecutter checks a key=value against its menu before it loads any code of this template
    (answers.py cannot word this one): its message names the prompt, the value and the choices."""
    result = cookiecutter(tmp_path, "--no-input", f"{key}={value}", "create_virtualenv=no")

    assert result.returncode != 0
    message = f"{value} provided for choice variable {key}, but the choices are {list(MENUS[key])}"
    assert message in result.stderr
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    assert list((tmp_path / "home").rglob("*.json")) == []  # no replay file either
