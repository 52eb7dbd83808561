"""`manage.py corscheck` in a baked project, run as a user runs it; the READMEs that teach it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATE_DIR = Path(__file__).resolve().parent.parent

# The same answers as test_bake.py's "client-port-follows", on its worker: baked once.
ANSWERS = {"client_port": "5173"}
pytestmark = pytest.mark.xdist_group("client-port-follows")


@pytest.fixture
def project(bake):
    return bake(**ANSWERS)


@pytest.fixture
def corscheck(project, run_in_project, tmp_path):
    """corscheck(*args) -> CompletedProcess of `python manage.py corscheck ARGS` (migrated DB)."""
    # A database of this test's own: the baked folder is shared with other tests.
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    run_in_project(project, "manage.py", "migrate", "--verbosity", "0", env=env)

    def _run(*args: str):
        return run_in_project(project, "manage.py", "corscheck", *args, check=False, env=env)

    return _run


def test_allowed_origin_exits_0_and_names_the_setting(corscheck):
    result = corscheck("http://localhost:5173")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "  < 200 OK\n" in result.stdout
    assert "  < Access-Control-Allow-Origin: http://localhost:5173\n" in result.stdout
    assert "ALLOWED: a page on http://localhost:5173 may read the response." in result.stdout
    assert (
        "Decided by: the CORS_ALLOWED_ORIGINS entry 'http://localhost:5173' "
        "(set in config/settings.py)." in result.stdout
    )


def test_blocked_origin_exits_1_with_near_miss_and_env_line(corscheck):
    result = corscheck("http://localhost:3000", "--method", "POST", "--header", "content-type")

    assert result.returncode == 1, result.stdout + result.stderr
    assert "  > Access-Control-Request-Method: POST\n" in result.stdout
    assert "BLOCKED: the preflight's answer has no Access-Control-Allow-Origin" in result.stdout
    assert (
        "'http://localhost:5173' in CORS_ALLOWED_ORIGINS is for port 5173, "
        "the page is on port 3000" in result.stdout
    )
    assert (
        "\n    CORS_ALLOWED_ORIGINS=http://localhost:5173,http://127.0.0.1:5173,"
        "http://localhost:3000\n" in result.stdout
    )
    assert result.stderr == ""


def test_bad_input_exits_2_with_one_line_and_a_guess(corscheck):
    result = corscheck("localhost:5173")

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "CommandError: 'localhost:5173' is not an origin: it has no scheme (http:// or https://). "
        "Did you mean http://localhost:5173?"
    ]


def test_origins_only_a_url_parser_reads_go_into_env_and_corscheck_reads_them_as_chromium(
    bake, run_in_project, tmp_path
):
    """Forms the prompt refuses (`http://0x7f.1:3000`) go to .env: there the project's corscheck
    (ada-url) finds a page typed that way allowed by the origin Chromium sends for it, and so it
    does for `https://faß.de`, which the prompt bakes through IDNA (IDNA 2003 once made faß.de
    fass.de, another domain)."""
    project = bake()
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CORS_ALLOWED_ORIGINS": "https://xn--fa-hia.de,http://127.0.0.1:3000",
    }
    run_in_project(project, "manage.py", "migrate", "--verbosity", "0", env=env)

    for page, origin in [
        ("https://faß.de", "https://xn--fa-hia.de"),
        ("http://0x7f.1:3000", "http://127.0.0.1:3000"),
    ]:
        result = run_in_project(project, "manage.py", "corscheck", page, check=False, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"ALLOWED: a page on {origin} may read the response." in result.stdout
        assert f"the CORS_ALLOWED_ORIGINS entry '{origin}'" in result.stdout


def test_readmes_link_each_other_and_use_the_answers(project):
    english = (project / "README.md").read_text()
    korean = (project / "README.ko.md").read_text()

    assert "[README.ko.md](README.ko.md)" in english
    assert "[README.md](README.md)" in korean
    for readme in (english, korean):
        assert "python manage.py corscheck http://localhost:5173 " in readme
        assert "python manage.py corscheck http://localhost:4000 " in readme
        assert "python dev.py serve-client 4000" in readme
        assert "CORS_ALLOWED_ORIGINS=http://localhost:5173,http://127.0.0.1:5173," in readme
    assert re.search(r"[\uac00-\ud7a3]", korean), "README.ko.md holds no Korean"


@pytest.mark.xdist_group("defaults")
def test_template_readme_shows_what_corscheck_prints(bake, run_in_project, tmp_path):
    readme = (TEMPLATE_DIR / "README.md").read_text()
    command = "$ python manage.py corscheck http://localhost:4000\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    project = bake()
    run_in_project(project, "manage.py", "migrate", "--verbosity", "0", env=env)

    result = run_in_project(
        project, "manage.py", "corscheck", "http://localhost:4000", check=False, env=env
    )

    assert result.returncode == 1
    assert result.stdout == shown
