"""Baking again over a project (cookiecutter -f, -s -f) keeps what is the user's: .env with its
secret key and their own lines, the database; and the hook's hints work from any folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR

ANSWERS = ["create_virtualenv=no"]


def cookiecutter(output: Path, *options: str, cwd: Path | None = None, pwd: Path | None = None):
    env = {**os.environ, "HOME": str(output.parent)}
    if pwd is not None:
        env["PWD"] = str(pwd)
    result = subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--no-input", str(TEMPLATE_DIR)]
        + ["-o", str(output), *options, *ANSWERS],
        capture_output=True,
        text=True,
        cwd=cwd or output.parent,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.mark.parametrize("options", [["-f"], ["-s", "-f"]], ids=["-f", "-s -f"])
def test_baking_again_keeps_env_database_and_says_so(tmp_path, options):
    output = tmp_path / "out"
    cookiecutter(output)
    project = output / "my_blog_api"
    env_file = project / ".env"
    env_file.write_text(env_file.read_text() + "DJANGO_LOG_LEVEL=DEBUG  # my own line\n")
    before = env_file.read_text()
    (project / "db.sqlite3").write_bytes(b"the user's data")

    printed = cookiecutter(output, *options)

    assert env_file.read_text() == before
    assert (project / "db.sqlite3").read_bytes() == b"the user's data"
    assert "Kept the .env that was there" in printed
    # The template's own files were written again all the same.
    assert (project / "manage.py").is_file()


def test_first_bake_writes_env_without_the_kept_message(tmp_path):
    printed = cookiecutter(tmp_path / "out")
    assert "Kept the .env" not in printed
    env = (tmp_path / "out" / "my_blog_api" / ".env").read_text()
    assert re.search(r"^DJANGO_SECRET_KEY=\S{40,}$", env, re.MULTILINE)


@pytest.mark.parametrize("where", ["project", "output", "elsewhere"])
def test_next_steps_name_the_project_from_any_current_folder(tmp_path, where):
    """$PWD is the project folder itself (baked again from inside it), its parent, or another."""
    output = tmp_path / "out"
    project = output / "my_blog_api"
    project.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    pwd = {"project": project, "output": output, "elsewhere": elsewhere}[where]

    printed = cookiecutter(output, "-f", cwd=pwd, pwd=pwd)

    expected = "cd my_blog_api" if where == "output" else f"cd {project}"
    assert f"Next:\n    {expected}\n" in printed


def test_a_bake_leaves_the_template_as_it_found_it(tmp_path):
    """cookiecutter copies whatever the template folder holds: a __pycache__ written into it
    while baking (by the template's own modules, say) would ship in every later bake.
    """
    template = tmp_path / "template"
    shutil.copytree(
        TEMPLATE_DIR,
        template,
        ignore=shutil.ignore_patterns(".git", ".venv", ".cache", "node_modules", "__pycache__"),
    )
    before = sorted(template.rglob("*"))
    # Python writes bytecode unless told not to, as on most users' machines.
    as_users_have_it = {**os.environ, "HOME": str(tmp_path)}
    as_users_have_it.pop("PYTHONDONTWRITEBYTECODE", None)
    for output in ("first", "second"):
        result = subprocess.run(
            [sys.executable, "-m", "cookiecutter", "--no-input", str(template)]
            + ["-o", str(tmp_path / output), *ANSWERS],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=as_users_have_it,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    made = tmp_path / "second" / "my_blog_api"
    assert [path.relative_to(made) for path in made.rglob("*") if path.suffix == ".pyc"] == []
    project_part = template / "{{cookiecutter.project_slug}}"
    assert [p for p in sorted(project_part.rglob("*")) if p not in before] == []
