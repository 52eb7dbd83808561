#!/usr/bin/env python3
"""Retake the README's screenshots on the ports a user sees: `python3 scripts/screenshots.py`.

Bakes the default answers, serves the API on 127.0.0.1:8000 and the client on 3000 (allowed) and
4000 (not allowed), as the README's walk-through does, and photographs both pages in Chromium
(/usr/bin/chromium, or CHROMIUM_PATH) through Playwright into docs/client-screenshot.png and
docs/client-blocked.png. Ports 8000, 3000 and 4000 must be free on localhost while it runs.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bootstrap import ROOT, generated_python, tools_python

API_PORT, CLIENT_PORT, BLOCKED_PORT = 8000, 3000, 4000
SHOTS = {
    CLIENT_PORT: ROOT / "docs" / "client-screenshot.png",
    BLOCKED_PORT: ROOT / "docs" / "client-blocked.png",
}
# Runs in the venv of baked projects (it has Playwright), with the baked project's own Chromium
# settings: argv = project folder, then port=png pairs.
SHOOT = """
import re
import sys
from pathlib import Path
from playwright.sync_api import expect, sync_playwright
project, *shots = sys.argv[1:]
sys.path.insert(0, str(Path(project) / "tests"))
from browser_support import launch_chromium
with sync_playwright() as playwright:
    browser = launch_chromium(playwright)
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    for shot in shots:
        port, path = shot.split("=", 1)
        page.goto(f"http://localhost:{port}/")
        expect(page.locator("#posts-status")).not_to_have_text(re.compile("Loading"), timeout=15000)
        page.screenshot(path=path, full_page=True)
    browser.close()
"""


def busy(port: int) -> bool:
    """Whether anything listens on localhost:port, IPv4 or IPv6 (Chromium tries ::1 first)."""
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        with socket.socket(family) as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((host, port)) == 0:
                return True
    return False


def wait_for(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main() -> int:
    taken = [port for port in (API_PORT, CLIENT_PORT, BLOCKED_PORT) if busy(port)]
    if taken:
        print(f"error: port {', '.join(map(str, taken))} in use; stop what listens there first.")
        return 1
    python = generated_python()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bake = [tools_python(), "-m", "cookiecutter", "--no-input", str(ROOT), "-o", str(folder)]
        subprocess.run([*bake, "create_virtualenv=no"], check=True, stdout=subprocess.DEVNULL)
        project = folder / "my_blog_api"
        for command in (["migrate", "--verbosity", "0"], ["loaddata", "sample_posts"]):
            subprocess.run([python, "manage.py", *command], cwd=project, check=True)
        client = [python, "-m", "http.server", "--bind", "127.0.0.1", "--directory", "client"]
        commands = [
            [python, "manage.py", "runserver", f"127.0.0.1:{API_PORT}", "--noreload"],
            *([*client, str(port)] for port in (CLIENT_PORT, BLOCKED_PORT)),
        ]
        log = (folder / "servers.log").open("w")  # a pipe nobody reads would stall the servers
        servers = [
            subprocess.Popen(command, cwd=project, stdout=log, stderr=log) for command in commands
        ]
        try:
            wait_for(f"http://127.0.0.1:{API_PORT}/api/posts/")
            for port in (CLIENT_PORT, BLOCKED_PORT):
                wait_for(f"http://127.0.0.1:{port}/")
            shots = [f"{port}={path}" for port, path in SHOTS.items()]
            subprocess.run([python, "-c", SHOOT, str(project), *shots], check=True)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=20)
            log.close()
    print("Wrote " + ", ".join(str(path.relative_to(ROOT)) for path in SHOTS.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
