#!/usr/bin/env python3
"""Take the READMEs' screenshot of the Vue client on the student's path: `python3
scripts/vue_screenshot.py`.

Bakes client=vue, runs `python dev.py` in it (which installs client/node_modules and starts Vite
and the API), then in Chromium (/usr/bin/chromium, or CHROMIUM_PATH) through Playwright opens
the client, signs up and writes a post, and saves docs/vue-client.png. On 8000 and 5173 when they
are free, else on free ports (API_PORT, CLIENT_PORT; the origin is then allowed through .env).
Ctrl-C to dev.py's process group stops both servers at the end.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bootstrap import ROOT, generated_python, tools_python

SHOT = ROOT / "docs" / "vue-client.png"
SHOOT = """
import sys
from pathlib import Path
from playwright.sync_api import expect, sync_playwright
project, origin, target = sys.argv[1:]
sys.path.insert(0, str(Path(project) / "tests"))
from browser_support import launch_chromium
with sync_playwright() as playwright:
    browser = launch_chromium(playwright)
    page = browser.new_page(viewport={"width": 1000, "height": 1100})
    page.goto(origin)
    expect(page.locator("#posts-status")).to_contain_text("posts, newest first")
    page.get_by_role("link", name="Sign up").click()
    page.locator("#signup-username").fill("ada")
    page.locator("#signup-password1").fill("a long pass phrase 1")
    page.locator("#signup-password2").fill("a long pass phrase 1")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#whoami")).to_have_text("ada")
    page.get_by_role("link", name="New post").click()
    page.get_by_label("Title").fill("My first post from Vue")
    page.get_by_label("Content").fill("Written on localhost:5173, stored by the API on :8000.")
    page.get_by_role("button", name="Create post").click()
    expect(page.locator("#post .post-title")).to_have_text("My first post from Vue")
    page.get_by_role("link", name="Posts", exact=True).click()
    expect(page.locator(".post-title").first).to_have_text("My first post from Vue")
    page.wait_for_timeout(300)
    page.screenshot(path=target)
    browser.close()
"""


def free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def any_free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise SystemExit(f"dev.py stopped (exit {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 (a local URL)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer in {timeout} s") from None
            time.sleep(0.3)


def main() -> int:
    api_port = 8000 if free(8000) else any_free_port()
    client_port = 5173 if free(5173) else any_free_port()
    python = generated_python()
    with tempfile.TemporaryDirectory() as folder:
        bake = [tools_python(), "-m", "cookiecutter", "--no-input", ROOT, "-o", folder]
        bake += ["client=vue", "auth=token", "create_virtualenv=no"]
        subprocess.run([str(part) for part in bake], check=True, capture_output=True)
        project = Path(folder) / "my_blog_api"
        origin = f"http://localhost:{client_port}"
        env = {**os.environ, "API_PORT": str(api_port), "CLIENT_PORT": str(client_port)}
        env["CORS_ALLOWED_ORIGINS"] = origin
        for command in (["migrate", "--verbosity", "0"], ["loaddata", "sample_posts"]):
            subprocess.run([python, "manage.py", *command], cwd=project, env=env, check=True)
        dev = subprocess.Popen([python, "dev.py"], cwd=project, env=env, start_new_session=True)
        try:
            wait_for(f"http://127.0.0.1:{api_port}/api/", dev)
            wait_for(f"http://127.0.0.1:{client_port}/", dev)
            shoot = [python, "-c", SHOOT, str(project), origin, str(SHOT)]
            subprocess.run(shoot, check=True)
        finally:
            os.killpg(dev.pid, signal.SIGINT)  # Ctrl-C, as in a terminal
            dev.wait(timeout=30)
    print(f"Saved {SHOT.relative_to(ROOT)} (API on {api_port}, client on {client_port})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
