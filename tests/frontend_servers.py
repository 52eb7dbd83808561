"""Real servers for the cross-origin front-end tests: a baked API under `manage.py runserver` and
a Vite dev server with axios, each on its own port of 127.0.0.1, as a course student runs them."""

from __future__ import annotations

import contextlib
import filecmp
import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from filelock import FileLock

from scripts.bootstrap import CACHE

VITE_APP = Path(__file__).resolve().parent / "frontends" / "vite"


def browser_support(project: Path):
    """The baked project's own browser helpers (launch flags, free ports, skip-or-fail in CI)."""
    path = project / "tests" / "browser_support.py"
    spec = importlib.util.spec_from_file_location(f"browser_support_{project.name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def fetch_from_a_page(project: Path, page_origin: str, script: str, url: str, cookies=()):
    """What `script`, an async JavaScript function of `url`, returns in Chromium (the baked
    project's launch flags) on a blank page of page_origin. The page's route is removed before
    the script runs: while any route is set, Playwright answers every CORS preflight itself
    (204), and Chromium's own preflight must reach the server."""
    from playwright.sync_api import sync_playwright

    support = browser_support(project)
    with sync_playwright() as playwright:
        browser = support.launch_chromium(playwright)
        try:
            context = browser.new_context()
            context.grant_permissions(["local-network-access"])
            context.add_cookies(list(cookies))
            page = context.new_page()
            page.route(
                f"{page_origin}/",
                lambda route: route.fulfill(content_type="text/html", body="<p>page</p>"),
            )
            page.goto(f"{page_origin}/")
            page.unroute_all()
            return page.evaluate(script, url)
        finally:
            browser.close()


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"{url}: the server stopped (exit {process.returncode}):\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers; the status is the test's business
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{url} did not answer in {timeout} s:\n{log.read_text()}"
                ) from None
            time.sleep(0.2)


@contextlib.contextmanager
def running(command: list[str], *, cwd: Path, env: dict, url: str, log: Path):
    """Start a server in its own process group, yield once `url` answers, stop the whole group."""
    with open(log, "w") as output:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_http(url, process, log)
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def vite_app() -> Path:
    """The Vite + axios app with its node_modules installed from its lock file, kept in .cache
    and shared by every worker and run until the lock file changes. `npm install`, not `npm ci`:
    the registry here lacks one of vite's optional, Windows-only packages, which `npm ci`
    refuses to do without."""
    lock = (VITE_APP / "package-lock.json").read_bytes()
    folder = CACHE / f"vite-frontend-{hashlib.sha256(lock).hexdigest()[:12]}"
    CACHE.mkdir(exist_ok=True)
    with FileLock(str(CACHE / "vite-frontend.lock")):
        if not (folder / "node_modules" / ".bin" / "vite").exists():
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(VITE_APP, folder, ignore=shutil.ignore_patterns("node_modules"))
            subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=folder,
                check=True,
                capture_output=True,
            )
        # The sources may change without the lock file: serve the current ones, written only
        # when they differ, since another worker's server may be serving them right now.
        for name in ("index.html", "main.js", "vite.config.js"):
            if not (folder / name).exists() or not filecmp.cmp(VITE_APP / name, folder / name):
                shutil.copy2(VITE_APP / name, folder / name)
    return folder


@contextlib.contextmanager
def vite_dev_server(api_url: str, port: int, log: Path, auth: str = "none"):
    """`vite` on 127.0.0.1:port (the page is opened as http://localhost:port), calling api_url
    and logging in the way the `auth` answer says."""
    folder = vite_app()
    env = {**os.environ, "VITE_API_URL": api_url, "VITE_AUTH": auth, "BROWSER": "none"}
    command = [str(folder / "node_modules" / ".bin" / "vite"), "--host", "127.0.0.1"]
    # --bypass-lock: Vite refuses a second dev server in one folder while the lock of the last
    # one (stopped by SIGTERM, which leaves it behind) names a process.
    command += ["--port", str(port), "--strictPort", "--bypass-lock"]
    with running(command, cwd=folder, env=env, url=f"http://127.0.0.1:{port}/", log=log):
        yield f"http://localhost:{port}"


@contextlib.contextmanager
def api_dev_server(project: Path, python: Path, port: int, env: dict, log: Path):
    """The baked API as its README starts it in development (runserver), with this environment."""
    env = {**os.environ, **env}
    subprocess.run(
        [str(python), "manage.py", "migrate", "--verbosity", "0"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    command = [str(python), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    url = f"http://127.0.0.1:{port}/api/"
    with running(command, cwd=project, env=env, url=url, log=log):
        # Called as localhost, as the course's students call it: the same site as a page on
        # localhost, so session cookies (SameSite=Lax) go along.
        yield f"http://localhost:{port}"
