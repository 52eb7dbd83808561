"""A front end like the course's students write: a Vite dev server and axios on its own origin,
in a real Chromium, against a baked API under runserver, for each `auth` answer. Not our client:
theirs."""

from __future__ import annotations

import contextlib
import shutil

import pytest
from conftest import skip_unless_ci
from frontend_servers import api_dev_server, browser_support, vite_dev_server

from bench import load

# One worker runs them all: Vite refuses to start a second dev server in the same folder.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("vite-frontend")]

# Each auth variant as a user bakes it: session needs credentials, the others keep the default.
VARIANTS = {
    "token": {"auth": "token"},
    "session": {"auth": "session", "cors_allow_credentials": "yes"},
    "none": {"auth": "none"},
}
PASSWORD = "a long passphrase 2026"


@pytest.fixture(scope="module", params=list(VARIANTS))
def variant(request, bake):
    """(auth answer, baked project), one bake per variant."""
    return request.param, bake(**VARIANTS[request.param])


@pytest.fixture(scope="module")
def support(bake):
    return browser_support(bake())


@pytest.fixture(scope="module")
def browser(support):
    if shutil.which("npm") is None:
        skip_unless_ci("the Vite front-end tests", "npm is not installed (Node.js 20 brings it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_unless_ci("the Vite front-end tests", "Playwright is not installed")
    with sync_playwright() as playwright:
        browser = support.launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def servers(variant, support, generated_python, tmp_path):
    """start(allow_vite_origin=True) -> (vite_origin, api_log): the API and the Vite app."""
    auth, project = variant
    with contextlib.ExitStack() as stack:

        def start(allow_vite_origin=True):
            vite_port, api_port = support.free_port(), support.free_port()
            vite_origin = f"http://localhost:{vite_port}"
            env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
            if allow_vite_origin:
                env["CORS_ALLOWED_ORIGINS"] = vite_origin
            api_log = tmp_path / "api.log"
            api = stack.enter_context(
                api_dev_server(project, generated_python, api_port, env, api_log)
            )
            stack.enter_context(vite_dev_server(api, vite_port, tmp_path / "vite.log", auth))
            return vite_origin, api_log

        yield start


def shown(page) -> str:
    page.wait_for_function("document.querySelector('#status').textContent !== 'Loading...'")
    return page.text_content("#status")


def create(page, title):
    return page.evaluate(
        "title => frontend.request('post', '/api/posts/', {data: {title, content: 'axios'}})",
        title,
    )


def test_axios_page_lists_posts_and_writes_as_its_auth_allows(page, servers, variant):
    auth, _ = variant
    vite_origin, _ = servers()
    page.goto(vite_origin)
    assert shown(page) == "0 posts"

    if auth != "none":
        anonymous = create(page, "Nobody's")
        # token: 401 (with WWW-Authenticate); session: 403. Both as JSON the page can read.
        assert anonymous["status"] == {"token": 401, "session": 403}[auth], anonymous
        assert anonymous["data"]["errors"][0]["code"] == "not_authenticated", anonymous
        signed_up = page.evaluate("p => frontend.signUp('ada', p)", PASSWORD)
        assert signed_up["status"] == {"token": 201, "session": 204}[auth], signed_up

    created = create(page, "From Vite")
    assert created["status"] == 201, created
    assert created["data"]["title"] == "From Vite"
    if auth != "none":
        assert created["data"]["author"] == "ada"

    page.reload()
    page.wait_for_function("document.querySelector('#status').textContent === '1 posts'")
    assert page.locator("#posts li").all_text_contents() == ["From Vite"]


@pytest.mark.parametrize("variant", ["session"], indirect=True)
def test_session_write_without_the_csrf_token_is_refused_as_json(page, servers, variant):
    vite_origin, _ = servers()
    page.goto(vite_origin)
    shown(page)
    assert page.evaluate("p => frontend.signUp('ada', p)", PASSWORD)["status"] == 204

    page.evaluate("frontend.state.sendCsrf = false")
    refused = create(page, "No token")

    assert refused["status"] == 403, refused
    assert "CSRF" in refused["data"]["errors"][0]["detail"], refused


@pytest.mark.parametrize("variant", ["token"], indirect=True)
def test_fetch_on_an_allowed_origin_reads_json(page, servers):
    vite_origin, _ = servers()
    page.goto(vite_origin)

    listed = page.evaluate("frontend.fetchJson('GET', '/api/posts/')")

    assert listed["status"] == 200, listed
    assert "application/json" in listed["type"]


@pytest.mark.parametrize("variant", ["token"], indirect=True)
def test_axios_on_an_origin_the_api_does_not_allow_is_blocked_though_the_api_answered(
    page, servers
):
    vite_origin, api_log = servers(allow_vite_origin=False)
    page.goto(vite_origin)

    # axios sees no response at all: the browser threw the API's answer away.
    assert shown(page) == "Failed: Network Error"
    assert '"GET /api/posts/ HTTP/1.1" 200' in api_log.read_text()


@pytest.mark.parametrize("variant", ["token"], indirect=True)
def test_axios_creates_without_the_slash_then_pages_and_searches(page, servers):
    vite_origin, _ = servers()
    page.goto(vite_origin)
    shown(page)
    assert page.evaluate("p => frontend.signUp('vite', p)", PASSWORD)["status"] == 201

    for title in ["Cats purr", "Dogs bark", "Cats nap"]:
        created = page.evaluate(
            "t => frontend.request('post', '/api/posts', {data: {title: t}})", title
        )
        assert created["status"] == 201, created  # no slash, no redirect: created, not listed

    first = page.evaluate("frontend.request('get', '/api/posts?page_size=2')")["data"]
    assert first["count"] == 3
    assert [post["title"] for post in first["results"]] == ["Cats nap", "Dogs bark"]
    second = page.evaluate("url => frontend.request('get', url)", first["next"])["data"]
    assert [post["title"] for post in second["results"]] == ["Cats purr"]
    found = page.evaluate("frontend.request('get', '/api/posts/?search=cats&ordering=title')")
    assert [post["title"] for post in found["data"]["results"]] == ["Cats nap", "Cats purr"]


JSON = {"Content-Type": "application/json"}
# What a front end gets wrong, and the status and error code the API answers it with.
MISTAKES = [
    ("GET", "/api/nope", {}, 404, "not_found"),
    ("GET", "/api/posts/999999", {}, 404, "not_found"),
    ("GET", "/api/posts?page=99", {}, 404, "not_found"),
    ("DELETE", "/api/posts", {}, 401, "not_authenticated"),
    ("POST", "/api/posts", {"body": {"title": "x"}}, 401, "not_authenticated"),
    ("POST", "/api/auth/login", {"body": {}}, 400, "required"),
    ("POST", "/api/auth/login", {"raw": "{", "headers": JSON}, 400, "parse_error"),
    ("POST", "/api/auth/login", {"raw": "[" * 5000, "headers": JSON}, 400, "parse_error"),
    ("POST", "/api/auth/login", {"raw": "x" * 200_000, "headers": JSON}, 413, "request_too_large"),
    (
        "POST",
        "/api/auth/login",
        {"raw": "a", "headers": {"Content-Type": "text/plain"}},
        415,
        "unsupported_media_type",
    ),
    ("PUT", "/api/auth/login", {"body": {}}, 405, "method_not_allowed"),
]


@pytest.mark.parametrize("variant", ["token"], indirect=True)
def test_fetch_reads_every_error_as_json_in_one_shape(page, servers):
    vite_origin, _ = servers()
    page.goto(vite_origin)

    for method, path, options, status, code in MISTAKES:
        answer = page.evaluate("args => frontend.fetchJson(...args)", [method, path, options])
        assert answer["status"] == status, (method, path, answer)
        assert answer["type"] == "application/json", (method, path, answer)
        assert set(answer["data"]) == {"type", "errors"}, (method, path, answer)
        assert answer["data"]["errors"][0]["code"] == code, (method, path, answer)


def test_a_host_the_deployed_api_does_not_serve_is_json_the_page_can_read(
    page, support, bake, generated_python, tmp_path
):
    """The API deployed by its README's recipe (DEBUG off, gunicorn) for api.example.com, called
    by the page as http://localhost:PORT, a Host it does not serve: Django refuses it before any
    view runs, and the page on the allowed origin still reads why, in the one error shape."""
    project = tmp_path / "project"
    shutil.copytree(bake(auth="none"), project, ignore=shutil.ignore_patterns("__pycache__"))
    vite_port = support.free_port()
    vite_origin = f"http://localhost:{vite_port}"
    # auth=none in production must be confirmed, or check --deploy stops the recipe.
    variables = {"CORS_ALLOWED_ORIGINS": vite_origin, "OPEN_API_IN_PRODUCTION": "True"}
    api_log = tmp_path / "api.log"
    with contextlib.ExitStack() as stack:
        serving = load.serve_recipe(project, generated_python, log=api_log, variables=variables)
        api = f"http://localhost:{stack.enter_context(serving)}"
        stack.enter_context(vite_dev_server(api, vite_port, tmp_path / "vite.log"))
        page.goto(vite_origin)
        answer = page.evaluate("frontend.fetchJson('GET', '/api/posts/')")

    assert answer["status"] == 400, (answer, api_log.read_text())
    error = {"code": "bad_request", "detail": "Bad request.", "attr": None}
    assert answer["data"] == {"type": "client_error", "errors": [error]}, answer
