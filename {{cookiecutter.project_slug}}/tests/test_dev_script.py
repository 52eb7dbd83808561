"""`python dev.py` serves the API and the client on their own ports, and Ctrl-C stops both."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(os.name != "posix", reason="sends SIGINT as a terminal would")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=120.0, dev=None):  # the Vue client's first run installs its packages
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (a local URL)
                return response.status
        except OSError:
            if dev is not None and dev.poll() is not None:
                raise AssertionError(f"dev.py stopped:\n{dev.stdout.read()}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def wait_until_serving(api_port, client_port, dev=None):
    assert wait_for(f"http://127.0.0.1:{api_port}/api/", dev=dev) == 200
    assert wait_for(f"http://127.0.0.1:{client_port}/", dev=dev) == 200


def port_is_open(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_dev_script_serves_api_and_client_and_stops_both_on_ctrl_c():
    api_port, client_port = free_port(), free_port()
    environment = {**os.environ, "API_PORT": str(api_port), "CLIENT_PORT": str(client_port)}
    dev = subprocess.Popen(
        [sys.executable, "dev.py"],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # As a terminal starts it: a shell running these tests in the background ignores SIGINT,
        # and the child would inherit that (Python then installs no KeyboardInterrupt handler).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        wait_until_serving(api_port, client_port)
    finally:
        dev.send_signal(signal.SIGINT)
        assert dev.wait(timeout=20) == 0

    assert not port_is_open(api_port)
    assert not port_is_open(client_port)


def test_ctrl_c_pressed_twice_in_a_terminal_still_stops_both_servers(tmp_path):
    """A terminal's Ctrl-C signals dev.py's whole process group; people often press it twice.
    The second press must not cut the stopping short and leave a server running. Three dev.py
    at once, each in a terminal of its own: three tries of the race for the time of one."""
    runs = []
    try:
        for attempt in range(3):
            api_port, client_port = free_port(), free_port()
            environment = {
                **os.environ,
                "API_PORT": str(api_port),
                "CLIENT_PORT": str(client_port),
            }
            log = tmp_path / f"dev-{attempt}.log"
            with log.open("w") as sink:
                dev = subprocess.Popen(
                    [sys.executable, "dev.py"],
                    cwd=PROJECT_DIR,
                    env=environment,
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # a process group of its own, as in a terminal
                    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                )
            runs.append((dev, log, api_port, client_port))
            if attempt == 0:  # once the first is up, whatever a first run installs is there
                wait_until_serving(api_port, client_port)
        for _, _, api_port, client_port in runs[1:]:
            wait_until_serving(api_port, client_port)
        for dev, *_ in runs:
            os.killpg(dev.pid, signal.SIGINT)
        time.sleep(0.02)  # while dev.py stops the servers
        for dev, *_ in runs:
            os.killpg(dev.pid, signal.SIGINT)
        for dev, log, *_ in runs:
            assert dev.wait(timeout=20) == 0, log.read_text()
    finally:
        for dev, *_ in runs:
            if dev.poll() is None:
                dev.kill()
                dev.wait()
    for _, log, api_port, client_port in runs:
        output = log.read_text()
        assert "Traceback" not in output, output
        assert not port_is_open(api_port), output
        assert not port_is_open(client_port), output
{%- set client = cookiecutter.client %}


def test_the_client_calls_the_api_on_api_port():
    """API_PORT moves the client's API address too: {% if client == "vue" %}Vite gets it as VITE_API_URL{% else %}dev.py serves config.js with it{% endif %}."""
    api_port, client_port = free_port(), free_port()
    dev = start_dev(api_port, client_port)
    try:
        config = f"http://127.0.0.1:{client_port}/{% if client == 'vue' %}src/{% endif %}config.js"
        wait_for(config)
        with urllib.request.urlopen(config, timeout=10) as response:  # noqa: S310 (a local URL)
            served = response.read().decode()
    finally:
        status, output = ctrl_c(dev)
    assert f"http://localhost:{api_port}" in served, output
    assert status == 0, output


@pytest.mark.parametrize("variable", ["API_PORT", "CLIENT_PORT"])
def test_a_taken_port_is_named_with_the_variable_that_moves_it(variable):
    ports = {"API_PORT": free_port(), "CLIENT_PORT": free_port()}
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", ports[variable]))
        taken.listen()
        environment = {**os.environ, **{name: str(port) for name, port in ports.items()}}
        done = subprocess.run(
            [sys.executable, "dev.py"],
            cwd=PROJECT_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert f"Port {ports[variable]} is already in use" in done.stderr
    assert f"{variable}={ports[variable] + 1} python dev.py" in done.stderr


def start_dev(api_port, client_port, output=subprocess.PIPE, **variables):
    environment = {
        **os.environ,
        "API_PORT": str(api_port),
        "CLIENT_PORT": str(client_port),
        "PYTHONFAULTHANDLER": "1",
        **variables,
    }
    return subprocess.Popen(
        [sys.executable, "dev.py"],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def ctrl_c(dev, log=None):
    """Ctrl-C in dev.py's terminal; its exit status and everything it printed (to `log`, when
    it was started writing there)."""
    if dev.poll() is None:
        os.killpg(dev.pid, signal.SIGINT)
    try:
        output = dev.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        # Where it hangs: PYTHONFAULTHANDLER (start_dev) prints every thread's stack on SIGABRT.
        os.killpg(dev.pid, signal.SIGABRT)
        output = dev.communicate(timeout=30)[0]
        said = log.read_text() if log else output
        pytest.fail(f"dev.py did not stop within 30 s of Ctrl-C:\n{said}")
    return dev.returncode, output


def test_it_starts_again_at_once_after_ctrl_c_with_a_connection_left_open():
    """A page keeps connections open; when the servers stop first, their ends wait in TIME_WAIT
    for a minute. That is no program holding the port: dev.py must start again at once."""
    api_port, client_port = free_port(), free_port()
    dev = start_dev(api_port, client_port)
    try:
        wait_until_serving(api_port, client_port)
        kept = [socket.create_connection(("127.0.0.1", port)) for port in (api_port, client_port)]
    finally:
        status, output = ctrl_c(dev)
    assert status == 0, output
    for connection in kept:  # after the servers closed theirs: their side is in TIME_WAIT
        connection.close()

    again = start_dev(api_port, client_port)
    try:
        wait_until_serving(api_port, client_port, again)
    finally:
        status, output = ctrl_c(again)
    assert status == 0, output
    assert "already in use" not in output


def test_a_client_port_moved_at_run_time_is_allowed_by_the_api():
    api_port, client_port = free_port(), free_port()
    origin = f"http://localhost:{client_port}"
    # Not every origin (an allow-all bake's `*` would say nothing of the moved port).
    dev = start_dev(api_port, client_port, CORS_ALLOW_ALL_ORIGINS="False")
    try:
        wait_until_serving(api_port, client_port)
        request = urllib.request.Request(
            f"http://127.0.0.1:{api_port}/api/", headers={"Origin": origin}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (a local URL)
            allowed = response.headers.get("Access-Control-Allow-Origin")
    finally:
        status, output = ctrl_c(dev)
    assert allowed == origin, output


def wait_for_output(dev, log, text, timeout=60):
    deadline = time.monotonic() + timeout
    while text not in log.read_text() and dev.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)


def output_of(dev, log, text, timeout=60):
    """Whatever dev.py wrote to `log` once `text` is in it (or dev.py stopped, or time ran out);
    dev.py is stopped then."""
    try:
        wait_for_output(dev, log, text, timeout)
    finally:
        ctrl_c(dev, log)
    return log.read_text()


def start_dev_with_a_failing_api(tmp_path):
    """dev.py with a trailing slash in CORS_ALLOWED_ORIGINS, which stops runserver at its checks
    (corsheaders.E014) while the client goes on; returns once dev.py said so."""
    api_port, client_port = free_port(), free_port()
    origin = f"http://localhost:{client_port}/"
    log = tmp_path / "dev.log"
    with log.open("w") as sink:
        dev = start_dev(api_port, client_port, sink, CORS_ALLOWED_ORIGINS=origin, DJANGO_DEBUG="1")
    said = f"?: (corsheaders.E014) Origin '{origin}'"
    wait_for_output(dev, log, f"The API failed to start: {said}", timeout=180)  # npm install
    return dev, log, api_port, client_port, said


def test_an_api_that_fails_to_start_is_named_with_its_error_line(tmp_path):
    """dev.py says the API failed to start, in the check's own words, and answers in the API's
    place with that line, in the API's error shape, readable by the page on another origin."""
    dev, log, api_port, client_port, said = start_dev_with_a_failing_api(tmp_path)
    try:
        origin = f"http://localhost:{client_port}"
        request = urllib.request.Request(
            f"http://127.0.0.1:{api_port}/api/posts/", headers={"Origin": origin}
        )
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=10)  # noqa: S310 (a local URL)
    finally:
        ctrl_c(dev, log)
    output = log.read_text()

    assert f"The API failed to start: {said}" in output
    assert answer.value.code == 503, output
    assert answer.value.headers["Access-Control-Allow-Origin"] == origin
    [error] = json.loads(answer.value.read())["errors"]
    assert error["code"] == "api_failed_to_start"
    assert error["detail"].startswith(f"The API failed to start: {said}")
    assert not port_is_open(api_port), "the stand-in outlived dev.py"


@pytest.mark.browser
def test_the_page_says_the_api_failed_to_start_with_its_reason(tmp_path, page):
    dev, log, _, client_port, said = start_dev_with_a_failing_api(tmp_path)
    try:
        page.goto(f"http://localhost:{client_port}/")
        page.get_by_text("The API failed to start").first.wait_for(timeout=30_000)
        shown = page.locator("body").inner_text()
    finally:
        ctrl_c(dev, log)

    assert said in shown, log.read_text()


def test_debug_off_in_development_is_named_as_the_https_redirect(tmp_path):
    log = tmp_path / "dev.log"
    with log.open("w") as sink:
        # A key of its own: production settings refuse a missing one (CI has no .env).
        key = secrets.token_urlsafe(50)
        dev = start_dev(
            free_port(),
            free_port(),
            sink,
            DJANGO_DEBUG="False",
            DJANGO_SECRET_KEY=key,
            CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION="True",  # an allow-all bake's answer, meant
        )
    said = "The API redirects http:// to https:// (SECURE_SSL_REDIRECT, on since DJANGO_DEBUG"

    output = output_of(dev, log, said)

    assert said in output
    assert "set\nDJANGO_DEBUG=True in .env" in output
