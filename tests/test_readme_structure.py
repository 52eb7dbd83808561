"""The bake's two READMEs are one document in two languages: the same `##` sections in the same
order, leading with what the project is for (run it, then CORS, then logging in from another
origin), testing and production after."""

from __future__ import annotations

import re

from conftest import TEMPLATE_DIR

PROJECT = TEMPLATE_DIR / "{{cookiecutter.project_slug}}"
# Each section of README.md and its title in README.ko.md, by how the titles begin.
SECTIONS = [
    ("Install", "설치"),
    ("Run", "실행"),
    ("CORS", "CORS"),
    ("Logging in", "다른 출처에서 로그인"),
    ("Layout", "구성"),
    ("The API", "API 계약"),
    ("Add your own app", "내 앱 추가하기"),
    ("Test", "테스트"),
    ("CI", "CI"),
    ("Production", "프로덕션"),
]


def section_titles(readme: str) -> list[str]:
    """The `## ` headings outside code blocks (a shell comment in a ```bash block is none)."""
    text = re.sub(r"(?ms)^```.*?^```", "", (PROJECT / readme).read_text(encoding="utf-8"))
    return re.findall(r"(?m)^## (.+)$", text)


def test_both_readmes_have_the_same_sections_in_the_same_order():
    english, korean = section_titles("README.md"), section_titles("README.ko.md")
    pairs = list(zip(english, korean, strict=False))
    assert len(english) == len(korean), (english, korean)
    for (title, ko_title), (prefix, ko_prefix) in zip(pairs, SECTIONS, strict=True):
        assert title.startswith(prefix) and ko_title.startswith(ko_prefix), pairs


def test_cors_comes_right_after_running_the_project():
    english = section_titles("README.md")
    assert english.index(next(t for t in english if t.startswith("CORS"))) == 2, english


# What a student types to get going, which neither README may leave out.
FIRST_COMMANDS = [
    "createuser --createdb",  # database=postgresql: a role, then the project's database
    "createdb {{ cookiecutter.project_slug }}",
    "freeze.py",
    "requirements.in",  # adding a dependency
    "pip install -r requirements-dev.txt",
    "python manage.py migrate",
    "python manage.py loaddata sample_posts",
    "python dev.py",
    "Set-ExecutionPolicy",  # Windows' PowerShell
]


def test_both_readmes_give_the_first_commands():
    for readme in ("README.md", "README.ko.md"):
        text = (PROJECT / readme).read_text(encoding="utf-8")
        assert [command for command in FIRST_COMMANDS if command not in text] == [], readme
