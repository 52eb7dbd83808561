"""The template repository's own tools venv (.venv), made and kept in step with requirements-test.txt.

Shared by scripts/test.py and scripts/demo.py, so each works on a fresh machine with only Python.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements-test.txt"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def tools_python() -> Path:
    """The venv's Python, after (re)installing requirements-test.txt if it changed."""
    if sys.version_info < (3, 10):
        sys.exit(f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}.")
    stamp = VENV / "requirements.sha256"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if PYTHON.exists() and stamp.exists() and stamp.read_text() == digest:
        return PYTHON
    print(f"Setting up {VENV.relative_to(ROOT)} from {REQUIREMENTS.name} ...", flush=True)
    uv = shutil.which("uv")
    if uv:  # about ten times faster than pip when it is there
        subprocess.run([uv, "venv", "--quiet", "--allow-existing", str(VENV)], check=True)
        install = [uv, "pip", "install", "--quiet", "--python", str(PYTHON)]
    else:
        venv.create(VENV, with_pip=True)
        install = [str(PYTHON), "-m", "pip", "install", "--quiet"]
    subprocess.run([*install, "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(digest)
    return PYTHON
