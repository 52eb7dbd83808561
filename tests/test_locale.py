"""A Korean Windows machine, as far as this one can stand in for it: its ANSI code page, cp949,
is played by the ko_KR.EUC-KR locale, so that Python decodes subprocess output and encodes what it
prints with it, as there. npm, uv and node are stubs that fail (or warn) in UTF-8, with Korean
text and a character EUC-KR lacks, as the real tools write whatever the code page.

The bake, freeze.py, dev.py and the demo must then say what failed and go on as designed (the
bake finishes without .venv or node_modules), never stop on a UnicodeDecodeError;
corscheck must print a host outside the code page without a UnicodeEncodeError.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR, skip_unless_ci
from filelock import FileLock

from scripts import bootstrap
from scripts.bootstrap import CACHE

KOREAN_LOCALE = "ko_KR.EUC-KR"
# What the stubs print: Korean, and a character EUC-KR has no code for.
NPM_FAILURE = "npm 오류: 패키지 목록을 받을 수 없습니다 ✗"
UV_FAILURE = "오류: 패키지 색인에 연결할 수 없습니다 ✗"
NODE_WARNING = "(node) 경고: 실험적 기능 ✗"


def encoding_under(environment: dict) -> str:
    code = "import locale; print(locale.getpreferredencoding())"
    done = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True)
    return done.stdout.decode("ascii", "replace").strip()


@pytest.fixture(scope="session")
def korean_environment() -> dict:
    """os.environ under LC_ALL=ko_KR.EUC-KR: the system's locale if it is generated, else one
    that localedef makes in .cache (found through LOCPATH)."""
    environment = {**os.environ, "LC_ALL": KOREAN_LOCALE}
    for name in ("PYTHONIOENCODING", "PYTHONUTF8"):  # they would hide the locale's encoding
        environment.pop(name, None)
    if encoding_under(environment) == "EUC-KR":
        return environment
    folder = CACHE / "locales"
    localedef = shutil.which("localedef")
    if localedef:
        CACHE.mkdir(exist_ok=True)
        with FileLock(str(CACHE / "locales.lock")):
            if not (folder / KOREAN_LOCALE).exists():
                folder.mkdir(exist_ok=True)
                command = [localedef, "-i", "ko_KR", "-f", "EUC-KR", folder / KOREAN_LOCALE]
                subprocess.run(command, capture_output=True)
        environment["LOCPATH"] = str(folder)
        if encoding_under(environment) == "EUC-KR":
            return environment
    skip_unless_ci("the Korean locale", f"{KOREAN_LOCALE} is not available (no localedef data)")


def stub(folder: Path, name: str, script: str) -> None:
    """An executable Python script named `name`: `script` runs with `say(text, stream)`, which
    writes UTF-8 bytes whatever the locale, as npm, uv and node do."""
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "def say(text, stream=sys.stderr):\n"
        "    stream.buffer.write((text + '\\n').encode('utf-8'))\n" + script
    )
    path.chmod(0o755)


@pytest.fixture
def failing_tools(tmp_path, korean_environment) -> dict:
    """The Korean environment with npm and uv on PATH that fail, saying why in UTF-8 Korean
    (`uv --version` works, so the bake picks uv), and a node 22 that warns."""
    stubs = tmp_path / "stubs"
    stub(stubs, "npm", f"say({NPM_FAILURE!r})\nsys.exit(1)\n")
    stub(
        stubs,
        "uv",
        "if sys.argv[1:] == ['--version']:\n"
        "    say('uv 0.9.0', sys.stdout)\n"
        "    sys.exit(0)\n"
        f"say({UV_FAILURE!r})\nsys.exit(2)\n",
    )
    stub(stubs, "node", f"say('v22.12.0', sys.stdout)\nsay({NODE_WARNING!r})\n")
    path = f"{stubs}{os.pathsep}{korean_environment['PATH']}"
    return {**korean_environment, "PATH": path}


def korean(output: bytes) -> str:
    return output.decode("euc-kr", "replace")


def bake_by_hand(output_dir: Path, environment: dict, *answers: str):
    command = [sys.executable, "-m", "cookiecutter", "--no-input", "-o", str(output_dir)]
    return subprocess.run(
        [*command, str(TEMPLATE_DIR), *answers], env=environment, capture_output=True
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_bake_with_failing_npm_and_uv_finishes_without_venv(tmp_path, failing_tools):
    done = bake_by_hand(tmp_path, failing_tools, "client=vue", "create_virtualenv=yes")
    output = korean(done.stdout + done.stderr)

    assert done.returncode == 0, output
    project = tmp_path / "my_blog_api"
    assert (project / "manage.py").exists()
    assert not (project / ".venv").exists()
    assert not (project / "client" / "node_modules").exists()
    assert "Could not make .venv, so there is none" in output
    assert UV_FAILURE[:-1] in output  # the character EUC-KR lacks is printed as ?
    assert "`npm install` failed in client/ (exit 1)" in output
    assert NPM_FAILURE[:-1] in output
    assert "Next:" in output


def test_freeze_py_says_why_uv_failed(bake, failing_tools, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(bake(), project)
    done = subprocess.run(
        [sys.executable, "freeze.py"], cwd=project, env=failing_tools, capture_output=True
    )
    output = korean(done.stdout + done.stderr)

    assert done.returncode == 1, output
    assert "Traceback" not in output, output
    assert "exited with 2" in output
    assert UV_FAILURE[:-1] in output
    assert not (project / ".venv").exists()


def test_dev_py_says_npm_failed(bake, failing_tools, generated_python, tmp_path):
    """With the project's own packages, so that the API starts and only npm fails. A copy
    without node_modules: another test may have installed it in the shared bake."""
    project = tmp_path / "project"
    shutil.copytree(bake(client="vue"), project, ignore=shutil.ignore_patterns("node_modules"))
    environment = {**failing_tools, "API_PORT": str(free_port()), "CLIENT_PORT": str(free_port())}
    done = subprocess.run(
        [str(generated_python), "dev.py"],
        cwd=project,
        env=environment,
        capture_output=True,
        timeout=60,
    )
    output = korean(done.stdout + done.stderr)

    assert done.returncode == 1, output
    assert "Traceback" not in output, output
    assert "`npm install` failed in client/ (exit 1)" in output


def test_the_demo_keeps_its_bake_and_says_what_failed(tmp_path, failing_tools):
    """The demo's cookiecutter venv is set up first without the stubs (bootstrap uses uv)."""
    CACHE.mkdir(exist_ok=True)
    with FileLock(str(CACHE / "demo-venv.lock")):
        bootstrap.demo_python()
    environment = {**failing_tools, "API_PORT": str(free_port()), "CLIENT_PORT": str(free_port())}
    demo = [sys.executable, str(TEMPLATE_DIR / "scripts" / "demo.py"), str(tmp_path)]
    done = subprocess.run(demo, env=environment, capture_output=True, timeout=300)
    output = korean(done.stdout + done.stderr)

    # The bake finished without .venv; the demo's own `python freeze.py` then fails, clearly.
    assert done.returncode == 1, output
    assert (tmp_path / "my_blog_api" / "manage.py").exists(), output
    assert "Traceback" not in output, output
    assert UV_FAILURE[:-1] in output
    assert "freeze.py` failed (exit 1)" in output


def test_corscheck_prints_a_host_the_code_page_lacks(bake, run_in_project):
    """Stand-in: output to a pipe or file in cp949 (PYTHONIOENCODING=euc-kr), the command line
    read as Unicode, as on Windows. ç is in no Korean code page."""
    done = run_in_project(
        bake(),
        "manage.py",
        "corscheck",
        "https://façade.example",
        check=False,
        env={"PYTHONIOENCODING": "euc-kr"},
    )

    assert "UnicodeEncodeError" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    assert "https://xn--faade-zra.example" in done.stdout
    assert r"fa\xe7ade.example" in done.stdout
