#!/usr/bin/env python3
"""Refresh the requirements.txt shipped in the template: `python3 scripts/freeze_requirements.py`.

A bake that makes .venv writes its own requirements.txt from that venv's pip freeze. The shipped
file is what a bake keeps when it makes no .venv (create_virtualenv=no, or no package index
reachable). It is frozen the same way, by the project's own freeze.py (a clean venv with only
requirements.in installed, then pip freeze), on the oldest Python the project supports: those pins
(Django 5.2 LTS, and typing_extensions that asgiref needs there) install on every supported Python,
where a freeze on 3.11 would pin an asgiref that refuses 3.10.

    python3 scripts/freeze_requirements.py [--python /path/to/python3.10] [--pip]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FREEZE = ROOT / "{{cookiecutter.project_slug}}" / "freeze.py"
OLDEST_PYTHON = (3, 10)
QUERY = "import sys; print(*sys.version_info[:2]); print(sys.executable)"


def interpreter(python: str) -> tuple[tuple[int, ...], str] | None:
    """(major, minor) and the full path of a Python command, or None if it does not run."""
    try:
        result = subprocess.run([python, "-c", QUERY], capture_output=True, text=True)
    except OSError:
        return None
    if result.returncode != 0:
        return None
    version, executable = result.stdout.splitlines()
    return tuple(map(int, version.split())), executable


def main(argv: list[str] | None = None) -> int:
    oldest = ".".join(map(str, OLDEST_PYTHON))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=f"python{oldest}", help=f"a Python {oldest}")
    parser.add_argument("--pip", action="store_true", help="use venv + pip even if uv is on PATH")
    args = parser.parse_args(argv)

    found = interpreter(args.python)
    if found is None or found[0] != OLDEST_PYTHON:
        what = "does not run" if found is None else f"is Python {'.'.join(map(str, found[0]))}"
        print(
            f"error: --python {args.python} {what}; the shipped pins come from Python {oldest}, "
            f"the oldest supported, so they install on all. "
            f"Example: --python ~/.pyenv/versions/{oldest}.13/bin/python",
            file=sys.stderr,
        )
        return 2
    command = [sys.executable, str(FREEZE), "--no-venv", "--python", found[1]]
    return subprocess.run([*command, *(["--pip"] if args.pip else [])]).returncode


if __name__ == "__main__":
    sys.exit(main())
