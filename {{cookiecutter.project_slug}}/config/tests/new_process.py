"""Code run where a module reads the environment afresh: a new process."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def run_in_a_new_process(code, variables):
    """The last line `code` prints in a new `manage.py shell` with these environment variables
    (modules read the environment when they are imported)."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=PROJECT,
        env={**os.environ, "DJANGO_DEBUG": "True", **variables},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1]
