"""Virtual environments kept in step with requirements files: the template's tools (.venv), the
demo's cookiecutter alone (.cache/demo-venv), and the one venv the template tests share to run
baked projects (.cache/generated-venv-*).

Each is rebuilt only when the hash of its requirements changes. Used by scripts/test.py,
scripts/demo.py and tests/conftest.py, so each works on a fresh machine with only Python.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS_VENV = ROOT / ".venv"
TOOLS_REQUIREMENTS = ROOT / "requirements-test.txt"
GENERATED_TEMPLATE = ROOT / "{{cookiecutter.project_slug}}"
CACHE = ROOT / ".cache"
DEMO_VENV = CACHE / "demo-venv"
DEMO_REQUIREMENTS = ROOT / "requirements-demo.txt"  # requirements-test.txt includes it
# Part of each venv's hash: change it when the way venvs are built changes.
RECIPE = b"uv --compile-bytecode"


def venv_python(venv_dir: Path) -> Path:
    return venv_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(
    venv_dir: Path, requirements: Path, *hashed: Path, interpreter: str | None = None
) -> Path:
    """venv_dir's Python with `requirements` installed; rebuilt when any hashed file changes.

    It is made from `interpreter` (which then counts in the hash), else from this Python; a venv
    must not be rebuilt because a process inside it asks for it again.
    """
    if sys.version_info < (3, 10):  # noqa: UP036 (python3 on a user's machine may be older)
        sys.exit(f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}.")
    python = venv_python(venv_dir)
    stamp = venv_dir / "requirements.sha256"
    files = (requirements, *hashed)
    contents = [RECIPE, (interpreter or "").encode(), *(path.read_bytes() for path in files)]
    interpreter = interpreter or sys.executable
    digest = hashlib.sha256(b"".join(contents)).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text() == digest:
        return python
    # The installer's own output is the progress of a step that can take minutes.
    shown = venv_dir.relative_to(ROOT) if venv_dir.is_relative_to(ROOT) else venv_dir
    print(f"Setting up {shown} from {requirements.name} (later runs reuse it) ...", flush=True)
    started = time.perf_counter()
    if venv_dir.exists():
        shutil.rmtree(venv_dir)
    uv = shutil.which("uv")
    if uv:  # about ten times faster than pip when it is there
        subprocess.run([uv, "venv", "--quiet", "--python", interpreter, str(venv_dir)], check=True)
        # Compile bytecode now, as pip does: with PYTHONDONTWRITEBYTECODE set, every start-up
        # would otherwise compile all of Django again (about 2 s of each generated test run).
        install = [uv, "pip", "install", "--compile-bytecode", "--python", str(python)]
    else:
        subprocess.run([interpreter, "-m", "venv", str(venv_dir)], check=True)
        install = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    subprocess.run([*install, "-r", str(requirements)], check=True, cwd=requirements.parent)
    stamp.write_text(digest)
    print(f"{shown} is ready ({time.perf_counter() - started:.1f} s).", flush=True)
    return python


def tools_python() -> Path:
    """The Python of the template's tools venv (.venv): cookiecutter, pytest, ruff, ..."""
    return ensure_venv(TOOLS_VENV, TOOLS_REQUIREMENTS, DEMO_REQUIREMENTS)


def demo_python() -> Path:
    """The Python of the demo's venv (.cache/demo-venv): cookiecutter alone, all a bake needs."""
    return ensure_venv(DEMO_VENV, DEMO_REQUIREMENTS)


def generated_python() -> Path:
    """The Python of the venv that runs baked projects: their requirements-dev.txt (the pinned
    runtime plus test tools), for this Python version. Not safe for parallel callers: the tests
    call it under a file lock.

    Rendered for database=postgresql, the bake that needs most: its pinned closure is the SQLite
    one plus the psycopg lines, so one venv runs every bake."""
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    requirements = CACHE / f"generated-requirements-{version}"
    render_generated(requirements, "postgresql", "requirements.txt", "requirements-dev.txt")
    return ensure_venv(
        CACHE / f"generated-venv-{version}",
        requirements / "requirements-dev.txt",
        requirements / "requirements.txt",
    )


# Renders files of the generated project that hold only `cookiecutter.database` conditionals
# (the requirements files) with cookiecutter's Jinja, in the tools venv, so the plain python3
# that runs scripts and benchmarks needs nothing installed.
RENDER = """
import sys
from pathlib import Path
import jinja2
source, target, database, *names = sys.argv[1:]
for name in names:
    template = jinja2.Template((Path(source) / name).read_text(), keep_trailing_newline=True)
    text = template.render(cookiecutter={"database": database})
    if not (Path(target) / name).exists() or (Path(target) / name).read_text() != text:
        (Path(target) / name).write_text(text)
"""


def render_generated(folder: Path, database: str, *names: str) -> Path:
    """The named files of the generated project, as a bake with this `database` has them."""
    folder.mkdir(parents=True, exist_ok=True)
    command = [str(tools_python()), "-c", RENDER, str(GENERATED_TEMPLATE), str(folder), database]
    subprocess.run([*command, *names], check=True)
    return folder
