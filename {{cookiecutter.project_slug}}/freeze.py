"""Pin requirements.in's whole closure into requirements.txt and install it: `python freeze.py`.

requirements.in lists the direct dependencies with compatible ranges; requirements.txt pins every
package they pull in, exactly as `pip freeze` lists them. After adding or changing a line of
requirements.in, run this once. It installs requirements.in alone into a clean venv, writes that
venv's `pip freeze` to requirements.txt, and installs the new pins into .venv. The freeze never
comes from .venv itself: the dev tools of requirements-dev.txt live there too.

`python freeze.py --dev` does the same for the test tools: requirements-dev.in (ranges, on top of
`-r requirements.txt`) into a clean venv, and its `pip freeze`, less what requirements.txt already
pins, into requirements-dev.txt.

requirements.txt then installs on the Python it was frozen on: its major.minor goes into
.python-version (which pyenv, uv and setup-python read), the Dockerfile's `FROM python:X.Y-...`
base image and the CI workflow's python-version, so all three run where the pins install. The
test tools are pinned on that same Python: `--dev` on another one stops and says so.

Without a .venv, the clean venv becomes .venv. A venv left half made by a failed step or Ctrl-C is
removed. uv is used when it is on PATH (much faster), else venv + pip (--pip forces it); the file
is the same either way. Nothing is uninstalled from .venv: a dependency dropped from
requirements.in stays there until .venv is made again.
"""

from __future__ import annotations

import argparse
import json
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
# Where the Python requirements.txt was frozen on is recorded, and what follows it.
PYTHON_VERSION_FILE = PROJECT_DIR / ".python-version"
DOCKERFILE = PROJECT_DIR / "Dockerfile"
CI_WORKFLOW = PROJECT_DIR / ".github" / "workflows" / "ci.yml"
DOCKER_BASE = re.compile(r"^(FROM python:)[0-9]+\.[0-9]+(?=-)", re.M)
CI_MATRIX = re.compile(r"^(\s*python-version: )\[[^\]\n]*\]", re.M)
# In a venv to run pip, not because the project needs them; `pip freeze --all` lists them.
SEED_PACKAGES = frozenset({"pip", "setuptools", "wheel"})
# pip's own modules, in any venv layout: the pip path leaves them for Python to compile.
PIP_FILES = r"[/\\]site-packages[/\\]pip[/\\]"
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


# Python children write UTF-8 to the pipe, as uv and npm do, whatever the locale (Korean Windows'
# is cp949); the output is decoded as that, a stray byte shown as \ufffd rather than failing.
CHILD_ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}
OUTPUT = {"capture_output": True, "encoding": "utf-8", "errors": "replace", "env": CHILD_ENV}


class StepFailed(Exception):
    """A command failed; the message names it and ends with the last lines it printed."""


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*command: str | Path) -> str:
    """Run a command quietly and return its output; show the output only if it fails."""
    args = [str(part) for part in command]
    try:
        result = subprocess.run(args, **OUTPUT)  # noqa: S603
    except OSError as error:
        raise StepFailed(f"could not run {args[0]}: {error}") from None
    if result.returncode != 0:
        output = (result.stderr.strip() or result.stdout.strip()).splitlines()
        tail = "".join(f"\n    {line}" for line in output[-12:])
        shown = shlex.join(args).replace(f"{PROJECT_DIR}{os.sep}", "")
        raise StepFailed(f"`{shown}` exited with {result.returncode}:{tail}")
    return result.stdout


# Asked of the Python a venv is made for, in one process: its version; its pip's version (pip
# 22.3+ installs into another environment with --python); the pip wheel its ensurepip ships,
# the one `python -m venv` would install.
ABOUT_PYTHON = """
import json, platform, re
from pathlib import Path
try:
    from importlib.metadata import version
    pip = version("pip")
except Exception:
    pip = None
try:
    import ensurepip
    wheels = Path(ensurepip.__file__).parent.glob("_bundled/pip-*.whl")
except ImportError:
    wheels = []
number = lambda text: [int(part) for part in re.findall(r"[0-9]+", text)[:3]]
wheel = max(wheels, key=lambda path: number(path.name), default=None)
print(json.dumps([platform.python_version(), pip and number(pip), wheel and str(wheel)]))
"""


class Python:
    """A Python to make a venv for: its version, and whether its own pip can fill that venv."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.version, pip, self.pip_wheel = json.loads(run(path, "-c", ABOUT_PYTHON))
        self.pip_installs_elsewhere = pip is not None and pip >= [22, 3]


class Installer:
    """Makes venvs and installs into them: with uv when given its path, else with venv + pip.

    Both make the venv bare and install pip into it in the same run as the requirements, with
    bytecode compiled in parallel: `python -m venv` would spend most of its time in ensurepip
    installing pip (and setuptools) alone, and pip compiles one file after another. A Python
    whose pip is older than 22.3 gets the plain `python -m venv` and the venv's own pip.
    """

    def __init__(self, uv: str | None) -> None:
        self.uv = uv
        self.name = "uv" if uv else "pip"

    @classmethod
    def find(cls, force_pip: bool = False) -> Installer:
        """uv if one on PATH runs (a pyenv shim may not, for this Python), else pip."""
        uv = None if force_pip else shutil.which("uv")
        if uv and subprocess.run([uv, "--version"], **OUTPUT).returncode != 0:  # noqa: S603
            uv = None
        return cls(uv)

    def create(self, venv: Path, python: Python) -> tuple[str | Path, ...]:
        """Make the venv; return what its first install must add so that pip is in it."""
        if self.uv:
            # Not `uv venv --seed`: below Python 3.12 it adds wheel, and wheel's dependency
            # `packaging` would then show up in pip freeze as if the project needed it.
            run(self.uv, "venv", "--quiet", "--no-python-downloads", "--python", python.path, venv)
            return ("pip",)
        if python.pip_installs_elsewhere:
            run(python.path, "-m", "venv", "--without-pip", venv)
            if python.pip_wheel is None:
                return ("pip",)
            # The pip `python -m venv` would install, from disk: pip takes a --find-links file
            # over an index's equal one, and, unlike a wheel named by path, pip freeze then
            # says pip==version, not pip @ file:///...
            wheel = Path(python.pip_wheel)
            return ("--find-links", wheel.parent, f"pip=={wheel.name.split('-')[1]}")
        run(python.path, "-m", "venv", venv)
        return ()

    def install(self, python: Path, *args: str | Path, pip_of: Python | None = None) -> Compiling:
        """Install into the venv of `python`, with the pip of `pip_of` if given, else its own,
        bytecode compiled on every core. Returns the compile, which may still be running."""
        venv = python.parent.parent
        if self.uv:
            # --compile-bytecode: the suite would otherwise compile Django on every start-up
            # wherever PYTHONDONTWRITEBYTECODE is set. uv compiles on every core.
            uv_pip = (self.uv, "pip", "install", "--quiet", "--compile-bytecode")
            run(*uv_pip, "--python", python, *args)
            return Compiling(None)
        if pip_of is not None and pip_of.pip_installs_elsewhere:
            pip = (pip_of.path, "-m", "pip", "--python", python)
        else:
            pip = (python, "-m", "pip")
        run(*pip, "install", "--quiet", "--disable-pip-version-check", "--no-compile", *args)
        # What pip would compile one file after another, on every core, while the caller goes
        # on (pip freeze reads no bytecode); pip's own modules are left for Python to compile
        # when pip first runs (10% of a pip bake). A file that does not compile (a package's
        # Python 2 test data, say) fails nothing, as with pip.
        compileall = [python, "-m", "compileall", "-q", "-j0", "-x", PIP_FILES, venv]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        return Compiling(subprocess.Popen(compileall, **quiet))  # noqa: S603


class Compiling:
    """A bytecode compile running beside the next step; stopped if that step fails."""

    def __init__(self, process: subprocess.Popen | None) -> None:
        self.process = process

    def wait(self) -> None:
        if self.process is not None:
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


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


def frozen(python: Path) -> list[str]:
    """The venv's `pip freeze`, less pip, setuptools and wheel, whatever pip's version does."""
    lines = run(python, "-m", "pip", "freeze", "--all", "--disable-pip-version-check").splitlines()
    return [line for line in lines if re.split(r"[\s=@]", line)[0].lower() not in SEED_PACKAGES]


def package(pin: str) -> str:
    """The normalised name of a `name==version` line, as pip compares names."""
    return re.sub(r"[-_.]+", "-", re.split(r"[\s=@]", pin)[0]).lower()


def minor(version: str) -> str:
    """3.12.1 -> 3.12: the version an image tag and a CI matrix name."""
    return ".".join(version.split(".")[:2])


def recorded_python() -> str | None:
    try:
        return PYTHON_VERSION_FILE.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def follow(path: Path, pattern: re.Pattern, replacement: str) -> None:
    """Rewrite what `pattern` finds in `path`; say so if it finds nothing to rewrite."""
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    updated, count = pattern.subn(replacement, text)
    if count == 0:
        name = path.relative_to(PROJECT_DIR)
        print(f"note: {name} names no Python version this script knows to update; set it yourself.")
    elif updated != text:
        path.write_text(updated, encoding="utf-8")


def record_python(version: str) -> None:
    """Write .python-version, and make the Dockerfile's base image and the CI workflow's matrix
    follow it: the pins just frozen install on this Python, not necessarily on another."""
    version = minor(version)
    PYTHON_VERSION_FILE.write_text(f"{version}\n", encoding="utf-8")
    follow(DOCKERFILE, DOCKER_BASE, rf"\g<1>{version}")
    follow(CI_WORKFLOW, CI_MATRIX, rf'\g<1>["{version}"]')


def write_requirements(python: Path, version: str) -> None:
    pins = "".join(f"{pin}\n" for pin in frozen(python))
    REQUIREMENTS_TXT.write_text(HEADER.format(version=version) + pins, encoding="utf-8")
    record_python(version)


def check_dev_python(version: str) -> None:
    """The test tools are pinned on top of requirements.txt on the Python it was frozen on."""
    recorded = recorded_python()
    if recorded is not None and recorded != minor(version):
        raise StepFailed(
            f"requirements.txt is pinned for Python {recorded} (.python-version), and this is "
            f"Python {version}. Run `python freeze.py --dev --python PATH` with a Python "
            f"{recorded}, or first `python freeze.py` to pin all for Python {minor(version)}."
        )


def write_dev_requirements(python: Path, version: str) -> None:
    lines = REQUIREMENTS_TXT.read_text(encoding="utf-8").splitlines()
    runtime = {package(line) for line in lines if "==" in line}
    pins = "".join(f"{pin}\n" for pin in frozen(python) if package(pin) not in runtime)
    REQUIREMENTS_DEV_TXT.write_text(DEV_HEADER.format(version=version) + pins, encoding="utf-8")


def build(
    venv: Path, python: str | Path, installer: Installer, progress: Progress, dev: bool = False
) -> Path:
    """Make `venv` with only requirements.in installed (and pip, to install more later), and
    write its pip freeze to requirements.txt; with `dev`, the same for requirements-dev.in and
    requirements-dev.txt. A venv left half made by a failed step or Ctrl-C is removed."""
    label = ".venv" if venv == VENV else "a clean venv"
    base = Python(python)
    if dev:
        check_dev_python(base.version)
    source, target = (
        (REQUIREMENTS_DEV_IN, REQUIREMENTS_DEV_TXT) if dev else (REQUIREMENTS_IN, REQUIREMENTS_TXT)
    )
    compiling = None
    try:
        with progress.step(f"Creating {label} for Python {base.version} with {installer.name}"):
            with_pip = installer.create(venv, base)
        new_python = venv_python(venv)
        with progress.step(f"Installing {source.name}"):
            compiling = installer.install(new_python, *with_pip, "-r", source, pip_of=base)
        with progress.step(f"Writing {target.name} from pip freeze"):
            (write_dev_requirements if dev else write_requirements)(new_python, base.version)
            compiling.wait()
    except BaseException:
        if compiling is not None:
            compiling.stop()
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
    # A failing step's output may hold characters the console's encoding (cp949, say) lacks.
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="replace")
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
                    installer.install(venv_python(VENV), "-r", target).wait()
        else:
            build(VENV, python, installer, Progress(3))
    except StepFailed as failure:
        print(f"error: {failure}", file=sys.stderr)
        return 1
    pins = [line for line in target.read_text(encoding="utf-8").splitlines() if "==" in line]
    print(f"{target.name} pins {len(pins)} packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
