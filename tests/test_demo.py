"""scripts/demo.py as a newcomer meets it: the first run, in a copy of the template with nothing
installed, sets up cookiecutter alone and shows its progress; Ctrl-C in the terminal, which
signals the whole foreground process group, stops both servers quietly, every time.

The demo is started the way a terminal starts it: in a process group of its own, with SIGINT at
its default, and Ctrl-C is `killpg(SIGINT)`. Each run uses free ports (dev.py's API_PORT and
CLIENT_PORT, which the demo also gives the bake) so that no test fights over 3000/8000.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR

from bench.load import HOST, free_port
from scripts.bootstrap import venv_python

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("demo"),
    pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to a process group"),
]

# What a fresh clone holds: the template's files, none of the state tests and tools leave behind.
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", ".cache", "demo", "__pycache__", "test-artifacts", ".*_cache", "*.tmp"
)
FIRST_RUN_TIMEOUT = 600  # installs from a package index
RUN_TIMEOUT = 120
STOP_TIMEOUT = 5  # "within a few seconds" of Ctrl-C
CTRL_C_RUNS = 5
DEMO_VENV = Path(".cache", "demo-venv")
# What a venv holds, whether pip or uv made it (a uv venv has no pip).
LIST_DISTRIBUTIONS = (
    "import importlib.metadata as m; print(*(d.name.lower() for d in m.distributions()))"
)


@dataclass
class Run:
    api_port: int
    output: str
    returncode: int
    busy_ports: list[int]
    group_left: bool


def port_answers(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def port_is_free(port: int) -> bool:
    """Whether a server could listen on the port now (with SO_REUSEADDR, as servers bind)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def group_exists(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def clean_up(demo: subprocess.Popen) -> None:
    """After a failure: Ctrl-C once more, so that dev.py may stop its servers, then SIGKILL."""
    if demo.poll() is None:
        os.killpg(demo.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            demo.wait(timeout=10)
    if group_exists(demo.pid):
        os.killpg(demo.pid, signal.SIGKILL)
    demo.wait()


def run_demo_then_ctrl_c(template: Path, output: Path, log: Path, timeout: float) -> Run:
    """Start the demo, wait until both its ports answer, then press Ctrl-C (SIGINT to its group)."""
    api_port, client_port = free_port(), free_port()
    environment = {**os.environ, "API_PORT": str(api_port), "CLIENT_PORT": str(client_port)}
    environment.pop("TEMPLATE_VENV_TOOL", None)
    with log.open("w") as sink:
        demo = subprocess.Popen(
            [sys.executable, "scripts/demo.py", str(output)],
            cwd=template,
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a terminal's foreground job
            # A shell running these tests in the background ignores SIGINT; a terminal does not.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        try:
            deadline = time.monotonic() + timeout
            while not (port_answers(api_port) and port_answers(client_port)):
                if demo.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the demo never served both ports:\n{log.read_text()}")
                time.sleep(0.2)
            os.killpg(demo.pid, signal.SIGINT)
            try:
                returncode = demo.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                pytest.fail(f"the demo still ran {STOP_TIMEOUT} s after Ctrl-C:\n{log.read_text()}")
            group_left = group_exists(demo.pid)
        finally:
            clean_up(demo)
    busy = [port for port in (api_port, client_port) if not port_is_free(port)]
    return Run(api_port, log.read_text(), returncode, busy, group_left)


def assert_stopped_cleanly(run: Run) -> None:
    assert "Traceback" not in run.output, run.output
    assert "KeyboardInterrupt" not in run.output, run.output
    assert run.returncode == 0, run.output
    assert run.busy_ports == [], f"a server outlived Ctrl-C:\n{run.output}"
    assert not run.group_left, f"a process of the demo's group outlived Ctrl-C:\n{run.output}"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> tuple[Path, Path, Run]:
    """A copy of the template as a fresh clone has it, and the demo's first run in it."""
    folder = tmp_path_factory.mktemp("demo")
    template = folder / "template"
    shutil.copytree(TEMPLATE_DIR, template, ignore=NOT_IN_A_CLONE)
    output = folder / "output"
    run = run_demo_then_ctrl_c(template, output, folder / "first-run.log", FIRST_RUN_TIMEOUT)
    return template, output, run


def test_first_run_installs_cookiecutter_alone_and_shows_progress(first_run):
    template, output, run = first_run
    assert_stopped_cleanly(run)
    # The ports it was given are the bake's answers: the client calls the API on that port.
    config = (output / "my_blog_api" / "client" / "config.js").read_text()
    assert f'"http://localhost:{run.api_port}"' in config

    # The installer's own progress, between a line that says what is set up and one with the time.
    setup = re.search(
        r"^Setting up \.cache/demo-venv from requirements-demo\.txt .*?\n(.*?)"
        r"^\.cache/demo-venv is ready \(\d+\.\d s\)\.$",
        run.output,
        re.M | re.S,
    )
    assert setup, run.output
    assert "cookiecutter" in setup.group(1).lower(), run.output
    assert not (template / ".venv").exists(), "the demo installed the test tools"
    installed = set(
        subprocess.run(
            [venv_python(template / DEMO_VENV), "-c", LIST_DISTRIBUTIONS],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    assert "cookiecutter" in installed
    assert installed.isdisjoint({"pytest", "django", "hypothesis", "ruff", "uv"}), installed

    # The demo runs migrate and dev.py itself: the bake's "Next:" steps would only confuse.
    assert "Next:" not in run.output
    assert "manage.py migrate" not in run.output
    assert "[2/3] Installing requirements.in ..." in run.output  # the bake's .venv, step by step
    assert re.search(r"^Client: http://localhost:\d+/", run.output, re.M)


def test_ctrl_c_stops_both_servers_quietly_every_time(first_run, tmp_path):
    template, output, first = first_run
    runs = [first]
    for number in range(CTRL_C_RUNS - 1):
        log = tmp_path / f"run-{number}.log"
        runs.append(run_demo_then_ctrl_c(template, output, log, RUN_TIMEOUT))
    for run in runs:
        assert_stopped_cleanly(run)
    assert "Setting up" not in runs[-1].output  # later runs reuse the demo venv and the project


def test_a_second_run_keeps_the_posts_the_user_edited(first_run, tmp_path):
    template, output, _ = first_run
    database = output / "my_blog_api" / "db.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE posts_post SET title = 'Edited by me' WHERE id = 1")

    run = run_demo_then_ctrl_c(template, output, tmp_path / "second.log", RUN_TIMEOUT)

    assert_stopped_cleanly(run)
    assert "Keeping the posts already in the database." in run.output
    with contextlib.closing(sqlite3.connect(database)) as db:
        titles = [title for (title,) in db.execute("SELECT title FROM posts_post WHERE id = 1")]
    assert titles == ["Edited by me"]


def test_ctrl_c_during_the_bake_leaves_no_half_made_project(first_run, tmp_path):
    """Ctrl-C while the bake makes .venv: the half-made project is removed, so the next run
    bakes it whole instead of taking it for finished."""
    template, _, _ = first_run
    output = tmp_path / "output"
    project = output / "my_blog_api"
    log = tmp_path / "interrupted.log"
    with log.open("w") as sink:
        demo = subprocess.Popen(
            [sys.executable, "scripts/demo.py", str(output)],
            cwd=template,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        try:
            deadline = time.monotonic() + RUN_TIMEOUT
            while not (project / ".venv").exists():
                if demo.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the bake never got to .venv:\n{log.read_text()}")
                time.sleep(0.05)
            os.killpg(demo.pid, signal.SIGINT)
            returncode = demo.wait(timeout=RUN_TIMEOUT)
        finally:
            clean_up(demo)
    assert returncode == 130, log.read_text()
    assert not project.exists(), log.read_text()
    assert "Traceback" not in log.read_text(), log.read_text()

    run = run_demo_then_ctrl_c(template, output, tmp_path / "again.log", RUN_TIMEOUT)
    assert_stopped_cleanly(run)
    assert "Baking the demo project" in run.output
    assert (project / "client" / "config.js").is_file()
