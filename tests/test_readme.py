"""The template's READMEs are for users: what it is, how to run it, where to read more. Their links
resolve, and the commands they give are the ones the code gives."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import POSTGRES_HELP, TEMPLATE_DIR

README = TEMPLATE_DIR / "README.md"
DOCS = [README, TEMPLATE_DIR / "README.ko.md", *sorted((TEMPLATE_DIR / "docs").glob("*.md"))]
USER_SECTIONS = [
    "Quick start",
    "Prompts",
    "What the baked project holds",
    "CORS in plain words",
    "Why did the browser block it? `manage.py corscheck`",
    "Tests",
    "Read more",
]
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def headings(text: str, level: str = "#+") -> list[str]:
    return re.findall(rf"^{level} (.+)$", FENCE.sub("", text), re.M)


def anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_readme_holds_the_user_sections_only():
    """Design notes, test internals and benchmarks live in docs/, linked from "Read more"."""
    text = README.read_text()

    assert headings(text, "##") == USER_SECTIONS
    read_more = text.split("## Read more\n", 1)[1]
    for name in ("design", "testing", "benchmarks"):
        assert f"](docs/{name}.md)" in read_more
    assert "python3 scripts/test.py" in text  # CI reads the README's test command


@pytest.mark.parametrize("document", DOCS, ids=lambda path: str(path.relative_to(TEMPLATE_DIR)))
def test_links_resolve(document: Path):
    text = FENCE.sub("", document.read_text())
    links = [link for link in LINK.findall(text) if not re.match(r"[a-z]+:", link)]
    assert links, f"{document.name} links nowhere"
    for link in links:
        path, _, fragment = link.partition("#")
        target = (document.parent / path).resolve() if path else document
        assert target.is_file(), f"{document.name}: {link} is no file"
        if fragment and target.suffix == ".md":
            ids = [anchor(heading) for heading in headings(target.read_text())]
            assert fragment in ids, f"{document.name}: {link} names no heading of {target.name}"


def test_postgres_command_is_the_one_the_skip_reason_gives():
    commands = {
        line.split("#")[0].strip()
        for document in DOCS
        for block in FENCE.findall(document.read_text())
        for line in block.splitlines()
        if "scripts/postgres.sh" in line
    }

    assert len(commands) == 1, commands
    assert f"`{commands.pop()}`" in POSTGRES_HELP


def test_the_rejection_example_is_what_cookiecutter_prints(tmp_path):
    block = re.search(
        r"```text\n\$ (cookiecutter --no-input gh:owner/repo .*?)\n(.*?)```",
        README.read_text(),
        re.S,
    )
    assert block, "README.md shows no rejected bake"
    typed, shown = block.groups()
    words = shlex.split(typed)
    result = subprocess.run(
        [sys.executable, "-m", *words[:2], str(TEMPLATE_DIR), *words[3:]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    printed = (result.stderr + result.stdout).replace(str(TEMPLATE_DIR), "gh:owner/repo")
    assert result.returncode == 1
    assert printed == shown
    assert list(tmp_path.iterdir()) == []


TREE_ENTRY = re.compile(r"^[├└]── ([\w.]+/)", re.M)


def tree_folders(readme: Path) -> set[str]:
    """The top-level folders a README's tree of the baked project names (`config/`, ...), but
    those it marks as baked with deploy=compose only."""
    text = "\n".join(
        line
        for line in readme.read_text(encoding="utf-8").splitlines()
        if "deploy=compose" not in line
    )
    return set(TREE_ENTRY.findall(text)) - {".venv/"}


@pytest.mark.parametrize(
    "readme",
    [
        README,
        TEMPLATE_DIR / "README.ko.md",
        Path("{{cookiecutter.project_slug}}/README.md"),
        Path("{{cookiecutter.project_slug}}/README.ko.md"),
    ],
    ids=lambda path: str(path),
)
def test_readme_trees_name_the_folders_a_bake_has(bake, readme):
    project = bake()
    # Not hidden ones (.github/), nor what running its tests may leave (__pycache__/).
    folders = {
        f"{path.name}/"
        for path in project.iterdir()
        if path.is_dir() and not path.name.startswith((".", "__"))
    }
    shown = readme if readme.is_absolute() else project / readme.name

    assert tree_folders(shown) == folders
