"""More than one server, without containers: two gunicorns of one bake on two ports, nginx in
front, one PostgreSQL, one Redis, as the generated README's "More than one server" says. The
counts are one (a throttle budget spent across both servers), a session made on one works on
the other, and killing one server loses no write it acknowledged.

Needs redis-server, nginx and a PostgreSQL server (TEST_DATABASE_URL); .ci/run installs them.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from bench.load import ALLOWED, API_HOST, HOST, serve_recipe
from bench.scale_out import nginx_in_front, redis_server
from tests.conftest import skip_unless_ci

# One worker runs them all, in order, on one stack (pytest-xdist, --dist loadgroup).
pytestmark = pytest.mark.xdist_group("scale-out")
WRITE_BUDGET = 4  # anonymous writes per client address per hour, across both servers
LOGIN_FAILURES = 3  # wrong passwords for one account from one address: the last one locks it


class Client:
    """A browser-like client on https://app.example.com, through a TLS proxy: keeps cookies
    (the Secure ones too: the proxy stands for https) and sends the CSRF token."""

    def __init__(self, address: str = "203.0.113.10"):
        self.cookies: dict[str, str] = {}
        self.address = address

    def request(self, port: int, method: str, path: str, body=None) -> tuple[int, dict]:
        headers = {
            "Host": API_HOST,
            "Accept": "application/json",
            "Origin": ALLOWED,
            "X-Forwarded-Proto": "https",
            # What the proxy in front of these servers appends (API_NUM_PROXIES=1).
            "X-Forwarded-For": self.address,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            payload = response.read()
            for line in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(line).items():
                    self.cookies[name] = morsel.value
        finally:
            connection.close()
        self.headers = {name.lower(): value for name, value in response.getheaders()}
        if "json" not in (response.getheader("Content-Type") or ""):
            return response.status, {"body": payload[:200]}  # a proxy's HTML page, say
        return response.status, json.loads(payload)


@pytest.fixture(scope="module")
def two_servers(bake, generated_python, postgres_server, tmp_path_factory):
    """(server A's port, server B's port, nginx's port, kill A) for one session bake."""
    for tool in ("redis-server", "redis-cli", "nginx"):
        if shutil.which(tool) is None and not Path(f"/usr/sbin/{tool}").exists():
            skip_unless_ci("the scale-out test", f"{tool} is not installed (apt-get install it)")
    from bench.load import fresh_postgres_database

    project = bake(auth="session", database="postgresql")
    folder = tmp_path_factory.mktemp("scale-out")
    with (
        fresh_postgres_database(postgres_server, generated_python) as database_url,
        redis_server(folder / "redis") as cache_url,
    ):
        # What every server must share: the key (sessions, signed data), the database, the
        # cache (counts); the rate must be the same for the budget to be one.
        shared = {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "CACHE_URL": cache_url,
            "API_ANONYMOUS_WRITE_RATE": f"{WRITE_BUDGET}/hour",
            "AXES_FAILURE_LIMIT": str(LOGIN_FAILURES),
            "WEB_CONCURRENCY": "2",
        }
        pidfile = folder / "a.pid"
        with (
            serve_recipe(
                project,
                generated_python,
                database_url=database_url,
                log=folder / "a.log",
                variables={**shared, "GUNICORN_CMD_ARGS": f"--pid {pidfile}"},
            ) as port_a,
            serve_recipe(
                project,
                generated_python,
                database_url=database_url,
                log=folder / "b.log",
                variables=shared,
                gunicorn_only=True,
            ) as port_b,
            nginx_in_front(folder / "nginx", [port_a, port_b]) as proxy,
        ):

            def kill_a():
                master = int(pidfile.read_text())
                os.killpg(os.getpgid(master), signal.SIGKILL)

            yield port_a, port_b, proxy, kill_a


def test_a_write_budget_is_one_across_both_servers(two_servers):
    """WRITE_BUDGET failed logins (anonymous writes), taking turns between the servers, and the
    next one is a 429 wherever it lands: each server alone would still allow it."""
    port_a, port_b, _, _ = two_servers
    client = Client(address="198.51.100.7")
    statuses = []
    for number in range(WRITE_BUDGET + 1):
        port = (port_a, port_b)[number % 2]
        # Another account each time, so that the login guard below never locks one out.
        body = {"username": f"nobody-{number}", "password": "wrong password"}
        statuses.append(client.request(port, "POST", "/api/auth/login/", body)[0])
    assert statuses == [400] * WRITE_BUDGET + [429], statuses


def test_failed_logins_for_one_account_are_counted_across_both_servers(two_servers):
    """LOGIN_FAILURES wrong passwords for one account, taking turns between the servers: the
    last one is refused with a 429 (django-axes answers the failure that reaches the limit) and
    so is the next try on either server. The guard counts in the shared Redis (CACHE_URL): each
    server alone has seen fewer failures than the limit."""
    port_a, port_b, _, _ = two_servers
    client = Client(address="198.51.100.23")
    body = {"username": "victim", "password": "wrong password"}
    statuses = [
        client.request((port_a, port_b)[number % 2], "POST", "/api/auth/login/", body)[0]
        for number in range(LOGIN_FAILURES)
    ]
    assert statuses == [400] * (LOGIN_FAILURES - 1) + [429], statuses
    for port in (port_a, port_b):
        status, answer = client.request(port, "POST", "/api/auth/login/", body)
        assert status == 429, (port, answer)
        assert [error["code"] for error in answer["errors"]] == ["login_locked_out"], answer


def test_a_session_made_on_one_server_works_on_the_other(two_servers):
    port_a, port_b, _, _ = two_servers
    client = Client(address="198.51.100.8")
    assert client.request(port_a, "GET", "/api/auth/csrf/")[0] == 200
    password = secrets.token_urlsafe(16)
    signup = {"username": "alice", "password1": password, "password2": password}
    status, body = client.request(port_a, "POST", "/api/auth/registration/", signup)
    assert status in (200, 201, 204), body
    assert "sessionid" in client.cookies
    status, user = client.request(port_b, "GET", "/api/auth/user/")
    assert (status, user.get("username")) == (200, "alice"), user
    client.request(port_b, "GET", "/api/auth/csrf/")
    status, post = client.request(port_b, "POST", "/api/posts/", {"title": "t", "content": "c"})
    assert status == 201, post
    status, seen = client.request(port_a, "GET", f"/api/posts/{post['id']}/")
    assert (status, seen.get("title")) == (200, "t")


def test_killing_one_server_loses_no_acknowledged_write(two_servers):
    """Writers keep posting through nginx while server A is killed (SIGKILL, its workers too):
    every post that got its 201 is there afterwards, and the API keeps answering through B."""
    _, port_b, proxy, kill_a = two_servers
    client = Client(address="198.51.100.9")
    client.request(proxy, "GET", "/api/auth/csrf/")
    password = secrets.token_urlsafe(16)
    signup = {"username": "writer", "password1": password, "password2": password}
    assert client.request(proxy, "POST", "/api/auth/registration/", signup)[0] in (200, 201, 204)
    client.request(proxy, "GET", "/api/auth/csrf/")
    acknowledged: list[int] = []
    refused: list[int] = []
    after_kill: list[int] = []
    killed = threading.Event()
    stop = time.monotonic() + 4

    def write(number: int) -> None:
        sequence = 0
        while time.monotonic() < stop:
            sequence += 1
            body = {"title": f"w{number}-{sequence}", "content": "kept"}
            try:
                status, post = client.request(proxy, "POST", "/api/posts/", body)
            except OSError:
                continue
            if status == 201:
                acknowledged.append(post["id"])
                if killed.is_set():
                    after_kill.append(post["id"])
            else:
                refused.append(status)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(3)]
    for writer in writers:
        writer.start()
    time.sleep(1.5)
    kill_a()
    killed.set()
    for writer in writers:
        writer.join()
    assert acknowledged and after_kill, (len(acknowledged), len(after_kill), refused)
    # Only a request that A had taken when it died may fail, and only as the proxy's 502.
    assert set(refused) <= {502}, refused
    missing = [
        id for id in acknowledged if client.request(port_b, "GET", f"/api/posts/{id}/")[0] != 200
    ]
    assert not missing, f"acknowledged but lost: {missing}"


def test_the_proxy_holds_a_burst_of_logins_from_one_address(two_servers):
    """nginx's login limit (as the README's recipe and nginx/default.conf set it): of 14 logins
    sent at once from one address, one goes on, ten wait their turn (one a second) and the rest
    get nginx's own 429 at once, never reaching a server: the API's JSON (`throttled`, with
    Retry-After) that the page on the allowed origin may read. Last here: through the proxy,
    these anonymous writes share the address 127.0.0.1 and its write budget with the other
    tests'."""
    _, _, proxy, _ = two_servers

    def login(number: int) -> tuple[int, dict, dict, float]:
        started = time.monotonic()
        body = {"username": f"burst-{number}", "password": "wrong password"}
        client = Client(address="203.0.113.9")
        status, answer = client.request(proxy, "POST", "/api/auth/login/", body)
        return status, answer, client.headers, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=14) as pool:
        answers = list(pool.map(login, range(14)))

    # The servers answer these wrong passwords with 400, or with their own 429 once the write
    # budget is spent (Retry-After: the rest of the hour); nginx's 429 says to retry in 1 s.
    by_nginx = [(a, h, took) for status, a, h, took in answers if h.get("retry-after") == "1"]
    by_app = [took for status, _, h, took in answers if h.get("retry-after") != "1"]
    assert len(by_nginx) >= 2 and len(by_app) <= 11, answers
    for answer, headers, took in by_nginx:
        assert took < 2, answers
        assert answer.get("type") == "client_error", answer
        assert [error["code"] for error in answer.get("errors", [])] == ["throttled"], answer
        assert headers.get("access-control-allow-origin") == ALLOWED, headers
        assert headers.get("retry-after") == "1", headers
    assert max(by_app) >= 5, answers  # the queue drains at one a second


def test_the_proxy_answers_a_body_over_its_limit_with_json_a_page_can_read(two_servers):
    """nginx's 1 MB limit: the API's 413 (`request_too_large`) with the CORS headers."""
    _, _, proxy, _ = two_servers
    client = Client(address="203.0.113.11")
    status, answer = client.request(
        proxy, "POST", "/api/posts/", {"title": "t", "content": "x" * 1_100_000}
    )
    assert status == 413, answer
    assert [error["code"] for error in answer.get("errors", [])] == ["request_too_large"], answer
    assert client.headers.get("access-control-allow-origin") == ALLOWED, client.headers
    assert client.headers.get("server") == "nginx", client.headers


LOGIN_LIMIT = (
    "limit_req_zone $binary_remote_addr zone=logins:1m rate=1r/s;",
    "limit_req zone=logins burst=10;",
    # nginx's own errors as JSON a page on an allowed origin can read
    "error_page 400 413 429 502 504 /.nginx-error/$status;",
    "error_page 494 =400 /.nginx-error/494;",
    "error_page 429 502 504 = /.nginx-error/preflight;",
    '"~^OPTIONS:." 1;',
    "add_header Access-Control-Allow-Origin $cors_origin always;",
    "add_header Access-Control-Expose-Headers Retry-After always;",
    '"~^(?:[^|]*, *)?(?<allowed>[^,| ]+) *,[^|]*\\|\\k<allowed>,$" $allowed;',
    "server_tokens off;",
)


def test_the_login_limit_tested_here_is_the_one_the_bake_ships(bake):
    """The proxy above is bench/scale_out.py's; compose's nginx and the README's recipe must
    limit logins with the same lines."""
    from bench.scale_out import NGINX_CONF, error_json_map

    project = bake(deploy="compose")
    lines = [*LOGIN_LIMIT, *(line.strip() for line in error_json_map().splitlines())]
    for text in (
        NGINX_CONF.replace("{error_json}", error_json_map()),
        (project / "nginx" / "default.conf").read_text(),
        (project / "README.md").read_text(),
    ):
        assert all(line in text for line in lines), [line for line in lines if line not in text]
