"""Start the API and the client together for development; Ctrl-C stops both.

    python dev.py

The API runs on http://localhost:{{ cookiecutter.api_port | port }} and the client on its own origin,
http://localhost:{{ cookiecutter.client_port | port }}, so the browser treats every API call as cross-origin.
API_PORT and CLIENT_PORT in the environment choose other ports, and the client then calls the
API on API_PORT. dev_client.py is the client's part: how it is served and told the API's address.
"""

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from dev_client import client_problem, prepare_client, serve_client

API_PORT = int(os.environ.get("API_PORT", {{ cookiecutter.api_port | port }}))
CLIENT_PORT = int(os.environ.get("CLIENT_PORT", {{ cookiecutter.client_port | port }}))
PROJECT_DIR = Path(__file__).resolve().parent
# Windows: a new process group for each server (no CREATE_NEW_PROCESS_GROUP elsewhere).
WINDOWS_GROUP = {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}


def api_url(port: int = API_PORT) -> str:
    return f"http://localhost:{port}"


def port_taken(port: int) -> bool:
    with socket.socket() as sock:
        # As the servers bind: a connection of the last run left in TIME_WAIT owns no port.
        if os.name == "posix":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def with_variable(name: str, value: int) -> str:
    """`python dev.py` with one variable set, as the user's shell writes it (PowerShell on
    Windows, which has no `NAME=value command`)."""
    if os.name == "nt":
        return f"$env:{name} = {value}; python dev.py"
    return f"{name}={value} python dev.py"


def taken_port_problem() -> str | None:
    """Which port another program holds, named with the variable that moves it."""
    for variable, port in (("API_PORT", API_PORT), ("CLIENT_PORT", CLIENT_PORT)):
        if port_taken(port):
            return (
                f"Port {port} is already in use by another program (another dev.py, say).\n"
                f"Stop that program, or choose another port with {variable}:\n"
                f"    {with_variable(variable, port + 1)}\n"
                "dev.py lets the API allow the client on CLIENT_PORT while you develop; a client\n"
                "served another way needs its origin in CORS_ALLOWED_ORIGINS (.env)."
            )
    return None


def api_environment() -> dict:
    """The client's origins on CLIENT_PORT, allowed by the API with DEBUG on (config/settings.py),
    so a port moved at run time needs no edit of .env."""
    origins = f"http://localhost:{CLIENT_PORT},http://127.0.0.1:{CLIENT_PORT}"
    return {**os.environ, "DEV_CLIENT_ORIGINS": origins}


def start(
    command: list[str], env: dict | None = None, cwd: Path = PROJECT_DIR, **options
) -> subprocess.Popen:
    # A process group of its own, so that stop() reaches the children too (runserver's reloader,
    # Vite's node under Windows' cmd.exe); on Windows it also keeps Ctrl-C from them.
    group = {"start_new_session": True} if os.name == "posix" else WINDOWS_GROUP
    return subprocess.Popen(command, cwd=cwd, env=env, **group, **options)  # noqa: S603


class FailedApiHandler(BaseHTTPRequestHandler):
    """Answers every request in the API's place, once it failed to start, with a 503 in the API's
    error shape, so that the page says why instead of "the API is not running"."""

    reason = ""

    def answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)  # the request's body, unread otherwise
        reason = self.reason.rstrip(".")
        detail = (
            f"The API failed to start: {reason}. Fix it; the terminal where python dev.py runs "
            "says more."
        )
        error = {"code": "api_failed_to_start", "detail": detail, "attr": None}
        body = json.dumps({"type": "server_error", "errors": [error]}).encode("utf-8")
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_cors_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = answer  # noqa: N815

    def do_OPTIONS(self):  # noqa: N802 (http.server's name)
        self.send_response(204)
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE")
        asked = self.headers.get("Access-Control-Request-Headers", "*")
        self.send_header("Access-Control-Allow-Headers", asked)
        self.send_cors_headers()
        self.end_headers()

    def send_cors_headers(self) -> None:
        # Development only, on 127.0.0.1: any page may read why. A page that sends credentials
        # needs its own origin named (the browser refuses "*" then).
        origin = self.headers.get("Origin")
        self.send_header("Access-Control-Allow-Origin", origin or "*")
        if origin:
            self.send_header("Access-Control-Allow-Credentials", "true")
            self.send_header("Vary", "Origin")

    def log_message(self, format, *args) -> None:  # noqa: A002 (http.server's name)
        pass  # the reason is in the terminal already, once


class StandIn:
    """FailedApiHandler on API_PORT while runserver is not on it: from its failure at start-up
    until it reloads after a saved .py file (it binds the port again then)."""

    def __init__(self) -> None:
        self.server: ThreadingHTTPServer | None = None
        self.lock = threading.Lock()  # show() runs in the thread reading runserver's output

    def show(self, reason: str) -> None:
        FailedApiHandler.reason = reason
        with self.lock:
            if self.server is None:
                with contextlib.suppress(OSError):  # the port taken after all: nothing to answer
                    self.server = ThreadingHTTPServer(("127.0.0.1", API_PORT), FailedApiHandler)
                    threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        with self.lock:
            if self.server is not None:
                self.server.shutdown()
                self.server.server_close()
                self.server = None


# The line that says why runserver stopped: a system check's error (corsheaders.E014 ...) or the
# last line of a traceback (ImproperlyConfigured: ...).
ERROR_LINE = re.compile(r"\(\w+\.E\d+\)|^[\w.]*(Error|Exception|ImproperlyConfigured): ")
# What runserver's reloader says (with DEBUG on) before it starts the API again.
RELOADING = re.compile(r" changed, reloading\.$")


def start_api(stand_in: StandIn) -> subprocess.Popen:
    """runserver on API_PORT, its output shown as it comes. When it fails to start, it waits for
    a change to a .py file while the client goes on: say why, last, where it is seen, and let
    the stand-in tell the page until runserver reloads."""
    runserver = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{API_PORT}"]
    pipe = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}
    api = start(runserver, api_environment(), **pipe, encoding="utf-8", errors="replace")

    def echo() -> None:
        for line in api.stdout:
            print(line, end="", flush=True)
            if RELOADING.search(line.rstrip()):
                stand_in.stop()
            if ERROR_LINE.search(line):
                print(f"\nThe API failed to start: {line.strip()}", file=sys.stderr, flush=True)
                print(START_AGAIN, file=sys.stderr, flush=True)
                stand_in.show(line.strip())

    threading.Thread(target=echo, daemon=True).start()
    return api


HTTPS_REDIRECT = (
    "The API redirects http:// to https:// (SECURE_SSL_REDIRECT, on since DJANGO_DEBUG=False),\n"
    "and runserver speaks http only: the page cannot reach it. For development set\n"
    "DJANGO_DEBUG=True in .env, then press Ctrl-C and run python dev.py again.\n"
)


def warn_of_an_https_redirect() -> None:
    """The first answer of the API, once it answers: a redirect to https is named here, as the
    page can only see an API it cannot reach."""
    for _ in range(600):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", API_PORT, timeout=2)
            connection.request("GET", "/api/")
            response = connection.getresponse()
        except OSError:
            time.sleep(0.2)
            continue
        if response.getheader("Location", "").startswith("https://"):
            print(f"\n{HTTPS_REDIRECT}", file=sys.stderr, flush=True)
        connection.close()
        return


START_AGAIN = (
    "Fix it: runserver starts again when a .py file is saved; after a change to .env, press\n"
    "Ctrl-C and run python dev.py again.\n"
)


def stop(process: subprocess.Popen) -> None:
    """Stop the server with all of its children, even when it has died and left one behind
    holding its port (runserver's reloader child)."""
    if os.name == "posix":
        with contextlib.suppress(ProcessLookupError):  # the group is gone already
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # Ctrl-C must stop dev.py, whatever a server does
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
    elif process.poll() is None:
        # taskkill /T stops the tree by parent ids; terminate() would stop the top process alone.
        taskkill = [shutil.which("taskkill") or "taskkill", "/T", "/F", "/PID", str(process.pid)]
        subprocess.run(taskkill, capture_output=True)  # noqa: S603
    process.wait()


def stop_on_first_ctrl_c(signum, frame) -> None:
    # Ctrl-C is often pressed twice: a second KeyboardInterrupt would cut the stopping short and
    # leave a server running, so every press after the first is ignored.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def main() -> int:
    problem = taken_port_problem() or client_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not if started ignoring it
        signal.signal(signal.SIGINT, stop_on_first_ctrl_c)
    processes: list[subprocess.Popen] = []
    stand_in = StandIn()
    try:
        if not prepare_client():
            return 1
        processes.append(start_api(stand_in))
        threading.Thread(target=warn_of_an_https_redirect, daemon=True).start()
        serve = [sys.executable, __file__, "serve-client", str(CLIENT_PORT), api_url()]
        processes.append(start(serve))
        print(f"API:    {api_url()}/api/posts/")
        print(f"Client: http://localhost:{CLIENT_PORT}/  (Ctrl-C stops both)", flush=True)
        while all(process.poll() is None for process in processes):
            time.sleep(0.2)
    except KeyboardInterrupt:
        return 0
    finally:
        stand_in.stop()
        for process in processes:
            stop(process)
    # One server stopped on its own (a port in use, a broken setting); the other is stopped too.
    print("A server stopped unexpectedly; see its output above.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve-client"]:  # python dev.py serve-client PORT [API_URL]
        sys.exit(serve_client(int(sys.argv[2]), (sys.argv[3:] or [api_url()])[0]))
    sys.exit(main())
