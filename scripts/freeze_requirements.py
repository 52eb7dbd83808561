#!/usr/bin/env python3
"""Refresh the pins shipped in the template: `python3 scripts/freeze_requirements.py`.

A bake that makes .venv writes its own requirements.txt from that venv's pip freeze. The shipped
file is what a bake keeps when it makes no .venv (create_virtualenv=no, or no package index
reachable). It is frozen the same way, by the project's own freeze.py (a clean venv with only
requirements.in installed, then pip freeze), on the oldest Python the project supports: those pins
(Django 5.2 LTS, and typing_extensions that asgiref needs there) install on every supported Python,
where a freeze on 3.11 would pin an asgiref that refuses 3.10.

requirements.in differs by the `database` answer (psycopg for postgresql), so each database's
requirements.in is frozen on its own, and the shipped file holds the pins they share as they are
and the others in a Jinja block for their database: each bake renders exactly its own freeze.

requirements-dev.txt (the test tools) is frozen right after, by `freeze.py --dev` on the same
Python, on top of each database's requirements.txt just frozen, and combined the same way.

    python3 scripts/freeze_requirements.py [--python /path/to/python3.10] [--pip]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Run as a script or imported as scripts.freeze_requirements (by the tests): either way.
sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from bootstrap import GENERATED_TEMPLATE, ROOT, render_generated  # noqa: E402

from answers import DATABASES  # noqa: E402

FREEZE = GENERATED_TEMPLATE / "freeze.py"
SHIPPED = GENERATED_TEMPLATE / "requirements.txt"
SHIPPED_DEV = GENERATED_TEMPLATE / "requirements-dev.txt"
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
    frozen: dict[str, str] = {}
    frozen_dev: dict[str, str] = {}
    for database in DATABASES:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            shutil.copy(FREEZE, folder / "freeze.py")
            render_generated(folder, database, "requirements.in", "requirements-dev.in")
            print(f"database={database}:", flush=True)
            command = [sys.executable, str(folder / "freeze.py"), "--no-venv", "--python", found[1]]
            command += ["--pip"] if args.pip else []
            for dev in (False, True):
                if subprocess.run([*command, *(["--dev"] if dev else [])]).returncode != 0:
                    return 1
            frozen[database] = (folder / "requirements.txt").read_text()
            frozen_dev[database] = (folder / "requirements-dev.txt").read_text()
    SHIPPED.write_text(combine(frozen))
    SHIPPED_DEV.write_text(combine(frozen_dev))
    shipped = ", ".join(str(path.relative_to(ROOT)) for path in (SHIPPED, SHIPPED_DEV))
    print(f"Wrote {shipped} for {', '.join(DATABASES)}.")
    return 0


def package(line: str) -> str:
    """The key pip freeze sorts its lines by."""
    return line.split("==")[0].lower()


def is_pin(line: str) -> bool:
    return "==" in line


def combine(frozen: dict[str, str]) -> str:
    """One requirements file for every database: the header (comments, `-r` lines) and the pins
    every freeze has, as they are; each other pin inside `{%- if cookiecutter.database ... %}` for
    the databases that have it. All in pip freeze's order, so each bake renders exactly its own
    freeze."""
    texts = list(frozen.values())
    header = [line for line in texts[0].splitlines() if line and not is_pin(line)]
    pins = {
        database: [line for line in text.splitlines() if is_pin(line)]
        for database, text in frozen.items()
    }
    lines = sorted({line for found in pins.values() for line in found}, key=package)
    output, block = list(header), None
    for line in lines:
        databases = [database for database in frozen if line in pins[database]]
        wanted = None if len(databases) == len(frozen) else databases
        if wanted != block:
            if block is not None:
                output.append("{%- endif %}")
            if wanted is not None:
                names = ", ".join(f'"{database}"' for database in wanted)
                output.append(f"{{%- if cookiecutter.database in [{names}] %}}")
            block = wanted
        output.append(line)
    if block is not None:
        output.append("{%- endif %}")
    return "\n".join(output) + "\n"


if __name__ == "__main__":
    sys.exit(main())
