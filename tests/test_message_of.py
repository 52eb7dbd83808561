"""messageOf(error), the one sentence for a failed request, follows the same rules in both clients
(one messages.js, which the hook moves into the Vue app): run under Node.js on each client's
rendered files, for every kind of failure and every shape a failure arrives in (an ApiError, an
axios error, a fetch Response thrown by `if (!response.ok) throw response`)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from conftest import skip_unless_ci

# Each failure, as the page's own code meets it, and the sentence it becomes.
CHECK = """
globalThis.window = { location: { origin: "http://localhost:5173" } };
const { messageOf } = await import("./messages.js");
const { ApiError } = await import("./errors.js");
const url = "http://localhost:8000/api/posts/";
const http = (status, errors, extra = {}) =>
  new ApiError("http", { method: "POST", url, status, statusText: "", data: { errors }, ...extra });
const one = (code, detail) => [{ code, detail, attr: null }];
const failures = [
  http(400, [
    { code: "blank", detail: "This field may not be blank.", attr: "title" },
    { code: "invalid", detail: "Both may not be empty", attr: "non_field_errors" },
  ]),
  http(401, one("not_authenticated", "Authentication credentials were not provided.")),
  http(403, one("permission_denied", "Only the author of a post may change or delete it.")),
  http(403, one("csrf_failed", "CSRF Failed: CSRF token missing.")),
  http(404, one("not_found", "Not found.")),
  http(413, one("request_too_large", "The request body is too large.")),
  http(429, one("throttled", "Request was throttled. Expected available in 12 seconds.")),
  http(503, one("database_unavailable", "The database did not answer."), { retryAfter: "5" }),
  http(502, one("bad_gateway", "The API is not answering."), { retryAfter: "5" }),
  new ApiError("timeout", { method: "GET", url }),
  new ApiError("cors", { method: "GET", url }),
  {
    isAxiosError: true,
    config: { method: "put", baseURL: "http://localhost:8000/", url: "/api/posts/1/" },
    response: { status: 404, statusText: "Not Found", data: { errors: [] }, headers: {} },
  },
  new Response(JSON.stringify({ errors: one("throttled", "Request was throttled.") }), {
    status: 429,
    headers: { "Content-Type": "application/json", "Retry-After": "7" },
  }),
];
const said = [];
for (const failure of failures) said.push(await messageOf(failure, { method: "GET", url }));
console.log(JSON.stringify(said));
"""

EXPECTED = [
    "The API refused what was sent: title: This field may not be blank. Both may not be empty.",
    "You are not logged in (or your login has ended): log in, then try again.",
    "Not your post: Only the author of a post may change or delete it. The API checks this "
    "whatever a page shows.",
    "Refused by the CSRF check (CSRF Failed: CSRF token missing.) A logged-in session's writes "
    "need the CSRF token in the X-CSRFToken header: reload the page to fetch a fresh one.",
    "Not found: POST http://localhost:8000/api/posts/ answered 404 (deleted already, or a wrong "
    "address?).",
    "Too large: POST http://localhost:8000/api/posts/ answered 413: the API refuses a body that "
    "big; send less.",
    "Too many requests: the API limits how often you may ask; try again in 12 seconds.",
    "The API is unavailable for now (its database did not answer): try again in 5 seconds.",
    "The API is not answering: the proxy in front of it answered POST "
    "http://localhost:8000/api/posts/ with 502; try again in 5 seconds.",
    "GET http://localhost:8000/api/posts/ got no answer within 15 seconds: is the API stuck or "
    "paused?",
    "The browser blocked the API's answer to GET http://localhost:8000/api/posts/ (CORS): add "
    "http://localhost:5173 to CORS_ALLOWED_ORIGINS in the API's .env and restart the API.",
    "Not found: PUT http://localhost:8000/api/posts/1/ answered 404 (deleted already, or a wrong "
    "address?).",
    "Too many requests: the API limits how often you may ask; try again in 7 seconds.",
]


@pytest.mark.parametrize("client", ["static", "vue"])
def test_every_failure_becomes_the_same_sentence_in_both_clients(bake, client, tmp_path):
    node = shutil.which("node")
    if node is None:
        skip_unless_ci("the messageOf test", "Node.js is not installed")
    folder = bake(client=client) / "client"
    folder = folder / "src" if client == "vue" else folder
    for name in ("messages.js", "errors.js", "config.js"):
        shutil.copy(folder / name, tmp_path / name)
    config = tmp_path / "config.js"
    # Vite fills import.meta.env; under Node the default address applies, as with no VITE_API_URL.
    config.write_text(config.read_text().replace("import.meta.env.VITE_API_URL ||", ""))
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "check.mjs").write_text(CHECK)

    ran = subprocess.run(  # noqa: S603
        [node, "check.mjs"], cwd=tmp_path, capture_output=True, text=True, check=False
    )

    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == EXPECTED
