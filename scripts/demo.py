#!/usr/bin/env python3
"""Bake a demo project with the default answers and start it: `python3 scripts/demo.py [folder]`.

The project lands in ./demo/my_blog_api (or FOLDER/my_blog_api); a second run starts it again,
keeping the posts in its database (the sample posts go into an empty one only).
A bake stopped half-way (Ctrl-C, a failure) is removed, so the next run bakes it whole.
The first run sets up .cache/demo-venv with cookiecutter alone, the only tool a bake needs.
API_PORT and CLIENT_PORT, which dev.py serves on, are also the bake's answers when set, so the
client calls that API and the API allows that client.

Ctrl-C in a terminal signals the whole foreground process group, so the step running at that
moment gets it too and stops itself (dev.py stops both servers first). The demo only notes it,
waits for that step and starts no other: killing a step half-way, as subprocess.run does on
KeyboardInterrupt, left a server running.
"""

import os
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from bootstrap import ROOT, demo_python, venv_python

ctrl_c_pressed = False


def note_ctrl_c(signum, frame) -> None:
    global ctrl_c_pressed
    ctrl_c_pressed = True


class Stop(Exception):
    """The demo cannot go on: a step failed or Ctrl-C was pressed."""


def run(command: list, **options) -> None:
    """Run one step of the demo to its end; Stop if it failed or Ctrl-C was pressed meanwhile."""
    command = [str(part) for part in command]
    check(command, subprocess.run(command, **options).returncode)


def check(command: list[str], returncode: int) -> None:
    if ctrl_c_pressed:
        raise Stop(130)
    if returncode != 0:
        print(f"`{shlex.join(command)}` failed (exit {returncode}); see above.", file=sys.stderr)
        raise Stop(returncode)


def port_answers() -> list[str]:
    """api_port=... and client_port=... from API_PORT and CLIENT_PORT, when they are set."""
    ports = {"api_port": os.environ.get("API_PORT"), "client_port": os.environ.get("CLIENT_PORT")}
    return [f"{answer}={int(port)}" for answer, port in ports.items() if port]


def has_posts(python: Path, project: Path) -> bool:
    command = [str(python), "manage.py", "shell", "-c", HAS_POSTS]
    # Python's output as UTF-8 whatever the locale (Korean Windows' is cp949), decoded as that.
    utf8 = {
        "encoding": "utf-8",
        "errors": "replace",
        "env": {**os.environ, "PYTHONIOENCODING": "utf-8"},
    }
    done = subprocess.run(command, cwd=project, capture_output=True, **utf8)
    check(command, done.returncode)
    return done.stdout.strip().splitlines()[-1:] == ["True"]  # after any banner of `shell`


HAS_POSTS = "from posts.models import Post; print(Post.objects.exists())"


def demo(output: Path) -> int:
    project = output / "my_blog_api"
    if not project.exists():
        try:
            python = demo_python()
        except subprocess.CalledProcessError as failure:
            check(failure.cmd, failure.returncode)
        print(f"Baking the demo project into {output} ...", flush=True)
        bake = [python, "-m", "cookiecutter", "--no-input", ROOT, "-o", output, *port_answers()]
        try:
            # The bake's closing "Next:" steps are the ones the demo now runs itself.
            run(bake, env={**os.environ, "TEMPLATE_HIDE_NEXT_STEPS": "1"})
        except Stop:
            # A bake cut short (Ctrl-C, a failure) would pass for a finished one next time.
            shutil.rmtree(project, ignore_errors=True)
            raise
    python = venv_python(project / ".venv")
    if not python.exists():  # the bake could not make it; the project's freeze.py can
        run([sys.executable, "freeze.py"], cwd=project)
    run([python, "manage.py", "migrate", "--verbosity", "0"], cwd=project)
    # The sample posts go into an empty database only: loaddata would overwrite, by their
    # ids, the posts a user edited since the last run.
    if has_posts(python, project):
        print("Keeping the posts already in the database.", flush=True)
    else:
        print("Adding the sample posts to the database ...", flush=True)
        run([python, "manage.py", "loaddata", "sample_posts"], cwd=project)
    print(f"\nDemo project: {project}\nOpen the client in your browser.", flush=True)
    # dev.py ends with 0 on Ctrl-C, once both servers have stopped.
    return subprocess.run([python, "dev.py"], cwd=project).returncode


def main() -> int:
    output = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "demo"
    # A path may hold characters the console's encoding (cp949, say) lacks: shown replaced.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="replace")
    # A handler, not SIG_IGN: children start with SIGINT at its default again.
    signal.signal(signal.SIGINT, note_ctrl_c)
    try:
        return demo(output)
    except Stop as stop:
        return stop.args[0]


if __name__ == "__main__":
    sys.exit(main())
