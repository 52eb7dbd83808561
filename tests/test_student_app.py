"""The bake's README section "Add your own app", followed step by step as a student does on a
fresh bake (auth=token, auth=session): `startapp comments`, the files the README shows (taken
from the README itself, so it cannot drift from what is tested), migrate, the app's tests. Then
the new routes answer with and without the trailing slash (no redirect), an unknown path beside
them is the JSON 404, a page on another origin creates and lists comments in Chromium with the
auth scheme's credentials, and ruff and the bake's own suite pass with the student's files."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import re
import shutil
import threading
from functools import partial
from pathlib import Path

import pytest
from conftest import read_junit
from frontend_servers import api_dev_server, browser_support

VARIANTS = {
    "token": {"auth": "token"},
    "session": {"auth": "session", "cors_allow_credentials": "yes"},
}
PASSWORD = "a long passphrase 2026"


def readme_steps(readme: str) -> dict:
    """What the section says to do: {file name: code} for each `comments/...py` block, the line
    for config/urls.py, and the manage.py commands, in the README's order."""
    section = readme.split("## Add your own app", 1)[1].split("\n## ", 1)[0]
    block = r"[^\n]*:\n\n```python\n(.*?)```"  # a line naming the file, then the code
    files = dict(re.findall(rf"^`(comments/[\w/]+\.py)`{block}", section, re.M | re.S))
    urls_block = re.search(rf"`config/urls\.py`{block}", section, re.S)[1]
    urls_line = re.search(r"^ *path\(.*comments\.urls.*$", urls_block, re.M)[0]
    commands = re.findall(r"^(python manage\.py [^\n#]+?)\s*$", section, re.M)
    ruff = re.findall(r"^(ruff [^\n]+)$", section, re.M)
    return {"files": files, "urls_line": urls_line, "commands": commands, "ruff": ruff}


def add_the_app(project: Path, run_in_project) -> None:
    """The README's steps, in its order."""
    steps = readme_steps((project / "README.md").read_text(encoding="utf-8"))
    assert steps["commands"][0] == "python manage.py startapp comments"
    run_in_project(project, *steps["commands"][0].split()[1:])

    settings = project / "config" / "settings.py"
    text = settings.read_text()
    assert text.count('    "posts",\n') == 1
    settings.write_text(text.replace('    "posts",\n', '    "posts",\n    "comments",\n'))

    for name, code in steps["files"].items():
        if name.startswith("comments/tests/"):
            (project / "comments" / "tests.py").unlink(missing_ok=True)
            (project / "comments" / "tests").mkdir(exist_ok=True)
            (project / "comments" / "tests" / "__init__.py").touch()
        (project / name).write_text(code)
    assert {"comments/models.py", "comments/views.py", "comments/urls.py"} <= set(steps["files"])

    # "one line under the others in urlpatterns": at the end of the list.
    urls = project / "config" / "urls.py"
    head, tail = urls.read_text().split("\n]\n", 1)
    urls.write_text(f"{head}\n{steps['urls_line']}\n]\n{tail}")

    for command in steps["commands"][1:]:
        run_in_project(project, *command.split()[1:])


@pytest.fixture(scope="module", params=list(VARIANTS))
def student(request, bake, run_in_project, tmp_path_factory):
    """(auth, project): a fresh copy of the bake with the README's comments app added."""
    auth = request.param
    project = tmp_path_factory.mktemp(f"student-{auth}") / "project"
    shutil.copytree(bake(**VARIANTS[auth]), project, ignore=shutil.ignore_patterns("node_modules"))
    add_the_app(project, run_in_project)
    return auth, project


def test_ruff_passes_with_the_students_files(student, run_in_project):
    _, project = student
    steps = readme_steps((project / "README.md").read_text(encoding="utf-8"))
    # The code the README shows is formatted as it stands.
    run_in_project(project, "-m", "ruff", "format", "--check", *steps["files"])
    assert steps["ruff"] == ["ruff format . && ruff check ."]

    for command in steps["ruff"][0].split(" && "):  # as the README says, startapp's files too
        run_in_project(project, "-m", *command.split())
    run_in_project(project, "-m", "ruff", "format", "--check", ".")  # what CI runs


def test_the_bakes_suite_passes_with_the_students_app(student, run_generated_tests, tmp_path):
    _, project = student
    report = tmp_path / "report.xml"

    run_generated_tests(project, f"--junitxml={report}")  # fails the test if any test fails

    outcomes = read_junit(report)
    assert outcomes["test_a_comment_is_added_and_listed"][0] == "passed"
    assert outcomes["test_commenting_needs_a_login"][0] == "passed"


def request(url: str, method: str = "GET", body: dict | None = None) -> http.client.HTTPResponse:
    """One request, no redirect followed (http.client never follows one)."""
    host, port = url.removeprefix("http://").split("/", 1)[0].split(":")
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
    path = "/" + url.split("/", 3)[3]
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    connection.request(method, path, json.dumps(body) if body else None, headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@contextlib.contextmanager
def page_server(folder: Path, port: int):
    """A plain HTTP server for the page's origin, on 127.0.0.1 (opened as localhost)."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{port}"
    finally:
        server.shutdown()
        server.server_close()


# Runs in the page: sign up, write a post, comment on it (without the trailing slash, as a
# student's fetch may), list the comments (with it). Token: the key in a header. Session: the
# cookies, and the CSRF token from /api/auth/csrf/ in X-CSRFToken (a page on another origin
# cannot read the API's cookies).
PAGE_SCRIPT = """async ({api, auth, password}) => {
    const session = auth === "session";
    const headers = {"Content-Type": "application/json"};
    const csrf = async () => {
        if (!session) return;
        const answer = await fetch(`${api}/api/auth/csrf/`, {credentials: "include"});
        headers["X-CSRFToken"] = (await answer.json()).csrfToken;
    };
    const send = async (method, path, body) => {
        const answer = await fetch(`${api}${path}`, {
            method, headers, credentials: session ? "include" : "same-origin",
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await answer.text();
        const parsed = text ? JSON.parse(text) : null;
        return {status: answer.status, redirected: answer.redirected, body: parsed};
    };
    await csrf();
    const signUp = await send("POST", "/api/auth/registration/",
        {username: "student", password1: password, password2: password});
    if (session) await csrf(); else headers["Authorization"] = `Token ${signUp.body.key}`;
    const post = await send("POST", "/api/posts/", {title: "Homework"});
    const comments = `/api/posts/${post.body.id}/comments`;
    const created = await send("POST", comments, {text: "From the page"});
    const listed = await send("GET", `${comments}/`);
    return {signUp: signUp.status, post: post.status, created, listed, postId: post.body.id};
}"""


@pytest.mark.browser
def test_a_page_on_another_origin_comments_through_the_new_routes(
    student, generated_python, tmp_path
):
    auth, project = student
    support = browser_support(project)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        support.skip_or_fail("Playwright is not installed")
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<!doctype html><title>Homework</title>")
    page_port, api_port = support.free_port(), support.free_port()
    page_origin = f"http://localhost:{page_port}"
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CORS_ALLOWED_ORIGINS": page_origin,
    }
    with (
        api_dev_server(project, generated_python, api_port, env, tmp_path / "api.log") as api,
        page_server(tmp_path / "page", page_port) as origin,
        sync_playwright() as playwright,
    ):
        browser = support.launch_chromium(playwright)
        try:
            page = browser.new_context().new_page()
            page.goto(f"{origin}/")
            result = page.evaluate(PAGE_SCRIPT, {"api": api, "auth": auth, "password": PASSWORD})
        finally:
            browser.close()

        post_id = result["postId"]
        answers = {
            path: request(f"{api}{path}")
            for path in (f"/api/posts/{post_id}/comments", f"/api/posts/{post_id}/comments/")
        }
        unknown = request(f"{api}/api/posts/{post_id}/comment", "PATCH", {"text": "x"})

    assert result["signUp"] in {201, 204}, result
    assert result["post"] == 201, result
    assert result["created"]["status"] == 201, result
    assert result["created"]["body"]["author"] == "student"
    assert not result["listed"]["redirected"]
    assert [c["text"] for c in result["listed"]["body"]["results"]] == ["From the page"]
    for path, answer in answers.items():
        assert answer.status == 200, (path, answer.status, answer.getheader("Location"))
        assert json.loads(answer.body)["count"] == 1
    assert unknown.status == 404
    assert unknown.getheader("Content-Type") == "application/json"
    assert json.loads(unknown.body)["errors"][0]["code"] == "not_found"


def test_the_korean_readme_shows_the_same_code(bake):
    project = bake(**VARIANTS["token"])
    english = readme_steps((project / "README.md").read_text(encoding="utf-8"))
    korean_text = (project / "README.ko.md").read_text(encoding="utf-8")
    korean = readme_steps(korean_text.replace("## 내 앱 추가하기", "## Add your own app"))

    assert korean == english
