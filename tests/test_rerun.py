"""The command printed after rejected answers: it runs the template again with every good answer
kept, so one mistake costs one fix."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

from conftest import TEMPLATE_DIR
from test_answers import DEFAULTS

from jinja_filters import FILTERS
from rerun import command_line_options, rerun_command

ROOT = str(TEMPLATE_DIR)
RERUN_HEADING = "To answer again, with every other answer kept as its prompt's default:"


def test_rejected_and_default_answers_are_left_out():
    answers = {
        **DEFAULTS,
        "client": "static",
        "cors_allowed_origins": "",
        "project_name": "Tea & Co",
        "api_port": "0",
        "time_zone": "Asia/Seoul",
    }
    command = shlex.split(rerun_command(answers, {"api_port"}, ROOT, FILTERS, argv=["pytest"]))

    assert command[:2] == ["cookiecutter", ROOT]
    # The slug was derived from the old name, so it is left to follow the corrected one.
    assert command[2:] == [
        "project_name=Tea & Co",
        "project_slug=my_blog_api",
        "description=",
        "author_name=",
        "time_zone=Asia/Seoul",
        "create_virtualenv=True",
    ]


def test_a_slug_that_follows_the_name_is_left_to_follow_it():
    answers = {**DEFAULTS, "project_name": "Tea & Co", "project_slug": "tea_co"}
    assert "project_slug" not in rerun_command(answers, set(), ROOT, FILTERS, argv=["pytest"])


def test_the_template_and_options_are_the_ones_typed():
    argv = ["/usr/bin/cookiecutter", "gh:someone/template", "--checkout", "v2", "-o", "../out"]
    argv += ["--no-input", "api_port=0"]
    command = shlex.split(rerun_command(DEFAULTS, set(), ROOT, FILTERS, argv=argv))
    assert command[:6] == ["cookiecutter", "gh:someone/template"] + [
        "--checkout",
        "v2",
        "--output-dir",
        "../out",
    ]
    assert "--no-input" not in command  # the prompts come back, each with its kept answer


def test_python_dash_m_cookiecutter_counts_as_the_command_line():
    main = os.path.join("site-packages", "cookiecutter", "__main__.py")
    assert command_line_options([main, "."])["template"] == "."
    assert command_line_options(["pytest", "tests"]) is None


def test_answers_with_quotes_and_spaces_survive_the_shell():
    answers = {**DEFAULTS, "project_name": 'It\'s "quoted" $HOME `x`'}
    command = rerun_command(answers, set(), ROOT, FILTERS, argv=["pytest"])
    echoed = subprocess.run(
        ["bash", "-c", f"printf '%s\\n' {command.removeprefix('cookiecutter ')}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert echoed[1] == 'project_name=It\'s "quoted" $HOME `x`'


def test_the_printed_command_bakes_once_the_bad_answer_is_fixed(tmp_path):
    def cookiecutter(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "cookiecutter", *arguments],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "HOME": str(tmp_path)},
        )

    first = cookiecutter(
        "--no-input", ROOT, "project_name=Tea & Co", "api_port=0", "create_virtualenv=no"
    )
    assert first.returncode == 1
    lines = first.stderr.splitlines()
    command = lines[
        lines.index("To answer again, with every other answer kept as its prompt's default:") + 1
    ]
    words = shlex.split(command)
    assert words[0] == "cookiecutter" and "api_port=0" not in words

    # Interactively every prompt would offer these answers; --no-input takes them as given.
    again = cookiecutter("--no-input", *words[1:], "api_port=8080")

    assert again.returncode == 0, again.stdout + again.stderr
    settings = (tmp_path / "tea_co" / ".env.example").read_text()
    assert (tmp_path / "tea_co" / "manage.py").is_file(), settings
    assert "Tea & Co" in (tmp_path / "tea_co" / "README.md").read_text()
