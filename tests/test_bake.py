"""Bake a matrix of answers; check each baked project as a user and a reviewer would."""

from __future__ import annotations

import ast
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

import answers as answers_module
from answers import AUTH_SCHEMES

# Each combination: the answers given (as `key=value` on the command line would give them) and
# what the baked settings must then hold.
COMBINATIONS = {
    "defaults": (
        {},
        {
            "CORS_ALLOWED_ORIGINS": ["http://localhost:3000", "http://127.0.0.1:3000"],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": False,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    "normalised-origins": (
        {
            "api_port": "9000",
            "client_port": "4000",
            "cors_allowed_origins": (
                " HTTP://LocalHost:4000/ ,https://App.Example.com:443,, http://localhost:4000"
            ),
            "time_zone": "Asia/Seoul",
            "language_code": "ko",
        },
        {
            # The bundled client's two origins first, then the other ones answered.
            "CORS_ALLOWED_ORIGINS": [
                "http://localhost:4000",
                "http://127.0.0.1:4000",
                "https://app.example.com",
            ],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": False,
            "TIME_ZONE": "Asia/Seoul",
            "LANGUAGE_CODE": "ko",
        },
    ),
    "client-port-follows": (
        {"client_port": "5173"},
        {
            "CORS_ALLOWED_ORIGINS": ["http://localhost:5173", "http://127.0.0.1:5173"],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": False,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    "allow-all": (
        {"cors_allow_all_origins": "yes", "cors_allowed_origins": ""},
        {
            "CORS_ALLOWED_ORIGINS": [],
            "CORS_ALLOW_ALL_ORIGINS": True,
            "CORS_ALLOW_CREDENTIALS": False,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    "credentials": (
        {"cors_allow_credentials": "yes", "cors_allowed_origins": "https://app.example.com"},
        {
            # Another origin answered never locks the bundled client out.
            "CORS_ALLOWED_ORIGINS": [
                "http://localhost:3000",
                "http://127.0.0.1:3000",
                "https://app.example.com",
            ],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": True,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    # Every other allowed combination of auth, credentials and allow-all (token with either is
    # above; session needs credentials, and credentials never go with allow-all).
    "session": (
        {"auth": "session"},
        {
            "CORS_ALLOWED_ORIGINS": ["http://localhost:3000", "http://127.0.0.1:3000"],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": True,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    "no-auth": (
        {"auth": "none"},
        {
            "CORS_ALLOWED_ORIGINS": ["http://localhost:3000", "http://127.0.0.1:3000"],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": False,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    "no-auth-credentials": (
        {"auth": "none", "cors_allow_credentials": "yes"},
        {
            "CORS_ALLOWED_ORIGINS": ["http://localhost:3000", "http://127.0.0.1:3000"],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": True,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    "no-auth-allow-all": (
        {"auth": "none", "cors_allow_all_origins": "yes", "cors_allowed_origins": ""},
        {
            "CORS_ALLOWED_ORIGINS": [],
            "CORS_ALLOW_ALL_ORIGINS": True,
            "CORS_ALLOW_CREDENTIALS": False,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    "postgresql": (
        {"database": "postgresql"},
        {
            "CORS_ALLOWED_ORIGINS": ["http://localhost:3000", "http://127.0.0.1:3000"],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": False,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    # The abuse guards (login lockout, statement timeout, outage 503) on PostgreSQL for every
    # auth answer, as on SQLite above.
    "postgresql-session": (
        {"database": "postgresql", "auth": "session"},
        {
            "CORS_ALLOWED_ORIGINS": ["http://localhost:3000", "http://127.0.0.1:3000"],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": True,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    "postgresql-none": (
        {"database": "postgresql", "auth": "none"},
        {
            "CORS_ALLOWED_ORIGINS": ["http://localhost:3000", "http://127.0.0.1:3000"],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": False,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    # The Vue client with each auth answer: its port follows (5173), its origins are allowed.
    **{
        f"vue-{auth}": (
            {"client": "vue", "auth": auth},
            {
                "CORS_ALLOWED_ORIGINS": ["http://localhost:5173", "http://127.0.0.1:5173"],
                "CORS_ALLOW_ALL_ORIGINS": False,
                "CORS_ALLOW_CREDENTIALS": auth == "session",
                "TIME_ZONE": "UTC",
                "LANGUAGE_CODE": "en-us",
            },
        )
        for auth in AUTH_SCHEMES
    },
    # The container kit: Dockerfile, compose.yaml, nginx/ and wait_for_db, on PostgreSQL.
    "compose": (
        {"deploy": "compose", "database": "postgresql"},
        {
            "CORS_ALLOWED_ORIGINS": ["http://localhost:3000", "http://127.0.0.1:3000"],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": False,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
    "quotes-in-text": (
        {
            "project_name": 'Bob\'s "API" \\ </script><b>',
            "project_slug": "bobs_api",
            "description": "Says \"hi\" ''' \"\"\" {'a': 1} `x` ${y}",
            "author_name": "O'Brien \\n",
        },
        {
            "CORS_ALLOWED_ORIGINS": ["http://localhost:3000", "http://127.0.0.1:3000"],
            "CORS_ALLOW_ALL_ORIGINS": False,
            "CORS_ALLOW_CREDENTIALS": False,
            "TIME_ZONE": "UTC",
            "LANGUAGE_CODE": "en-us",
        },
    ),
}


def auth_triple(answers: dict) -> tuple[str, bool, bool]:
    """(auth, credentials, allow-all) of a set of answers, defaults filled in as the prompts do."""
    auth = answers.get("auth", "token")
    credentials = answers.get("cors_allow_credentials", "yes" if auth == "session" else "no")
    allow_all = answers.get("cors_allow_all_origins", "no")
    return auth, credentials == "yes", allow_all == "yes"


def test_every_allowed_auth_combination_is_baked_above():
    defaults = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())
    # A choice prompt's default is its first choice.
    defaults = {
        key: value[0] if isinstance(value, list) else value for key, value in defaults.items()
    }
    allowed = set()
    for auth, credentials, allow_all in itertools.product(
        AUTH_SCHEMES, ("yes", "no"), ("yes", "no")
    ):
        context = defaults | {
            "project_slug": "x",
            "client_port": "3000",
            "cors_allowed_origins": "http://localhost:3000",
            "auth": auth,
            "cors_allow_credentials": credentials,
            "cors_allow_all_origins": allow_all,
        }
        try:
            answers_module.validate(context)
        except answers_module.AnswerErrors as refused:  # by name: tests/test_rejected_answers.py
            assert [error.prompt for error in refused.errors] == ["cors_allow_credentials"]
            continue
        allowed.add((auth, credentials == "yes", allow_all == "yes"))

    assert len(allowed) == 7
    assert {auth_triple(answers) for answers, _ in COMBINATIONS.values()} == allowed


SETTINGS_SCRIPT = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({name: getattr(settings, name) for name in %r}))"
)
# `${{ ... }}` is a GitHub Actions expression in .github/workflows/, meant to stay.
TEMPLATE_SYNTAX = re.compile(r"(?<!\$)\{\{|\{%|\{#|cookiecutter")
# In a Vue single-file component, {{ }} is Vue's own text interpolation.
VUE_TEMPLATE_SYNTAX = re.compile(r"\{%|\{#|cookiecutter")


def combination(name):
    return pytest.param(name, marks=pytest.mark.xdist_group(name), id=name)


ALL = [combination(name) for name in COMBINATIONS]


def answers_of(request) -> dict:
    """The answers of the combination a parametrized test runs with."""
    return COMBINATIONS[request.node.callspec.params["project"]][0]


@pytest.fixture
def project(bake, request) -> Path:
    answers, _ = COMBINATIONS[request.param]
    return bake(**answers)


def project_files(project: Path):
    ignored = {".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"}
    ignored.add("node_modules")  # the Vue client's packages, npm's files
    for path in sorted(project.rglob("*")):
        if path.is_file() and not ignored & set(path.relative_to(project).parts):
            yield path


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_no_template_syntax_left(project):
    leftovers = [
        f"{path.relative_to(project)}:{number}: {line.strip()}"
        for path in project_files(project)
        if path.suffix not in {".png", ".sqlite3"}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if (VUE_TEMPLATE_SYNTAX if path.suffix == ".vue" else TEMPLATE_SYNTAX).search(line)
    ]
    assert leftovers == []


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_every_python_file_parses(project):
    for path in project_files(project):
        if path.suffix == ".py":
            ast.parse(path.read_text(), filename=str(path))


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_ruff_check_and_format_pass(project):
    for command in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command], cwd=project, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_django_system_checks_and_migrations_are_clean(project, run_in_project):
    run_in_project(project, "manage.py", "check", "--fail-level", "WARNING")
    run_in_project(project, "manage.py", "makemigrations", "--check", "--dry-run")


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_settings_hold_the_normalised_answers(project, run_in_project, request):
    _, expected = COMBINATIONS[request.node.callspec.params["project"]]
    script = SETTINGS_SCRIPT % (tuple(expected),)
    result = run_in_project(
        project, "-c", script, env={"DJANGO_SETTINGS_MODULE": "config.settings"}
    )
    assert json.loads(result.stdout) == expected


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_sample_posts_name_the_bakes_own_ports(project, request):
    defaults = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())
    answers = {**defaults, **answers_of(request)}
    # client_port's default follows the client (cookiecutter.json renders it): the one it offers.
    vue_default = "5173" if answers["client"] == "vue" else "3000"
    api, client = answers["api_port"], answers_of(request).get("client_port", vue_default)
    posts = json.loads((project / "posts" / "fixtures" / "sample_posts.json").read_text())
    text = " ".join(post["fields"]["content"] for post in posts)

    assert f"http://localhost:{client} and http://localhost:{api} are two origins" in text
    assert set(re.findall(r"localhost:(\d+)", text)) == {api, client}


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_generated_suite_passes(project, run_generated_tests, request):
    env = {}
    if answers_of(request).get("database") == "postgresql":
        # Against a real server: skipped without one (with the reason), never in CI.
        env["DATABASE_URL"] = request.getfixturevalue("postgres_database")
    result = run_generated_tests(project, "-m", "not browser", env=env)
    assert re.search(r"\d+ passed", result.stdout), result.stdout


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_default_database_is_the_one_chosen(project, run_in_project, request):
    script = SETTINGS_SCRIPT % (("DATABASES",),)
    environment = {"DJANGO_SETTINGS_MODULE": "config.settings"}
    result = run_in_project(project, "-c", script, env=environment)

    database = json.loads(result.stdout)["DATABASES"]["default"]
    if answers_of(request).get("database") == "postgresql":
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert (database["NAME"], database["HOST"]) == (project.name, "")
    else:
        assert database["ENGINE"] == "django.db.backends.sqlite3"
        assert database["NAME"] == str(project / "db.sqlite3")


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_pinned_requirements_cover_the_direct_ones(project, request):
    """requirements.txt pins every package requirements.in names, within its range, and psycopg
    in every bake (a DATABASE_URL moves a sqlite bake to PostgreSQL, as compose.yaml does)."""
    pins = dict(
        line.split("==")
        for line in (project / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    )
    pins = {canonicalize_name(name): Version(version) for name, version in pins.items()}
    for line in (project / "requirements.in").read_text().splitlines():
        if line and not line.startswith("#"):
            requirement = Requirement(line)
            name = canonicalize_name(requirement.name)
            assert name in pins, f"{requirement.name} is not pinned"
            assert pins[name] in requirement.specifier, f"{name}=={pins[name]} not in {line}"
    assert "psycopg" in pins
    assert "psycopg-binary" in pins


# The container kit: only in a bake that answers deploy=compose.
CONTAINER_KIT = (
    ".dockerignore",
    "Dockerfile",
    "compose.yaml",
    "nginx/default.conf",
    "api/management/commands/wait_for_db.py",
    "api/tests/test_wait_for_db.py",
)


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_the_container_kit_comes_with_deploy_compose_only(project, request):
    compose = answers_of(request).get("deploy") == "compose"
    assert {name: (project / name).exists() for name in CONTAINER_KIT} == dict.fromkeys(
        CONTAINER_KIT, compose
    )
    for readme in ("README.md", "README.ko.md"):
        assert ("docker compose up" in (project / readme).read_text()) is compose, readme


def test_a_file_is_made_conditional_one_way_by_the_hook():
    """No Jinja in a file or folder name below the project folder: the hook's left_out() is the
    one list of the files an answer leaves out."""
    root = TEMPLATE_DIR / "{{cookiecutter.project_slug}}"
    named = [str(path.relative_to(root)) for path in root.rglob("*") if "{" in path.name]
    assert named == []


def test_dev_py_is_one_program_for_both_clients(bake):
    """dev.py is the same file in a static and a Vue bake: what the client changes is a whole
    module, dev_client.py, that the hook picks (no client's lines interleaved with the other's)."""
    static, vue = (bake(client=client, client_port="3000") for client in ("static", "vue"))

    assert (static / "dev.py").read_text() == (vue / "dev.py").read_text()
    assert "Vite" in (vue / "dev_client.py").read_text()
    assert "Vite" not in (static / "dev_client.py").read_text()
    assert not list(static.glob("dev_client_*")) and not list(vue.glob("dev_client_*"))


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_secret_key_is_in_env_file_only(project):
    env = (project / ".env").read_text()
    secret = re.search(r"^DJANGO_SECRET_KEY=(\S{40,})$", env, re.MULTILINE)
    assert secret, env
    assert "change-me" not in env
    assert "DJANGO_SECRET_KEY=change-me" in (project / ".env.example").read_text()
    code = [path for path in project_files(project) if secret.group(1) in path.read_text()]
    assert code == [project / ".env"]
    # compose.yaml's PostgreSQL and Redis passwords: made per bake too, in .env alone.
    for name in ("POSTGRES_PASSWORD", "REDIS_PASSWORD"):
        password = re.search(rf"^{name}=(\S{{24,}})$", env, re.MULTILINE)
        assert bool(password) is (project / "compose.yaml").exists(), env
        if password:
            code = [p for p in project_files(project) if password.group(1) in p.read_text()]
            assert code == [project / ".env"]
    assert ".env\n" in (project / ".gitignore").read_text()


# Where the code lives (docs/design.md): the project package holds settings and wiring only,
# the code is in apps, each app's tests beside it.
CONFIG_MODULES = {
    "__init__",
    "asgi",
    "env",
    "log",
    "origins",
    "settings",
    "startup_checks",
    "urls",
    "wsgi",
}
APPS = {"accounts", "api", "posts", "corscheck"}


@pytest.mark.parametrize("project", ALL, indirect=True)
def test_config_holds_the_wiring_and_the_apps_the_code(project, request):
    auth = answers_of(request).get("auth", "token")
    config = {path.stem for path in (project / "config").glob("*.py")}
    accounts = {path.stem for path in (project / "accounts").glob("*.py")}
    # The same modules for both schemes: auth_views.py reads REST_AUTH's TOKEN_MODEL.
    with_auth = {"adapter", "auth_views", "serializers", "urls"}

    assert config == CONFIG_MODULES
    assert {path.parent.name for path in project.glob("*/apps.py")} >= APPS
    assert accounts == {"__init__", "admin", "apps", "login_guard", "models", "names"} | (
        with_auth if auth != "none" else set()
    )
    assert (project / "accounts" / "migrations" / "0001_initial.py").is_file()
    for app in ("accounts", "api", "config", "posts"):
        assert (project / app / "tests" / "__init__.py").is_file(), app


def bake_once(cookies) -> Path:
    return cookies.bake(extra_context={"create_virtualenv": "no"}).project_path


def test_each_bake_gets_its_own_secret_key(cookies):
    keys = {
        re.search(r"^DJANGO_SECRET_KEY=(.*)$", (path / ".env").read_text(), re.MULTILINE)[1]
        for path in (bake_once(cookies), bake_once(cookies))
    }
    assert len(keys) == 2


def test_text_answers_reach_the_files_exactly(bake):
    answers, _ = COMBINATIONS["quotes-in-text"]
    project = bake(**answers)

    urls = ast.parse((project / "config/urls.py").read_text())
    header = next(
        node.value.value
        for node in ast.walk(urls)
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "admin.site.site_header"
    )
    assert header == answers["project_name"]


def test_cli_bakes_from_a_relative_template_path(tmp_path):
    """`cookiecutter .` in a clone: the hooks must find the template without cookiecutter's
    _repo_dir, which stays relative while they run from inside the new project."""
    result = subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--no-input", ".", "-o", str(tmp_path)]
        + ["create_virtualenv=no"],
        cwd=TEMPLATE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "my_blog_api" / "manage.py").is_file()
    assert (tmp_path / "my_blog_api" / ".env").is_file()


def collected(result) -> set[str]:
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_plain_pytest_leaves_the_slow_tests_to_all(bake, run_generated_tests):
    """A bake's plain `pytest` is the edit-test loop: tests/ (Chromium, dev.py, Schemathesis)
    runs with `pytest --all` (the bake's CI), or when named."""
    project = bake()
    plain = run_generated_tests(project, "--collect-only")
    everything = collected(run_generated_tests(project, "--collect-only", "--all"))
    named = run_generated_tests(project, "--collect-only", "tests/test_dev_script.py")

    left_out = everything - collected(plain)
    files = {test.split("::")[0] for test in left_out}
    whole_project = {f"tests/{path.name}" for path in (project / "tests").glob("test_*.py")}
    assert files == whole_project
    assert {"tests/test_dev_script.py", "tests/test_conformance.py"} <= files
    assert any(name.startswith("tests/test_browser") for name in files)
    assert "tests/ left out (Chromium, dev.py, Schemathesis): `pytest --all`" in plain.stdout
    assert collected(named) == {t for t in everything if t.startswith("tests/test_dev_script.py")}
