{%- set auth = cookiecutter.auth -%}
"""The Vue client (client/) in a real Chromium: `vite build` makes it, and its Vite dev server
serves it on its own origin against the API (pytest-django's live_server), called as
http://localhost:PORT as the README calls it. Every page of its router ({{ auth }} auth): the list
with its pages and its search, a post's page, create, edit and delete.
{%- if auth != "none" %} Sign up, log in, a reload
that stays logged in, log out, and the guard that sends nobody to the login page before writing.
{%- endif %}
What each failure is called: a CORS block (the page on http://localhost:5174 while the API
allows only 5173), an API that is down{% if auth != "none" %}, a 401, a 403 for another's post{% endif %}{% if auth == "session" %}, a CSRF
refusal{% endif %}."""

import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest
from browser_support import free_port, save_screenshot, skip_or_fail

from posts.models import Post

try:
    from playwright.sync_api import expect

    # Vite's dev server compiles each module on its first request, and prepares the packages
    # on a page's first visit: seconds on a busy machine, beyond expect()'s default 5 s.
    expect.set_options(timeout=20_000)
except ImportError:  # the `browser` fixture (conftest.py) skips, or in CI fails, every test
    expect = None

pytestmark = pytest.mark.browser

PROJECT_DIR = Path(__file__).resolve().parent.parent
CLIENT_DIR = PROJECT_DIR / "client"
sys.path.insert(0, str(PROJECT_DIR))
import dev_client  # noqa: E402  (installs the client's packages as a user's first `python dev.py`)

# The port students are told is blocked: a second Vite app of theirs, next to 5173.
BLOCKED_PORT = 5174
PASSWORD = "a long pass phrase 1"


@pytest.fixture(scope="module")
def client_packages():
    problem = dev_client.client_problem()
    if problem:
        skip_or_fail(problem.splitlines()[0])
    dev_client.install_client_packages()
    return dev_client.VITE


class PortTaken(Exception):
    pass


@contextmanager
def vite_dev_server(vite, port: int, api_url: str, log: Path):
    """`vite` as dev.py starts it, on 127.0.0.1:port, opened as http://localhost:port. Ready once
    it says so itself: an answer on the port may come from another project's Vite (tests run in
    parallel), which would leave this one stopped on "Port ... is already in use"."""
    env = {**os.environ, "VITE_API_URL": api_url, "BROWSER": "none", "NO_COLOR": "1"}
    command = [str(vite), "--host", "127.0.0.1", "--port", str(port), "--strictPort"]
    with log.open("w") as output:
        server = subprocess.Popen(  # noqa: S603
            command, cwd=CLIENT_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while f"http://127.0.0.1:{port}/" not in log.read_text():
            if server.poll() is not None:
                if f"Port {port} is already in use" in log.read_text():
                    raise PortTaken(port)
                pytest.fail(f"Vite stopped:\n{log.read_text()}")
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield f"http://localhost:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def api_url(live_server):
    # localhost, the API's name in the README: a page on localhost:PORT is then on the same
    # site, so the browser keeps and sends its cookies (an API on 127.0.0.1 would not get them).
    return live_server.url.replace("://127.0.0.1:", "://localhost:")


@pytest.fixture(scope="module")
def vite_origin(client_packages, api_url, tmp_path_factory):
    """One Vite dev server for the module (Vite runs one per project folder), on 5174 when that
    port is free, so the blocked case is the student's own."""
    log = tmp_path_factory.mktemp("vite") / "vite.log"
    try:
        with vite_dev_server(client_packages, BLOCKED_PORT, api_url, log) as origin:
            yield origin
            return
    except PortTaken:
        pass
    with vite_dev_server(client_packages, free_port(), api_url, log) as origin:
        yield origin


@pytest.fixture
def allowed(vite_origin, settings, apply_environment):
    """The page's origin in CORS_ALLOWED_ORIGINS (and so in CSRF_TRUSTED_ORIGINS)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "127.0.0.1"]
    apply_environment(CORS_ALLOW_ALL_ORIGINS="False", CORS_ALLOWED_ORIGINS=vite_origin)
    return vite_origin


def post_item(page, title):
    return page.locator("#post-list > li").filter(has=page.locator(".post-title", has_text=title))


def write_post(page, title):
    """New post (its own page), then Create post: the post's page shows it."""
    page.get_by_role("link", name="New post").click()
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Create post").click()
    expect(page.locator("#post .post-title")).to_have_text(title)


def edit_post(page, title):
    page.locator("#post").get_by_role("link", name="Edit").click()
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Save changes").click()


def problem_heading(page):
    return page.locator("#problem").get_by_role("heading")


def test_vite_build_makes_the_client_with_the_api_url_it_is_given(client_packages, tmp_path):
    out = tmp_path / "dist"
    env = {**os.environ, "VITE_API_URL": "http://api.example.test:9999"}
    command = [str(client_packages), "build", "--outDir", str(out), "--emptyOutDir"]
    subprocess.run(command, cwd=CLIENT_DIR, env=env, check=True, capture_output=True)  # noqa: S603

    assert (out / "index.html").is_file()
    bundle = "".join(path.read_text() for path in (out / "assets").glob("*.js"))
    assert "http://api.example.test:9999" in bundle


def test_the_built_client_says_an_api_that_is_down_is_no_cors_problem(
    client_packages, page, tmp_path
):
    closed = free_port()  # nothing listens there
    out = tmp_path / "dist"
    env = {**os.environ, "VITE_API_URL": f"http://localhost:{closed}"}
    command = [str(client_packages), "build", "--outDir", str(out), "--emptyOutDir"]
    subprocess.run(command, cwd=CLIENT_DIR, env=env, check=True, capture_output=True)  # noqa: S603
    handler = partial(SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://localhost:{server.server_port}/")
        expect(problem_heading(page)).to_have_text("Can't reach the API")
        expect(page.locator("#problem")).to_contain_text("this is not a CORS problem")
        expect(page.locator("#posts-status")).to_have_text("Posts could not be loaded.")
    finally:
        server.shutdown()
        server.server_close()


def test_the_list_goes_through_its_pages_and_searches(page, allowed, api_url):
    for number in range(1, 22):  # one more than a page (API_PAGE_SIZE, 20)
        Post.objects.create(title=f"{'Cats' if number % 2 else 'Dogs'} post {number}")
    page.goto(allowed)
    expect(page.locator("#api-base")).to_have_text(api_url)
    expect(page.locator("#page-origin")).to_have_text(allowed)
    # Read aloud and shown alike: "This page: <origin> → API: <url>", spaces kept.
    origins = f"This page: {allowed} →, calling the API: {api_url}"
    expect(page.locator(".origins")).to_have_text(origins)
    expect(page.locator("#posts-status")).to_have_text("21 posts, newest first.")
    expect(page.locator("#post-list > li")).to_have_count(20)
    expect(page.locator("#post-list > li").first).to_contain_text("Cats post 21")
    save_screenshot(page, "client-with-posts.png")

    page.get_by_role("button", name="Older").click()
    expect(page.locator("#page-status")).to_have_text("Page 2")
    expect(page.locator("#post-list > li")).to_have_count(1)
    expect(post_item(page, "Cats post 1")).to_have_count(1)

    page.get_by_label("Search posts").fill("dogs")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#posts-status")).to_have_text("10 posts found for “dogs”, newest first.")
    assert all("Dogs" in text for text in page.locator(".post-title").all_text_contents())

    # A title leads to the post's own page, an address of its own (the router's /posts/:id).
    post_item(page, "Dogs post 20").get_by_role("link", name="Dogs post 20", exact=True).click()
    expect(page).to_have_url(re.compile(r"/posts/\d+$"))
    expect(page.locator("#post .post-title")).to_have_text("Dogs post 20")
    page.reload()
    expect(page.locator("#post .post-title")).to_have_text("Dogs post 20")


def test_a_page_the_api_does_not_allow_is_told_it_is_cors_though_the_api_answered(
    page, vite_origin, settings, apply_environment
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    apply_environment(CORS_ALLOW_ALL_ORIGINS="False", CORS_ALLOWED_ORIGINS="http://localhost:5173")
    Post.objects.create(title="Hidden by CORS")
    page.goto(vite_origin)

    expect(problem_heading(page)).to_have_text("The browser blocked the API's response (CORS)")
    problem = page.locator("#problem")
    expect(problem).to_contain_text(f"CORS_ALLOWED_ORIGINS={vite_origin}")
    expect(page.locator("#posts-status")).to_have_text("Posts could not be loaded.")
    save_screenshot(page, "vue-client-blocked.png")
{%- if auth == "none" %}


def test_anyone_creates_edits_and_deletes_posts_on_their_pages(page, allowed):
    page.goto(allowed)
    expect(page.locator("#posts-status")).to_contain_text("No posts yet")
    write_post(page, "From Vue")
    expect(page).to_have_url(re.compile(r"/posts/\d+$"))
    assert Post.objects.get().title == "From Vue"

    edit_post(page, "From Vue, edited")
    expect(page.locator("#post .post-title")).to_have_text("From Vue, edited")
    assert Post.objects.get().title == "From Vue, edited"

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#post").get_by_role("button", name="Delete").click()
    expect(page.locator("#posts-status")).to_contain_text("No posts yet")
    assert not Post.objects.exists()
{%- else %}


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password=PASSWORD)


def sign_up(page, username):
    page.get_by_role("link", name="Sign up").first.click()
    page.locator("#signup-username").fill(username)
    page.locator("#signup-password1").fill(PASSWORD)
    page.locator("#signup-password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#whoami")).to_have_text(username)


def log_in(page, username):
    page.get_by_role("link", name="Log in").first.click()
    page.locator("#login-username").fill(username)
    page.locator("#login-password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#whoami")).to_have_text(username)


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.locator("#whoami")).to_have_count(0)


def test_a_student_signs_up_writes_edits_deletes_reloads_and_logs_out(page, allowed, bob):
    Post.objects.create(title="Bob's post", author=bob)
    page.goto(allowed)
    expect(post_item(page, "Bob's post")).to_contain_text("by bob")

    # Nobody logged in: the guard sends "New post" to the login page, and back after it.
    page.get_by_role("link", name="New post").click()
    expect(page).to_have_url(re.compile(r"/login\?next=/posts/new$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    # The API refuses what the page still offers (Delete), and the page says why.
    page.goto(allowed)
    page.once("dialog", lambda dialog: dialog.accept())
    post_item(page, "Bob's post").get_by_role("button", name="Delete").click()
    expect(problem_heading(page)).to_have_text("You are not logged in")
{%- if auth == "token" %}
    expect(page.locator("#problem")).to_contain_text("answered 401")
{%- endif %}
    assert Post.objects.filter(title="Bob's post").exists()

    sign_up(page, "ada")
    write_post(page, "Ada's post")
    expect(page.locator("#post")).to_contain_text("by ada")
    assert Post.objects.get(title="Ada's post").author.username == "ada"
    save_screenshot(page, "vue-client.png")

    edit_post(page, "Ada's post, edited")
    expect(page.locator("#post .post-title")).to_have_text("Ada's post, edited")
    assert Post.objects.filter(title="Ada's post, edited").exists()

    # A reload keeps the login ({{ "the key in localStorage" if auth == "token" else "the session cookie; the store asks /api/auth/user/" }}).
    page.reload()
    expect(page.locator("#whoami")).to_have_text("ada")
    expect(page.locator("#post .post-title")).to_have_text("Ada's post, edited")

    # Every post has Edit; the API decides: a 403 for another's post, said in one sentence
    # under the form (messageOf) and at length at the top.
    bobs = Post.objects.get(author=bob)
    page.goto(f"{allowed}/posts/{bobs.pk}/edit")
    page.get_by_label("Title").fill("Taken over")
    page.get_by_role("button", name="Save changes").click()
    expect(problem_heading(page)).to_have_text("Not your post")
    expect(page.locator("#problem")).to_contain_text("answered 403")
    expect(page.locator("#form-error")).to_contain_text("Not saved. Not your post: Only the author")
    assert Post.objects.get(author=bob).title == "Bob's post"

    page.goto(allowed)
    title = "Ada's post, edited"
    post_item(page, title).get_by_role("link", name=title, exact=True).click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#post").get_by_role("button", name="Delete").click()
    expect(page.locator("#posts-status")).to_contain_text("1 post, newest first.")
    assert not Post.objects.filter(author__username="ada").exists()

    log_out(page)
    page.reload()  # logged out stays logged out
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    page.get_by_role("link", name="New post").click()
    log_in_here = page.locator("#login-form")
    log_in_here.get_by_label("User name").fill("bob")
    log_in_here.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#whoami")).to_have_text("bob")
    expect(page).to_have_url(re.compile(r"/posts/new$"))  # back where the guard stopped
    log_out(page)


def test_a_refused_login_or_sign_up_is_said_in_one_sentence(page, allowed, bob):
    page.goto(f"{allowed}/login")
    page.locator("#login-username").fill("bob")
    page.locator("#login-password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#login-error")).to_have_text(
        "The API refused what was sent: Unable to log in with provided credentials."
    )
    expect(page.locator("#whoami")).to_have_count(0)

    page.goto(f"{allowed}/signup")
    page.locator("#signup-username").fill("bob")
    page.locator("#signup-password1").fill("short")
    page.locator("#signup-password2").fill("short")
    page.get_by_role("button", name="Sign up").click()
    # Each field's message after the field's name.
    expect(page.locator("#signup-error")).to_contain_text("username: ")
    expect(page.locator("#signup-error")).to_contain_text("password1: ")
{%- endif %}
{%- if auth == "token" %}


def test_the_key_goes_in_the_authorization_header_and_outlives_a_reload_and_a_tab(
    page, allowed, bob
):
    page.goto(allowed)
    log_in(page, "bob")
    assert page.evaluate("localStorage.getItem('authToken')")
    with page.expect_request(lambda request: request.method == "POST") as sent:
        write_post(page, "With a key")
    assert sent.value.headers["authorization"].startswith("Token ")

    other_tab = page.context.new_page()
    other_tab.goto(allowed)
    expect(other_tab.locator("#whoami")).to_have_text("bob")
    other_tab.close()


def test_a_key_the_api_forgot_logs_the_page_out_and_reads_go_on(page, allowed, bob):
    from rest_framework.authtoken.models import Token

    Post.objects.create(title="Readable", author=bob)
    page.goto(allowed)
    log_in(page, "bob")
    Token.objects.all().delete()  # logged out elsewhere
    page.reload()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(post_item(page, "Readable")).to_have_count(1)
    assert page.evaluate("localStorage.getItem('authToken')") is None
{%- endif %}
{%- if auth == "session" %}


def test_the_csrf_token_is_fetched_at_start_so_a_write_after_a_reload_passes(page, allowed, bob):
    page.goto(allowed)
    log_in(page, "bob")
    page.reload()  # the token lived in the page's memory: gone, fetched again at start
    expect(page.locator("#whoami")).to_have_text("bob")
    with page.expect_request(lambda request: request.method == "POST") as sent:
        write_post(page, "After a reload")
    assert sent.value.headers.get("x-csrftoken")
    assert Post.objects.get().author == bob


def test_a_write_without_the_csrf_token_is_refused_and_explained(page, allowed, api_url, bob):
    page.goto(allowed)
    log_in(page, "bob")

    def drop_token(route):
        headers = {k: v for k, v in route.request.headers.items() if k.lower() != "x-csrftoken"}
        route.continue_(headers=headers)

    page.route(api_url + "/api/posts/", drop_token)
    page.get_by_role("link", name="New post").click()
    page.get_by_label("Title").fill("Forged?")
    page.get_by_role("button", name="Create post").click()

    expect(problem_heading(page)).to_have_text("Refused by the CSRF check")
    expect(page.locator("#problem")).to_contain_text("X-CSRFToken")
    expect(page.locator("#form-error")).to_contain_text("Refused by the CSRF check")
    assert not Post.objects.exists()


def test_on_localhost_the_page_can_read_the_apis_csrftoken_cookie(page, allowed, bob):
    """Cookies ignore ports: the README says so, and this is what it rests on."""
    page.goto(allowed)
    log_in(page, "bob")
    assert "csrftoken=" in page.evaluate("document.cookie")
{%- endif %}
