"""Bad answers stop the bake with one clear line each, and leave no project folder behind."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR
from cookiecutter.exceptions import FailedHookException

REJECTED = [
    ({"project_slug": "django"}, "project_slug: 'django' is the name of a module"),
    ({"project_slug": "my-api"}, "project_slug: 'my-api' must start with a lowercase letter"),
    ({"project_slug": "../evil"}, "project_slug: '../evil' must start"),
    ({"project_slug": "class"}, "project_slug: 'class' is a Python keyword"),
    ({"cors_allowed_origins": "*"}, "cors_allowed_origins: '*' is a wildcard"),
    ({"cors_allowed_origins": "localhost:3000"}, "A good value: http://localhost:3000"),
    ({"cors_allowed_origins": "http://a.example/api"}, "has a path, query or fragment"),
    ({"cors_allowed_origins": "https://*.example.com"}, "has a wildcard host"),
    ({"cors_allowed_origins": "http://u:p@a.example"}, "contains user info"),
    # client, auth and database are menus: cookiecutter refuses a value outside one itself
    # (tests/test_choice_menus.py); a replay file's reaches the check below.
    # An empty list is fine now (the bundled client's origins are always allowed); only a replay
    # from before the `client` prompt can list none (tests/test_answers.py).
    ({"api_port": "70000"}, "api_port: '70000' is not a port number from 1 to 65535"),
    ({"client_port": "8000"}, "client_port: '8000' is the same as api_port"),
    ({"time_zone": "Mars/Olympus"}, "time_zone: 'Mars/Olympus' is not a time zone name"),
    ({"language_code": "klingon"}, "language_code: 'klingon' is not a language code Django"),
    ({"project_name": "   "}, "project_name: '   ' is empty"),
    # pytest-cookies renders extra_context itself: these hold there too, not only on the CLI.
    ({"project_name": "{{ 7*7 }}"}, "project_name: '{{ 7*7 }}' contains template syntax"),
    ({"description": "a {{ b"}, "description: 'a {{ b' contains template syntax"),
    ({"cors_allow_all_origins": "maybe"}, "cors_allow_all_origins: 'maybe' is not yes or no"),
    (
        {"cors_allow_all_origins": "yes", "cors_allow_credentials": "yes"},
        "cannot go with cors_allow_all_origins=yes",
    ),
    (
        {"auth": "session", "cors_allow_credentials": "no"},
        "cors_allow_credentials: 'no' cannot go with auth=session",
    ),
    # session's default for credentials is yes, and allow-all refuses that.
    ({"auth": "session", "cors_allow_all_origins": "yes"}, "cannot go with cors_allow_all_origins"),
    (
        {"auth": "session", "cors_allow_all_origins": "yes", "cors_allow_credentials": "no"},
        "cors_allow_credentials: 'no' cannot go with auth=session",
    ),
    (
        {"auth": "none", "cors_allow_all_origins": "yes", "cors_allow_credentials": "yes"},
        "cannot go with cors_allow_all_origins=yes",
    ),
]


@pytest.mark.parametrize(("answers", "message"), REJECTED, ids=[m for _, m in REJECTED])
def test_bad_answer_stops_the_bake(cookies, tmp_path, capfd, answers, message):
    result = cookies.bake(extra_context=answers)

    assert result.exit_code != 0
    assert isinstance(result.exception, FailedHookException)
    errors = capfd.readouterr().err
    assert message in errors
    assert "Traceback" not in errors
    # pytest-cookies bakes into the test's own tmp_path: nothing may be left there.
    assert [path for path in tmp_path.rglob("*") if not path.is_dir()] == []


def test_cli_prints_one_line_per_error_and_writes_nothing(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            "--no-input",
            "--output-dir",
            str(tmp_path),
            str(TEMPLATE_DIR),
            "cors_allowed_origins=example.com",
            "api_port=0",
        ],
        capture_output=True,
        text=True,
        env={"HOME": str(tmp_path), "PATH": ""},
    )

    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: api_port: '0' is not a port number from 1 to 65535. A good value: 8000",
        "error: cors_allowed_origins: 'example.com' has no scheme (http:// or https://). "
        "A good value: https://example.com",
    ]
    # Then the command that asks again with every good answer kept (tests/test_rerun.py).
    rerun = result.stderr.splitlines()[-1].strip()
    assert rerun == shlex.join(["cookiecutter", str(TEMPLATE_DIR), "--output-dir", str(tmp_path)])
    assert "Stopped before writing any file: 2 answers rejected." in result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    # Not even the replay file: the answers were checked before cookiecutter wrote anything.
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("cors_allowed_origins", "localhost:3000", "cors_allowed_origins: 'localhost:3000' has no"),
        ("database", "mysql", "database: 'mysql' is not one of the choices sqlite, postgresql"),
        ("auth", "jwt", "auth: 'jwt' is not one of the choices token, session, none"),
        # The project folder's name comes from the slug: it must be refused before that folder
        # (and, through the slashes, folders beside it) is made.
        ("project_slug", 'x{{ "/../y" }}/z', "project_slug: 'x{{ \"/../y\" }}/z' contains"),
    ],
)
def test_replayed_answers_are_checked_before_anything_is_made(tmp_path, capfd, key, value, message):
    """Replayed answers skip the prompts and their check: they are checked again before the
    first folder is rendered (there is no pre_gen hook to check them after that)."""
    from cookiecutter.main import cookiecutter

    config = tmp_path / "config.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replay'}\ncookiecutters_dir: {tmp_path / 'cc'}\n")
    template = str(TEMPLATE_DIR)
    cookiecutter(
        template,
        no_input=True,
        output_dir=str(tmp_path / "good"),
        config_file=str(config),
        extra_context={"create_virtualenv": "no"},
    )
    replay = json.loads(next((tmp_path / "replay").glob("*.json")).read_text())
    replay["cookiecutter"][key] = value
    replay_file = tmp_path / "bad-replay.json"
    replay_file.write_text(json.dumps(replay))

    output = tmp_path / "out"
    with pytest.raises(FailedHookException):
        cookiecutter(
            template, replay=str(replay_file), output_dir=str(output), config_file=str(config)
        )

    assert f"error: {message}" in capfd.readouterr().err
    assert not output.exists() or list(output.iterdir()) == []

    # The command line says it in lines, not with a traceback.
    result = subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--replay-file", str(replay_file)]
        + ["--config-file", str(config), "-o", str(output), template],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"error: {message}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not output.exists() or list(output.iterdir()) == []


def test_replay_without_the_validation_marker_makes_nothing(tmp_path):
    """The check of replayed answers runs once `__answers_valid` is in them: a replay file edited
    to drop it, with a slug that would make folders, is refused before anything is made."""
    from cookiecutter.main import cookiecutter

    config = tmp_path / "config.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replay'}\ncookiecutters_dir: {tmp_path / 'cc'}\n")
    template = str(TEMPLATE_DIR)
    good = dict(no_input=True, config_file=str(config), extra_context={"create_virtualenv": "no"})
    cookiecutter(template, output_dir=str(tmp_path / "good"), **good)
    replay = json.loads(next((tmp_path / "replay").glob("*.json")).read_text())
    replay["cookiecutter"]["project_slug"] = 'x{{ "/../y" }}/z'
    del replay["cookiecutter"]["__answers_valid"]
    replay_file = tmp_path / "bad-replay.json"
    replay_file.write_text(json.dumps(replay))

    output = tmp_path / "out"
    with pytest.raises(Exception):  # noqa: B017, PT011  (cookiecutter's own error, any kind)
        cookiecutter(
            template, replay=str(replay_file), output_dir=str(output), config_file=str(config)
        )

    assert not output.exists() or list(output.iterdir()) == []
    assert not (tmp_path / "y").exists()


def test_a_replay_from_before_the_client_prompt_bakes_the_list_it_baked(tmp_path):
    """A replay file of the template before the `client` prompt lacks _answers_version (and
    `client`, which cookiecutter then asks for: answered static here); its cors_allowed_origins
    was the whole list, without the client's origins here: the bake keeps exactly that list."""
    from cookiecutter.main import cookiecutter

    config = tmp_path / "config.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replay'}\ncookiecutters_dir: {tmp_path / 'cc'}\n")
    template = str(TEMPLATE_DIR)
    output = tmp_path / "out"
    cookiecutter(
        template,
        no_input=True,
        output_dir=str(output / "first"),
        config_file=str(config),
        extra_context={"create_virtualenv": "no"},
    )
    replay = json.loads(next((tmp_path / "replay").glob("*.json")).read_text())
    for key in ("_answers_version", "_copy_without_render"):
        del replay["cookiecutter"][key]
    replay["cookiecutter"]["cors_allowed_origins"] = "http://localhost:5173"
    replay_file = tmp_path / "old-replay.json"
    replay_file.write_text(json.dumps(replay))

    baked = cookiecutter(
        template, replay=str(replay_file), output_dir=str(output), config_file=str(config)
    )
    project = Path(baked)

    settings = (project / "config" / "settings.py").read_text()
    baked = re.search(r'"CORS_ALLOWED_ORIGINS",\s*default=\[(.*?)\]', settings, re.S).group(1)
    assert re.findall(r'"([^"]+)"', baked) == ["http://localhost:5173"]
    assert (project / "client" / "app.js").is_file()  # the static client, as it baked then
