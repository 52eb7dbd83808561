"""Finish the baked project: remove the files the answers leave out; put the chosen client in
client/; write .env with a fresh secret key;
with create_virtualenv, make .venv with the Python running cookiecutter and pin requirements.txt
from its pip freeze (and, for client=vue, install client/node_modules and pin package-lock.json
with npm); then say what to run next.

Making .venv is the project's own `freeze.py` (the command that re-pins it later), so the bake and
the project pin the same way. When that fails (no package index reachable, say), the bake still
succeeds: the half-made .venv is removed and requirements.txt stays the one shipped with the
template, itself a pip freeze (scripts/freeze_requirements.py refreshes it).

TEMPLATE_VENV_TOOL=uv|pip picks the installer (default: uv when it is on PATH, else pip).
The answers arrive as the rendering validated and normalised them (jinja_filters.answers_json), in
one JSON string literal rendered by `tojson`, never pasted into code: no second validation here.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

# The template's own modules (a clone of it for gh: templates): quoting for the user's shell.
sys.path.insert(0, {{ template_root | tojson }})
from rerun import shell_quote  # noqa: E402

ANSWERS = SimpleNamespace(**json.loads({{ cookiecutter | answers_json | tojson }}))
PLACEHOLDER = "DJANGO_SECRET_KEY=change-me"
# compose.yaml's PostgreSQL and Redis passwords, made here like the secret key (never in the
# image).
POSTGRES_PLACEHOLDER = "POSTGRES_PASSWORD=change-me"
REDIS_PLACEHOLDER = "REDIS_PASSWORD=change-me"
PYTHON = r".venv\Scripts\python" if os.name == "nt" else ".venv/bin/python"
# Windows PowerShell 5.1 has no `&&`; `;` runs the next command there (and in PowerShell 7).
THEN = "; " if os.name == "nt" else " && "
# Windows' launcher: `python3` there may be the Microsoft Store's stand-in.
BASE_PYTHON = "py" if os.name == "nt" else "python3"
# The template holds both clients: the static one in client/, the Vue app in client_vue/; and
# dev.py's part for each: dev_client.py for the static one, dev_client_vue.py for the Vue app.
VUE_SOURCE = "client_vue"
VUE_DEV_CLIENT = "dev_client_vue.py"
# The static client's files the Vue app uses too (its errors, explanations, login and look):
# place_client() moves them into client/src/.
SHARED_CLIENT_FILES = ("errors.js", "login.js", "messages.js", "styles.css")
NPM_INSTALL = ("install", "--no-audit", "--no-fund", "--loglevel=error")
# npm and uv write UTF-8 whatever the locale (Korean Windows' is cp949): decoded as that, with a
# stray byte shown as \ufffd rather than failing the bake.
OUTPUT = {"capture_output": True, "encoding": "utf-8", "errors": "replace"}


def left_out(answers) -> list[str]:
    """The files and folders these answers leave out of the bake: the one place where a file is
    conditional (the template names every file plainly, no Jinja in file names). The chosen
    client's files are then moved into place by place_client()."""
    kept_only_when = [
        (answers.client == "vue", [VUE_SOURCE, VUE_DEV_CLIENT]),
        # The static client's own files, which the Vue app replaces, and the tests that drive
        # them (the probe page's tests, test_browser_cors.py and test_cross_site_login.py, hold
        # for any client).
        (
            answers.client == "static",
            [
                "client/api.js",
                "client/app.js",
                "client/config.js",
                "client/index.html",
                "tests/test_browser.py",
                "tests/test_browser_auth.py",
            ],
        ),
        (
            answers.auth != "none",
            [
                "accounts/adapter.py",
                "accounts/auth_views.py",
                "accounts/serializers.py",
                "accounts/urls.py",
                "accounts/tests/test_auth_api.py",
                "accounts/tests/test_password_change.py",
                "accounts/tests/test_sign_up_names.py",
                "posts/tests/test_permissions.py",
                "tests/test_browser_auth.py",
            ],
        ),
        (
            answers.auth == "session",
            ["api/authentication.py", "tests/test_cross_site_login.py"],
        ),
        (answers.auth == "none", ["posts/tests/test_open_api.py"]),
        # Threads racing through live_server: SQLite's in-memory test database locks whole tables.
        (
            answers.auth != "none" and answers.database == "postgresql",
            ["accounts/tests/test_sign_up_race.py"],
        ),
        # Advisory locks and trigram indexes: PostgreSQL's own (the code, a no-op on SQLite, is
        # in every bake, for a project moved to PostgreSQL later).
        (answers.database == "postgresql", ["posts/tests/test_search_on_postgresql.py"]),
        (answers.client == "vue", ["tests/test_vue_client.py"]),
        (
            answers.deploy == "compose",
            [
                ".dockerignore",
                "Dockerfile",
                "compose.yaml",
                "nginx",
                "db",
                "api/management",
                "api/tests/test_wait_for_db.py",
            ],
        ),
    ]
    return [path for kept, paths in kept_only_when if not kept for path in paths]


def remove_left_out(project: Path, answers) -> None:
    for name in left_out(answers):
        path = project / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def write_env_file(project: Path) -> None:
    """.env is .env.example with a secret key made for this project only (it is git-ignored).

    Baked again over a project (cookiecutter -f), an existing .env is the user's: a new secret
    key would log everyone out and void signed data, and their own lines would be gone. .env is
    no template file, so cookiecutter never touches it; nor may this hook.
    """
    env_file = project / ".env"
    if env_file.exists():
        print("Kept the .env that was there (its secret key and your settings are unchanged);")
        print("compare it with .env.example for settings this bake adds.")
        return
    example = (project / ".env.example").read_text(encoding="utf-8")
    secret = f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}"
    password = f"POSTGRES_PASSWORD={secrets.token_urlsafe(24)}"
    redis_password = f"REDIS_PASSWORD={secrets.token_urlsafe(24)}"
    env_file.write_text(
        example.replace(PLACEHOLDER, secret, 1)
        .replace(POSTGRES_PLACEHOLDER, password, 1)
        .replace(REDIS_PLACEHOLDER, redis_password, 1),
        encoding="utf-8",
    )


def place_client(project: Path, client: str) -> None:
    """With client=vue, the Vue app becomes client/ (with the static client's files it shares) and
    dev_client_vue.py dev.py's dev_client.py. Baked again over a project (cookiecutter -f), the
    Vue app's node_modules and anything else of the user's in client/ stay."""
    if client != "vue":
        return
    (project / VUE_DEV_CLIENT).replace(project / "dev_client.py")
    vue, static = project / VUE_SOURCE, project / "client"
    # One stylesheet, one ApiError, one login and one set of explanations for both clients.
    for shared in SHARED_CLIENT_FILES:
        shutil.move(str(static / shared), str(vue / "src" / shared))
    for entry in vue.iterdir():
        target = static / entry.name
        if target.is_dir():
            shutil.rmtree(target)
        shutil.move(str(entry), str(target))
    vue.rmdir()


def install_client(project: Path) -> bool:
    """`npm install` in client/: node_modules, and package-lock.json pinning every package as
    npm resolved it (package.json pins the direct ones exactly). False, with what to do, if npm
    is missing or fails; the bake succeeds either way."""
    client = project / "client"
    if (client / "node_modules").exists():
        print("Kept client/node_modules; `npm install` in client/ brings it up to date.")
        return True
    # Windows' CreateProcess finds no npm.cmd by the bare name; shutil.which does (PATHEXT).
    npm = shutil.which("npm")
    if npm is None:
        print(
            "npm is not on PATH, so client/node_modules and package-lock.json are not made.\n"
            "Install Node.js 20.19 or newer (it brings npm), then run `npm install` in client/\n"
            "(or just `python dev.py`, which does it on its first run)."
        )
        return False
    print("Installing the Vue client's packages (npm install in client/) ...", flush=True)
    done = subprocess.run([npm, *NPM_INSTALL], cwd=client, **OUTPUT)  # noqa: S603
    if done.returncode != 0:
        shutil.rmtree(client / "node_modules", ignore_errors=True)
        print(
            f"`npm install` failed in client/ (exit {done.returncode}), so it has no\n"
            f"node_modules; when a package registry is reachable, run it there again:\n"
            f"{done.stderr.strip()[-2000:]}"
        )
        return False
    return True


def pick_installer(freeze):
    """uv when it is on PATH, else venv + pip; TEMPLATE_VENV_TOOL=uv|pip|auto overrides."""
    choice = os.environ.get("TEMPLATE_VENV_TOOL", "").strip().lower() or "auto"
    if choice in {"auto", "pip"}:
        return freeze.Installer.find(force_pip=choice == "pip")
    if choice == "uv" and shutil.which("uv"):
        return freeze.Installer(shutil.which("uv"))
    problem = "uv is not on PATH" if choice == "uv" else "the choices are uv, pip and auto"
    raise freeze.StepFailed(f"TEMPLATE_VENV_TOOL={choice!r}, but {problem}")


def make_virtualenv(project: Path) -> bool:
    """.venv with requirements.in installed and requirements.txt frozen from it; False if not."""
    sys.dont_write_bytecode = True  # importing freeze.py leaves no __pycache__ in the project
    sys.path.insert(0, str(project))
    import freeze

    if freeze.venv_python(freeze.VENV).exists():  # baked again over a project that has one
        print("Kept the .venv that was there; `python freeze.py` brings it up to date.")
        return True
    try:
        freeze.build(freeze.VENV, sys.executable, pick_installer(freeze), freeze.Progress(3))
    except freeze.StepFailed as failure:
        print(
            f"Could not make .venv, so there is none (anything half made is removed):\n"
            f"{failure}\n"
            "requirements.txt is the pinned set shipped with the template. When a package index\n"
            "is reachable, run `python3 freeze.py` in the project: it makes .venv and pins for\n"
            "your Python, as the bake would have."
        )
        return False
    return True


def next_steps(project: Path, answers, has_venv: bool, has_node_modules: bool) -> str:
    """What to type next, from the folder cookiecutter was run in when the project is below it."""
    try:
        shown = Path(os.path.relpath(project, os.environ.get("PWD", project.parent)))
    except ValueError:  # another drive, on Windows
        shown = Path("..")
    # Below the current folder: relative; elsewhere, or the current folder itself: absolute.
    below = shown.parts and shown.parts[0] != ".."
    lines = [f"cd {shell_quote(str(shown if below else project))}"]
    if not has_venv:
        lines.append(f"{BASE_PYTHON} freeze.py   # makes .venv with the dependencies, pinned")
    if answers.database == "postgresql":
        lines.append(f"createdb {answers.project_slug}   # its PostgreSQL database (see README)")
    if answers.client == "vue" and not has_node_modules:
        lines.append("npm install --prefix client   # the Vue client's packages, pinned")
    lines += [
        f"{PYTHON} manage.py migrate",
        f"{PYTHON} dev.py   # API on http://localhost:{answers.api_port}, "
        f"client on http://localhost:{answers.client_port}",
    ]
    tests = f"{PYTHON} -m pip install -r requirements-dev.txt{THEN}{PYTHON} -m pytest"
    return "Next:\n" + "".join(f"    {line}\n" for line in lines) + f"Tests: {tests}\n"


def print_replacing_what_the_console_cannot_show() -> None:
    """A path, or npm's and uv's output, may hold characters a console's encoding (Korean
    Windows' cp949) lacks: shown as `?`, never a UnicodeEncodeError that deletes the bake."""
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(errors="replace")


def main() -> None:
    print_replacing_what_the_console_cannot_show()
    project = Path.cwd()
    remove_left_out(project, ANSWERS)
    place_client(project, ANSWERS.client)
    write_env_file(project)
    has_venv = ANSWERS.create_virtualenv and make_virtualenv(project)
    # Like .venv: the client's packages are installed when the bake installs dependencies.
    vue = ANSWERS.client == "vue"
    has_node_modules = vue and ANSWERS.create_virtualenv and install_client(project)
    if not os.environ.get("TEMPLATE_HIDE_NEXT_STEPS"):  # scripts/demo.py runs them itself
        print(next_steps(project, ANSWERS, has_venv, has_node_modules), end="")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        # Ctrl-C reaches cookiecutter too, which says "Aborted!"; the half-made .venv is gone.
        sys.exit(130)
