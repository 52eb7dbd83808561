"""Pin requirements.in's whole closure into requirements.txt and install it: `python freeze.py`.

requirements.in lists the direct dependencies with compatible ranges; requirements.txt pins every
package they pull in, exactly as `pip freeze` lists them. After adding or changing a line of
requirements.in, run this once. It installs requirements.in alone into a clean venv, writes that
venv's `pip freeze` to requirements.txt, and installs the new pins into .venv. The freeze never
comes from .venv itself: the dev tools of requirements-dev.txt live there too.

`python freeze.py --dev` does the same for the test tools: requirements-dev.in (ranges, on top of
`-r requirements.txt`) into a clean venv, and its `pip freeze`, less what requirements.txt already
pins, into requirements-dev.txt.

Without a .venv, the clean venv becomes .venv. A venv left half made by a failed step or Ctrl-C is
removed. uv is used when it is on PATH (much faster), else venv + pip (--pip forces it); the file
is the same either way. Nothing is uninstalled from .venv: a dependency dropped from
requirements.in stays there until .venv is made again.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent
VENV = PROJECT_DIR / ".venv"
REQUIREMENTS_IN = PROJECT_DIR / "requirements.in"
REQUIREMENTS_TXT = PROJECT_DIR / "requirements.txt"
REQUIREMENTS_DEV_IN = PROJECT_DIR / "requirements-dev.in"
REQUIREMENTS_DEV_TXT = PROJECT_DIR / "requirements-dev.txt"
# In a venv to run pip, not because the project needs them; `pip freeze --all` lists them.
SEED_PACKAGES = frozenset({"pip", "setuptools", "wheel"})
HEADER = """\
# The whole closure of requirements.in, pinned: `pip freeze` of a venv with only requirements.in
# installed, on Python {version}. Change requirements.in, then run `python freeze.py`.
"""
# The runtime pins stay in requirements.txt alone, included first, so the two files never disagree.
DEV_HEADER = """\
# The test tools of requirements-dev.in with their whole closure, pinned: `pip freeze` of a venv
# with requirements-dev.in installed, on Python {version}, less what requirements.txt pins.
# Change requirements-dev.in (or requirements.txt), then run `python freeze.py --dev`.
-r requirements.txt
"""


class StepFailed(Exception):
    """A command failed; the message names it and ends with the last lines it printed."""


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*command: str | Path) -> str:
    """Run a command quietly and return its output; show the output only if it fails."""
    args = [str(part) for part in command]
    try:
        result = subprocess.run(args, capture_output=True, text=True)  # noqa: S603
    except OSError as error:
        raise StepFailed(f"could not run {args[0]}: {error}") from None
    if result.returncode != 0:
        output = (result.stderr.strip() or result.stdout.strip()).splitlines()
        tail = "".join(f"\n    {line}" for line in output[-12:])
        shown = shlex.join(args).replace(f"{PROJECT_DIR}{os.sep}", "")
        raise StepFailed(f"`{shown}` exited with {result.returncode}:{tail}")
    return result.stdout


class Installer:
    """Makes venvs and installs into them: with uv when given its path, else with venv + pip."""

    def __init__(self, uv: str | None) -> None:
        self.uv = uv
        self.name = "uv" if uv else "pip"

    @classmethod
    def find(cls, force_pip: bool = False) -> Installer:
        """uv if one on PATH runs (a pyenv shim may not, for this Python), else pip."""
        uv = None if force_pip else shutil.which("uv")
        if uv and subprocess.run([uv, "--version"], capture_output=True).returncode != 0:  # noqa: S603
            uv = None
        return cls(uv)

    def create(self, venv: Path, python: str | Path) -> Path:
        """A venv for `python` with pip in it, for `pip freeze` now and `pip install` later."""
        if self.uv:
            # Not `uv venv --seed`: below Python 3.12 it adds wheel, and wheel's dependency
            # `packaging` would then show up in pip freeze as if the project needed it.
            run(self.uv, "venv", "--quiet", "--no-python-downloads", "--python", python, venv)
            self.install(venv_python(venv), "pip")
        else:
            run(python, "-m", "venv", venv)
        return venv_python(venv)

    def install(self, python: Path, *args: str | Path) -> None:
        if self.uv:
            run(self.uv, "pip", "install", "--quiet", "--python", python, *args)
        else:
            run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args)


class Progress:
    """Names each step as it starts and prints how long it took: `[2/3] Installing ... 0.8 s`."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.number = 0

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        self.number += 1
        print(f"[{self.number}/{self.total}] {title} ...", end=" ", flush=True)
        start = time.perf_counter()
        try:
            yield
        except BaseException:
            print(f"failed after {time.perf_counter() - start:.1f} s", flush=True)
            raise
        print(f"{time.perf_counter() - start:.1f} s", flush=True)


def python_version(python: str | Path) -> str:
    return run(python, "-c", "import platform; print(platform.python_version())").strip()


def frozen(python: Path) -> list[str]:
    """The venv's `pip freeze`, less pip, setuptools and wheel, whatever pip's version does."""
    lines = run(python, "-m", "pip", "freeze", "--all", "--disable-pip-version-check").splitlines()
    return [line for line in lines if re.split(r"[\s=@]", line)[0].lower() not in SEED_PACKAGES]


def package(pin: str) -> str:
    """The normalised name of a `name==version` line, as pip compares names."""
    return re.sub(r"[-_.]+", "-", re.split(r"[\s=@]", pin)[0]).lower()


def write_requirements(python: Path) -> None:
    pins = "".join(f"{pin}\n" for pin in frozen(python))
    REQUIREMENTS_TXT.write_text(HEADER.format(version=python_version(python)) + pins)


def write_dev_requirements(python: Path) -> None:
    runtime = {package(line) for line in REQUIREMENTS_TXT.read_text().splitlines() if "==" in line}
    pins = "".join(f"{pin}\n" for pin in frozen(python) if package(pin) not in runtime)
    REQUIREMENTS_DEV_TXT.write_text(DEV_HEADER.format(version=python_version(python)) + pins)


def build(
    venv: Path, python: str | Path, installer: Installer, progress: Progress, dev: bool = False
) -> Path:
    """Make `venv` with only requirements.in installed, and write its pip freeze to
    requirements.txt; with `dev`, the same for requirements-dev.in and requirements-dev.txt.
    A venv left half made by a failed step or Ctrl-C is removed."""
    label = ".venv" if venv == VENV else "a clean venv"
    title = f"Creating {label} for Python {python_version(python)} with {installer.name}"
    source, target = (
        (REQUIREMENTS_DEV_IN, REQUIREMENTS_DEV_TXT) if dev else (REQUIREMENTS_IN, REQUIREMENTS_TXT)
    )
    try:
        with progress.step(title):
            new_python = installer.create(venv, python)
        with progress.step(f"Installing {source.name}"):
            installer.install(new_python, "-r", source)
        with progress.step(f"Writing {target.name} from pip freeze"):
            (write_dev_requirements if dev else write_requirements)(new_python)
    except BaseException:
        shutil.rmtree(venv, ignore_errors=True)
        raise
    return new_python


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Pin requirements.in's closure into requirements.txt and install it in .venv."
    )
    parser.add_argument("--pip", action="store_true", help="use venv + pip even if uv is on PATH")
    parser.add_argument(
        "--python", help="the Python to pin for (default: .venv's, else the one running this)"
    )
    parser.add_argument(
        "--no-venv", action="store_true", help="only rewrite the pins; leave .venv alone"
    )
    parser.add_argument(
        "--dev",
        action="store_true",
        help="pin requirements-dev.in (the test tools) into requirements-dev.txt instead",
    )
    args = parser.parse_args(argv)
    installer = Installer.find(force_pip=args.pip)
    has_venv = venv_python(VENV).exists()
    python = args.python or (venv_python(VENV) if has_venv else sys.executable)
    target = REQUIREMENTS_DEV_TXT if args.dev else REQUIREMENTS_TXT
    try:
        if has_venv or args.no_venv or args.dev:
            sync = has_venv and not args.no_venv
            progress = Progress(4 if sync else 3)
            with tempfile.TemporaryDirectory() as scratch:
                build(Path(scratch) / "venv", python, installer, progress, dev=args.dev)
            if sync:
                with progress.step(f"Installing {target.name} into .venv"):
                    installer.install(venv_python(VENV), "-r", target)
        else:
            build(VENV, python, installer, Progress(3))
    except StepFailed as failure:
        print(f"error: {failure}", file=sys.stderr)
        return 1
    pins = [line for line in target.read_text().splitlines() if "==" in line]
    print(f"{target.name} pins {len(pins)} packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
