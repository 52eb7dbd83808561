"""The static client's part of dev.py: client/ served as plain files by Python's http.server, and
client/config.js served with the API's address in API_BASE_URL (the file itself stays as it is:
the client has no build step)."""

import contextlib
import json
import re
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CLIENT_DIR = Path(__file__).resolve().parent / "client"
# The one line of client/config.js that names the API.
API_BASE_URL_LINE = re.compile(r"^export const API_BASE_URL = .*;$", re.MULTILINE)


def client_problem() -> str | None:
    """Why the client cannot run here: never, Python serves it."""
    return None


def prepare_client() -> bool:
    """Nothing to install: the client is plain files."""
    return True


class ClientHandler(SimpleHTTPRequestHandler):
    """Serves client/ as files, config.js with API_BASE_URL naming the API."""

    api_base_url = ""
    # Not the types of the mimetypes module, which on Windows reads them from the registry,
    # where .js is often text/plain: browsers then refuse to run the client's module scripts.
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".html": "text/html",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path.split("?")[0] != "/config.js":
            return super().do_GET()
        text = (CLIENT_DIR / "config.js").read_text(encoding="utf-8")
        line = f"export const API_BASE_URL = {json.dumps(self.api_base_url)};"
        body = API_BASE_URL_LINE.sub(lambda _: line, text, count=1).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)
        return None


def serve_client(port: int, api_base_url: str) -> None:
    """`python dev.py serve-client PORT [API_URL]`: the client's server alone (dev.py runs it so),
    calling the API on API_URL (default: on API_PORT)."""
    ClientHandler.api_base_url = api_base_url
    handler = partial(ClientHandler, directory=str(CLIENT_DIR))
    # Ctrl-C reaches the whole process group: stop quietly, dev.py says what happened.
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    with server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
