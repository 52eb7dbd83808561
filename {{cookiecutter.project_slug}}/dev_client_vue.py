"""The Vue client's part of dev.py: Vite's dev server in client/, handed the API's address as
VITE_API_URL (client/src/config.js reads it). The first run installs the client's packages (npm
install in client/); it needs Node.js 20.19+."""

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

CLIENT_DIR = Path(__file__).resolve().parent / "client"
# Vite 8's own requirement (package.json "engines").
NODE_MINIMUM = (20, 19)
VITE = CLIENT_DIR / "node_modules" / ".bin" / ("vite.cmd" if os.name == "nt" else "vite")


def client_problem() -> str | None:
    """Why the Vue client cannot run here (no Node.js, or one too old), or None."""
    node = shutil.which("node")
    if node is None or shutil.which("npm") is None:
        return (
            "The Vue client needs Node.js 20.19 or newer with npm, and `node`/`npm` are not on\n"
            "PATH. Install it (https://nodejs.org, or your system's package), then run this again."
        )
    output = {"capture_output": True, "encoding": "utf-8", "errors": "replace"}
    run = subprocess.run([node, "--version"], **output)  # noqa: S603
    version = run.stdout.strip()
    numbers = tuple(int(part) for part in version.lstrip("v").split(".")[:2] if part.isdigit())
    if numbers < NODE_MINIMUM:
        return (
            f"The Vue client needs Node.js 20.19 or newer (Vite 8 does); this is {version}.\n"
            "Install a newer one (https://nodejs.org), then run this again."
        )
    return None


def install_client_packages() -> None:
    """npm install in client/ unless it was done: node_modules as package-lock.json pins it."""
    if VITE.exists():
        return
    print("Installing the Vue client's packages (npm install in client/) ...", flush=True)
    npm = [shutil.which("npm"), "install", "--no-audit", "--no-fund", "--loglevel=error"]
    subprocess.run(npm, cwd=CLIENT_DIR, check=True)  # noqa: S603


def prepare_client() -> bool:
    """The client's packages installed; False, once said why, when npm install fails."""
    try:
        install_client_packages()
    except subprocess.CalledProcessError as failure:
        print(f"`npm install` failed in client/ (exit {failure.returncode}); see above.")
        return False
    return True


def serve_client(port: int, api_base_url: str) -> int:
    """`python dev.py serve-client PORT [API_URL]`: Vite's dev server alone (dev.py runs it so),
    calling the API on API_URL (default: on API_PORT), until Ctrl-C."""
    if not prepare_client():
        return 1
    command = [str(VITE), "--host", "127.0.0.1", "--port", str(port), "--strictPort"]
    env = {**os.environ, "VITE_API_URL": api_base_url, "BROWSER": "none"}
    if os.name == "posix":
        # Vite in this process's place: dev.py's stop() then waits for Vite itself, which holds
        # the port until it has closed (a child would outlive this process by that time).
        os.chdir(CLIENT_DIR)
        os.execve(VITE, command, env)  # noqa: S606
    with contextlib.suppress(KeyboardInterrupt):
        return subprocess.run(command, cwd=CLIENT_DIR, env=env).returncode  # noqa: S603
    return 0
