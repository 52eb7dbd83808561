"""Helpers for the browser tests: a real Chromium, a static server for client/, a probe page of
the tests' own on another origin, and a log of what really crossed the network (which a page,
and Playwright, cannot see for CORS failures)."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CLIENT_DIR = Path(__file__).resolve().parent.parent / "client"

# Flags that keep Chromium quiet and working in containers and CI: no sandbox (often runs as
# root there), no GPU, no QUIC, no background calls home that could slow or flake a test.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

API_BASE_URL_LINE = re.compile(r"^export const API_BASE_URL = .*;$", re.MULTILINE)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def skip_or_fail(reason: str):
    """Skip a browser test on a machine that cannot run one; in CI that is a failure."""
    if in_ci():
        pytest.fail(f"{reason}. CI is set, so the browser tests must run.", pytrace=False)
    pytest.skip(reason)


def chromium_executable() -> str | None:
    """CHROMIUM_PATH, else a Chromium or Chrome on PATH, else None: Playwright's own build."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


def launch_chromium(playwright):
    executable = chromium_executable()
    try:
        return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as error:  # Playwright raises its own Error type for every launch problem
        where = executable or "Playwright's own Chromium (python -m playwright install chromium)"
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        skip_or_fail(f"cannot start Chromium ({where}): {first_line}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (right now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def baked_client_setting(name: str):
    """The value of `export const NAME = <JSON literal>;` in the static client's config.js."""
    source = (CLIENT_DIR / "config.js").read_text(encoding="utf-8")
    match = re.search(rf"^export const {re.escape(name)} = (.*);$", source, re.MULTILINE)
    assert match, f"the static client's config.js does not define {name}"
    return json.loads(match.group(1))


@contextlib.contextmanager
def silent_server():
    """The URL of a server that accepts connections and never answers, like a runserver
    stopped at a breakpoint: the kernel completes the handshake, nobody reads the request."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def client_config(api_base_url: str) -> str:
    """The static client's config.js with only API_BASE_URL changed, as a user would edit it."""
    source = (CLIENT_DIR / "config.js").read_text(encoding="utf-8")
    line = f"export const API_BASE_URL = {json.dumps(api_base_url)};"
    changed, count = API_BASE_URL_LINE.subn(lambda _: line, source)
    assert count == 1, "the static client's config.js must define API_BASE_URL on one line"
    return changed


class _ClientHandler(SimpleHTTPRequestHandler):
    config_js = b""
    # The MIME type module scripts must have, whatever the OS's mimetypes table says.
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def do_GET(self):
        if self.path.split("?")[0] != "/config.js":
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript; charset=utf-8")
        self.send_header("Content-Length", str(len(self.config_js)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(self.config_js)

    def log_message(self, format, *args):  # keep test output clean
        pass


class _Serving:
    """A ThreadingHTTPServer on 127.0.0.1:<free port> in a thread, for a `with` block.

    127.0.0.1 rather than localhost: Chromium tries ::1 first for localhost, and this server
    listens on IPv4 only.
    """

    def __init__(self, handler):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.origin = f"http://{host}:{port}"
        # Checked for shutdown every 20 ms, not every 500: each test stops its own server.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class ClientServer(_Serving):
    """Serves client/ on its own origin, like `python -m http.server PORT --directory client`
    does, with config.js pointing at the test's API."""

    def __init__(self, api_base_url: str):
        config_js = client_config(api_base_url).encode("utf-8")
        handler = type("Handler", (_ClientHandler,), {"config_js": config_js})
        super().__init__(functools.partial(handler, directory=str(CLIENT_DIR)))


# The probe: a page of the tests' own on another origin, whatever client/ holds. Tests call the
# API from it with fetch() (probe_fetch), as any page a student writes would.
PROBE_PAGE = b"<!doctype html><meta charset=utf-8><title>CORS probe</title><p>A page on its origin."


class _ProbeHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PROBE_PAGE)))
        self.end_headers()
        self.wfile.write(PROBE_PAGE)

    def log_message(self, format, *args):  # keep test output clean
        pass


class ProbeServer(_Serving):
    def __init__(self):
        super().__init__(_ProbeHandler)


FETCH = """async ({url, method, json, credentials, headers}) => {
    try {
        const response = await fetch(url, {
            method,
            credentials,
            headers: {...(json === null ? {} : {"Content-Type": "application/json"}), ...headers},
            body: json === null ? undefined : JSON.stringify(json),
        });
        return {status: response.status, body: await response.text()};
    } catch (error) {
        return {error: String(error)};
    }
}"""


def probe_fetch(page, url, method="GET", json=None, credentials="omit", headers=None) -> dict:
    """fetch() from the page: {"status", "body"} if the page may read the answer, else
    {"error"} (the bare TypeError a page gets when CORS withholds the response)."""
    arguments = {"url": url, "method": method, "json": json, "credentials": credentials}
    return page.evaluate(FETCH, {**arguments, "headers": headers or {}})


# The bundled client's page: the tests of it say so in their names (test_bundled_client_...), and
# stop within seconds, saying why, once a student has replaced the page.
BUNDLED_PAGE_GONE = (
    "the bundled client's page (client/index.html) has no #api-base: this test covers the page "
    "the template shipped; delete it if you replaced the page"
)


def open_bundled_client(page, origin: str) -> None:
    page.goto(origin)
    if page.locator("#api-base").count() == 0:  # in the page's HTML, so there once it loaded
        pytest.fail(BUNDLED_PAGE_GONE, pytrace=False)


@dataclass
class Exchange:
    """One request as Chromium's network stack saw it, preflights included."""

    method: str
    url: str
    resource_type: str
    request_headers: dict[str, str] = field(default_factory=dict)
    status: int | None = None  # what the server sent, even when CORS hid it from the page
    response_headers: dict[str, str] = field(default_factory=dict)
    cors_error: str | None = None  # e.g. "MissingAllowOriginHeader"

    @property
    def mode(self) -> str | None:
        """fetch()'s mode: "cors" for the client's requests, "no-cors" for its probe."""
        return self.request_headers.get("sec-fetch-mode")


class NetworkLog:
    """Records every request of a page through the Chrome DevTools Protocol.

    Playwright's own response events do not fire for responses that CORS blocked, and the
    page only gets a bare TypeError; the *ExtraInfo events carry the real status and headers.
    """

    def __init__(self, page):
        self._page = page
        self._by_id: dict[str, Exchange] = {}
        self._lock = threading.Lock()
        session = page.context.new_cdp_session(page)
        session.on("Network.requestWillBeSent", self._on_request)
        session.on("Network.requestWillBeSentExtraInfo", self._on_request_extra)
        session.on("Network.responseReceivedExtraInfo", self._on_response_extra)
        session.on("Network.loadingFailed", self._on_failed)
        session.send("Network.enable")
        self._session = session

    def _exchange(self, request_id: str) -> Exchange:
        # ExtraInfo events may arrive before requestWillBeSent: create a placeholder.
        return self._by_id.setdefault(request_id, Exchange(method="", url="", resource_type=""))

    def _on_request(self, event):
        with self._lock:
            exchange = self._exchange(event["requestId"])
            exchange.method = event["request"]["method"]
            exchange.url = event["request"]["url"]
            exchange.resource_type = event.get("type", "")

    def _on_request_extra(self, event):
        with self._lock:
            headers = {k.lower(): v for k, v in event["headers"].items()}
            self._exchange(event["requestId"]).request_headers.update(headers)

    def _on_response_extra(self, event):
        with self._lock:
            exchange = self._exchange(event["requestId"])
            exchange.status = event.get("statusCode", exchange.status)
            exchange.response_headers.update({k.lower(): v for k, v in event["headers"].items()})

    def _on_failed(self, event):
        with self._lock:
            cors = event.get("corsErrorStatus")
            if cors:
                self._exchange(event["requestId"]).cors_error = cors["corsError"]

    def one(self, url: str, method: str = "GET", mode: str | None = None) -> Exchange:
        """The one finished request to `url` with this method (and fetch mode, if given).

        CDP events arrive on their own schedule: wait (pumping Playwright's event loop) until
        the request has an outcome, a status or a CORS error."""
        for _ in range(100):
            with self._lock:
                found = [
                    e
                    for e in self._by_id.values()
                    if e.url == url and e.method == method and mode in (None, e.mode)
                ]
            if found and all(e.status is not None or e.cors_error for e in found):
                assert len(found) == 1, f"expected one {method} {url}, saw {found}"
                return found[0]
            self._page.wait_for_timeout(50)
        raise AssertionError(f"no finished {method} {url} (mode {mode}) in {self.exchanges()}")

    def exchanges(self) -> list[Exchange]:
        with self._lock:
            return list(self._by_id.values())


def save_screenshot(page, name: str) -> Path | None:
    """Keep a screenshot in $BROWSER_ARTIFACTS_DIR, when set (CI and template tests set it)."""
    directory = os.environ.get("BROWSER_ARTIFACTS_DIR")
    if not directory:
        return None
    path = Path(directory) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


# The password of the users the browser tests make.
PASSWORD = "a long pass phrase 1"


def log_in(page, user) -> None:
    """Log in through the page's form, as a person would; nothing to do in a bake without auth."""
    if baked_client_setting("AUTH") == "none":
        return
    from playwright.sync_api import expect

    page.locator("#login-username").fill(user.username)
    page.locator("#login-password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#whoami")).to_have_text(user.username)
