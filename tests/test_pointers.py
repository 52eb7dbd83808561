"""No stale pointers: every file path a bake's comments, docstrings and READMEs name is a file of
that bake. A path is taken from the project folder, or from the folder of the file that names it
(`tests/origin_cases.py` in corscheck/); the template's own folders (bench/, scripts/, tests/ of
the template) are no part of a bake, so naming their files there points nowhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_bake import ALL, COMBINATIONS, project_files

# A relative path with at least one folder, as prose writes it: not part of a URL, an absolute
# path or a longer word (`a/b.py` in `http://x/a/b.py`, `/etc/a/b.conf` and `x.a/b.py` are not).
PATH_RE = re.compile(r"(?<![\w/.:@$~-])((?:\.?[\w-]+/)+[\w.-]*\w)(?![\w/])")
# Files by what they are: a folder name alone, or a path without one of these, is not checked.
EXTENSIONS = (".py", ".js", ".vue", ".md", ".yaml", ".yml", ".toml", ".txt", ".in", ".json")
EXTENSIONS += (".conf", ".css", ".html", ".cfg", ".ini")
# The files the README's "Add your own app" has a student make (tests/test_student_app.py).
STUDENT_APP = "comments/"
# Written by npm install (a Vue bake's browser tests run it in the same bake): npm's own paths.
MADE_BY_TOOLS = ("package-lock.json",)


def named_paths(text: str):
    """(line number, path) for every file path `text` names."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in PATH_RE.finditer(line):
            if match.group(1).endswith(EXTENSIONS):
                yield number, match.group(1)


def stale_pointers(project: Path) -> list[str]:
    stale = []
    for path in project_files(project):
        if path.name in MADE_BY_TOOLS:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # images and other binary files name nothing
            continue
        for number, named in named_paths(text):
            if named.startswith(STUDENT_APP):
                continue
            if not ((project / named).exists() or (path.parent / named).exists()):
                stale.append(f"{path.relative_to(project)}:{number}: {named}")
    return stale


def test_the_scan_finds_a_stale_pointer_and_passes_a_good_one(tmp_path):
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "parsers.py").write_text('"""See api/parsers.py, not http://x/a/b.py."""\n')
    (tmp_path / "README.md").write_text("Limits: config/parsers.py and bench/run.py.\n")
    assert stale_pointers(tmp_path) == [
        "README.md:1: config/parsers.py",
        "README.md:1: bench/run.py",
    ]


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_every_path_a_bake_names_is_in_that_bake(project):
    assert stale_pointers(project) == []


@pytest.fixture
def project(bake, request) -> Path:
    answers, _ = COMBINATIONS[request.param]
    return bake(**answers)
