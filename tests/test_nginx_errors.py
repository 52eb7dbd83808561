"""compose's nginx/default.conf, run by the machine's nginx outside containers: what nginx answers
itself (a request it cannot read, a header too large, a preflight while no replica answers) and
the CORS headers on it, as the environment decides them at run time.

The bake's template is filled in as the nginx image does (envsubst of the variables compose.yaml
sets); only the port it listens on and the app's address (a port nothing listens on, so every
request meets "no replica answers") are changed. Needs nginx (.ci/run installs it).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from bench.load import HOST, free_port
from bench.scale_out import wait_for_port
from tests.conftest import skip_unless_ci
from tests.frontend_servers import fetch_from_a_page

LISTED = "http://localhost:3000"  # in the default bake's CORS_ALLOWED_ORIGINS
OTHER = "https://elsewhere.example"
VARIABLE_RE = re.compile(r"\$\{(\w+)(:?-)([^}]*)\}")
WRAPPER = """\
daemon on;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/default.conf;
}}
"""


def nginx_binary() -> str:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        skip_unless_ci("the nginx tests", "nginx is not installed (apt-get install nginx)")
    return nginx


def render(template: str, variables: dict[str, str], port: int, app_port: int) -> str:
    """What the nginx image writes to conf.d/default.conf: envsubst of the named variables only
    (nginx's own $variables stay), then this test's port and app address."""
    names = " ".join(f"${{{name}}}" for name in variables)
    text = subprocess.run(
        ["envsubst", names], input=template, env=variables, capture_output=True, text=True
    ).stdout
    for line, instead in (
        ("listen 80;", f"listen {HOST}:{port};"),
        ("set $app app:8000;", f"set $app {HOST}:{app_port};"),
    ):
        assert text.count(line) == 1, line
        text = text.replace(line, instead)
    return text


def nginx_environment(project: Path, dotenv: dict[str, str]) -> dict[str, str]:
    """compose.yaml's environment for nginx, interpolated as compose does with `dotenv` as what
    .env (or the shell) sets: ${NAME:-default} when unset or empty, ${NAME-default} when unset."""
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    environment = compose["services"]["nginx"]["environment"]

    def interpolate(match: re.Match) -> str:
        name, operator, default = match.groups()
        value = dotenv.get(name)
        if value is None or (operator == ":-" and value == ""):
            return default
        return value

    return {name: VARIABLE_RE.sub(interpolate, str(value)) for name, value in environment.items()}


@contextlib.contextmanager
def nginx_of(project: Path, folder: Path, **dotenv: str):
    """The bake's nginx on a free port, with every replica down; yields the port."""
    nginx = nginx_binary()
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    # The image's entrypoint adds the resolver it read from /etc/resolv.conf.
    environment = {**nginx_environment(project, dotenv), "NGINX_LOCAL_RESOLVERS": HOST}
    template = (project / "nginx" / "default.conf").read_text()
    (folder / "default.conf").write_text(render(template, environment, port, free_port()))
    conf = folder / "nginx.conf"
    conf.write_text(WRAPPER.format(folder=folder))
    command = [nginx, "-c", str(conf), "-p", f"{folder}/"]
    tested = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    subprocess.run([*command, "-q"], check=True)
    try:
        wait_for_port(port, "nginx")
        yield port
    finally:
        subprocess.run([*command, "-s", "quit"], stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while (folder / "nginx.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)


def exchange(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes (nginx must see them as they are, broken ones too); the answer, parsed."""
    with socket.create_connection((HOST, port), timeout=10) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


def request(method: str, *headers: str, path: str = "/api/posts/", body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: localhost:8080", *headers, "Connection: close"]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def assert_json_error(answer, status: int, code: str, origin: str | None) -> None:
    got, headers, body = answer
    assert got == status, (got, headers, body[:300])
    assert headers.get("content-type", "").startswith("application/json"), headers
    error = json.loads(body)
    assert [e["code"] for e in error["errors"]] == [code], error
    assert error["type"] == ("server_error" if status >= 500 else "client_error"), error
    assert headers.get("access-control-allow-origin") == origin, headers


@pytest.fixture(scope="module")
def default_nginx(bake, tmp_path_factory):
    """The default compose bake's nginx (token auth: no credentials), as compose starts it."""
    project = bake(deploy="compose")
    folder = tmp_path_factory.mktemp("nginx")
    with nginx_of(project, folder) as port:
        yield port


def test_a_header_too_large_is_json_a_page_on_an_allowed_origin_can_read(default_nginx):
    """A cookie over large_client_header_buffers (8 KB a line): nginx's own 494, sent as 400
    ("Request Header Or Cookie Too Large" in HTML before). A browser sends Origin before Cookie,
    so nginx has read it."""
    big_cookie = "Cookie: crumbs=" + "x" * 9000
    answer = exchange(default_nginx, request("GET", f"Origin: {LISTED}", big_cookie))
    assert_json_error(answer, 400, "request_header_too_large", LISTED)
    assert "Origin" in answer[1].get("vary", ""), answer[1]
    answer = exchange(default_nginx, request("GET", f"Origin: {OTHER}", big_cookie))
    assert_json_error(answer, 400, "request_header_too_large", None)


def test_a_request_nginx_cannot_read_is_json_with_cors_headers_if_it_read_the_origin(
    default_nginx,
):
    """nginx's own 400: the CORS header when nginx read the Origin before the broken part, none
    when it did not (a first line it cannot read: nothing after it is read)."""
    answer = exchange(default_nginx, request("GET", f"Origin: {LISTED}", "Host: twice.example"))
    assert_json_error(answer, 400, "bad_request", LISTED)
    broken = f"GET /api/posts/ HTTP/1.1 extra\r\nHost: x\r\nOrigin: {LISTED}\r\n\r\n".encode()
    assert_json_error(exchange(default_nginx, broken), 400, "bad_request", None)


def test_a_preflight_while_no_replica_answers_is_answered_so_the_request_reads_the_502(
    default_nginx,
):
    """No replica answers: nginx answers the preflight itself (204, what it asked for), so the
    browser sends the request, whose JSON 502 the page reads ("the API is not answering") instead
    of a CORS failure. For an origin not allowed the 204 allows nothing: the browser blocks."""
    asks = ("Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type")
    status, headers, _ = exchange(default_nginx, request("OPTIONS", f"Origin: {LISTED}", *asks))
    assert status == 204, (status, headers)
    assert headers.get("access-control-allow-origin") == LISTED, headers
    assert headers.get("access-control-allow-methods") == "POST", headers
    assert headers.get("access-control-allow-headers") == "content-type", headers
    post = request(
        "POST", f"Origin: {LISTED}", "Content-Type: application/json", body=b'{"title": "t"}'
    )
    answer = exchange(default_nginx, post)
    assert_json_error(answer, 502, "bad_gateway", LISTED)
    assert answer[1].get("retry-after") == "5", answer[1]
    # As the app's CORS_EXPOSE_HEADERS: the page may read how long to wait.
    assert answer[1].get("access-control-expose-headers") == "Retry-After", answer[1]
    status, headers, _ = exchange(default_nginx, request("OPTIONS", f"Origin: {OTHER}", *asks))
    assert status == 204 and "access-control-allow-origin" not in headers, headers
    # A plain OPTIONS (no preflight) is the app's to answer: here, nginx's 502.
    status, _, _ = exchange(default_nginx, request("OPTIONS", f"Origin: {LISTED}"))
    assert status == 502


SPELLINGS = (
    *("True", "true", "TRUE", " yes ", "y", "On", "ok", "1", "2", "-3", "+1", "1_0", "007"),
    *("False", "false", "no", "off", "0", "00", "-0", "0_0", "", "maybe", "tru", "1__0", "_1"),
)


PARSE_BOOL = "import environ, sys; print(environ.Env.parse_value(sys.argv[1], bool))"


def app_reads(generated_python: Path, spelling: str) -> bool:
    """CORS_ALLOW_ALL_ORIGINS as config/settings.py reads it (django-environ's env.bool)."""
    read = subprocess.run(
        [str(generated_python), "-c", PARSE_BOOL, spelling],
        capture_output=True,
        text=True,
        check=True,
    )
    return read.stdout.strip() == "True"


@pytest.mark.parametrize("auth", ["token", "session"])
def test_cors_allow_all_origins_set_at_run_time_decides_nginx_own_cors_header(
    auth, bake, generated_python, tmp_path
):
    """CORS_ALLOW_ALL_ORIGINS from the environment (compose passes .env's), whatever the bake's
    answer, in every spelling the app reads: on, nginx's 502 allows any origin as
    django-cors-headers would (`*`, or the origin itself when credentials are on, as in the
    session bake: the app then echoes any origin too); off, only the listed ones. The token bake
    answered allow-all yes; the session bake no (a bake refuses yes with credentials)."""
    answer = "yes" if auth == "token" else "no"
    project = bake(deploy="compose", auth=auth, cors_allow_all_origins=answer)
    allowed_when_on = OTHER if auth == "session" else "*"
    wrong = []
    for number, spelling in enumerate(SPELLINGS):
        on = app_reads(generated_python, spelling)
        folder = tmp_path / str(number)
        dotenv = {"CORS_ALLOWED_ORIGINS": LISTED, "CORS_ALLOW_ALL_ORIGINS": spelling}
        with nginx_of(project, folder, **dotenv) as port:
            _, headers, _ = exchange(port, request("GET", f"Origin: {OTHER}"))
            _, listed, _ = exchange(port, request("GET", f"Origin: {LISTED}"))
            _, no_origin, _ = exchange(port, request("GET"))
        said = headers.get("access-control-allow-origin")
        if said != (allowed_when_on if on else None):
            wrong.append((spelling, on, said))
        assert listed.get("access-control-allow-origin") == (
            "*" if on and auth == "token" else LISTED
        ), (spelling, listed)
        assert "access-control-allow-origin" not in no_origin, (spelling, no_origin)
        credentials = headers.get("access-control-allow-credentials")
        assert credentials == ("true" if auth == "session" else None), headers
    assert not wrong, wrong


def test_a_page_reads_the_too_large_cookie_400_in_chromium(bake, tmp_path):
    """Cookies grown past nginx's 8 KB line, sent by Chromium with fetch(credentials: "include")
    from a page on an allowed origin (another port of the same site, so the cookies go along):
    Chromium sends Origin before Cookie, so nginx read it and the page reads the JSON 400 (the
    session bake: credentials on). nginx's HTML 400 was a CORS block to the page."""
    if importlib.util.find_spec("playwright") is None:
        skip_unless_ci("the nginx browser test", "Playwright is not installed")
    project = bake(deploy="compose", auth="session")
    page_origin = "http://127.0.0.1:3000"
    script = """async (url) => {
        try {
            const response = await fetch(url, {credentials: "include"});
            return [response.status, (await response.json()).errors[0].code];
        } catch (error) { return ["blocked", String(error)]; }
    }"""
    cookies = [
        {"name": f"crumbs{n}", "value": "x" * 4000, "url": f"http://{HOST}/"} for n in range(3)
    ]
    with nginx_of(project, tmp_path, CORS_ALLOWED_ORIGINS=page_origin) as port:
        url = f"http://{HOST}:{port}/api/posts/"
        result = fetch_from_a_page(project, page_origin, script, url, cookies)
    assert result == [400, "request_header_too_large"], result


def test_a_page_reads_the_502_after_its_preflight_in_chromium(bake, tmp_path):
    """The preflight test above, in Chromium: a page on an allowed origin POSTs JSON while no
    replica answers, and fetch() reads the JSON 502 (the preflight's own 502 made it a CORS
    failure, "Failed to fetch")."""
    if importlib.util.find_spec("playwright") is None:
        skip_unless_ci("the nginx browser test", "Playwright is not installed")
    project = bake(deploy="compose")
    script = """async (url) => {
        try {
            const response = await fetch(url, {method: "POST",
                headers: {"Content-Type": "application/json"}, body: JSON.stringify({title: "t"})});
            const code = (await response.json()).errors[0].code;
            return [response.status, code, response.headers.get("Retry-After")];
        } catch (error) { return ["blocked", String(error)]; }
    }"""
    with nginx_of(project, tmp_path) as port:
        result = fetch_from_a_page(project, LISTED, script, f"http://{HOST}:{port}/api/posts/")
    assert result == [502, "bad_gateway", "5"], result
