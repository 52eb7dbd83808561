"""`manage.py corscheck ORIGIN`: the verdict a browser reaches, which setting decided, and the fix.

The template's suite: tests/test_corscheck_suite.py copies this folder into a bake's
corscheck/tests/ and runs it there, with CORSCHECK_SUITE_AUTH naming the bake's `auth` answer.
Each test sets the CORS settings it needs, so the suite holds for whatever else the project was
baked with.
"""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from posts.models import Post

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]
AUTH = os.environ["CORSCHECK_SUITE_AUTH"]  # the bake's `auth` answer
LOCAL = ["http://localhost:3000", "http://127.0.0.1:3000"]


@pytest.fixture(autouse=True)
def known_cors_settings(settings, monkeypatch):
    settings.CORS_ALLOWED_ORIGINS = LOCAL
    settings.CSRF_TRUSTED_ORIGINS = LOCAL  # config/settings.py keeps the two lists equal
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOW_CREDENTIALS = False
    settings.CORS_ALLOWED_ORIGIN_REGEXES = []
    # corscheck names where a setting came from; a value in .env would change that text.
    monkeypatch.delenv("CORS_ALLOWED_ORIGINS", raising=False)
    monkeypatch.delenv("CORS_ALLOW_ALL_ORIGINS", raising=False)


def corscheck(*args):
    """(exit status, output) of `manage.py corscheck ARGS`, in this process."""
    out = io.StringIO()
    try:
        call_command("corscheck", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def test_allowed_origin_names_the_entry_that_let_it_in():
    status, output = corscheck("http://localhost:3000")

    assert status == 0
    assert "Origin:  http://localhost:3000 " in output
    assert "  < Access-Control-Allow-Origin: http://localhost:3000\n" in output
    assert "ALLOWED: a page on http://localhost:3000 may read the response." in output
    assert (
        "Decided by: the CORS_ALLOWED_ORIGINS entry 'http://localhost:3000' "
        "(set in config/settings.py)." in output
    )
    assert "CORS_ALLOWED_ORIGINS=" not in output


@pytest.mark.parametrize(
    ("given", "change"),
    [
        ("http://localhost:3000/", "a trailing slash"),
        ("http://localhost:3000/posts/?page=2", "a path, query or fragment"),
        ("HTTP://LocalHost:3000", "upper case"),
        (" http://localhost:3000", "spaces around it"),
    ],
)
def test_origin_is_shown_as_a_browser_sends_it(given, change):
    status, output = corscheck(given)

    assert status == 0
    assert "Origin:  http://localhost:3000 " in output
    assert f"you gave {given!r}" in output
    assert change in output
    assert "  > Origin: http://localhost:3000\n" in output


def test_default_port_is_left_out_as_a_browser_does(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    status, output = corscheck("https://app.example.com:443")

    assert status == 0
    assert "Origin:  https://app.example.com " in output
    assert "the default port :443" in output


def test_allow_all_answers_with_a_star(settings):
    settings.CORS_ALLOW_ALL_ORIGINS = True

    status, output = corscheck("http://anything.example:8080")

    assert status == 0
    assert "  < Access-Control-Allow-Origin: *\n" in output
    assert "Decided by: CORS_ALLOW_ALL_ORIGINS = True (set in config/settings.py)" in output


def test_allow_all_from_the_environment_says_so(settings, monkeypatch):
    settings.CORS_ALLOW_ALL_ORIGINS = True
    monkeypatch.setenv("CORS_ALLOW_ALL_ORIGINS", "True")

    assert "(set in .env or the environment)" in corscheck("http://anything.example")[1]


def test_regex_names_the_pattern(settings):
    settings.CORS_ALLOWED_ORIGINS = []
    settings.CORS_ALLOWED_ORIGIN_REGEXES = [r"^https://[a-z0-9-]+\.example\.com$"]

    status, output = corscheck("https://app.example.com")

    assert status == 0
    assert (
        r"Decided by: the CORS_ALLOWED_ORIGIN_REGEXES pattern '^https://[a-z0-9-]+\\.example\\.com$'"
        in output
    )
    assert corscheck("https://example.com")[0] == 1


@pytest.mark.parametrize(
    ("origin", "allowed", "near_miss"),
    [
        ("http://localhost:4000", LOCAL, "is for port 3000, the page is on port 4000"),
        ("https://localhost:3000", LOCAL, "is http://, the page is https://"),
        ("http://[::1]:3000", LOCAL, "names localhost, the page is on [::1]"),
        ("http://localhost:3000", ["http://LOCALHOST:3000"], "but has upper case"),
        ("https://app.example.com", ["https://app.example.com:443"], "the default port :443"),
        ("http://localhost:3000", ["http://localhost:3000 "], "but has spaces around it"),
    ],
)
def test_blocked_origin_gets_its_near_misses_and_the_env_line(settings, origin, allowed, near_miss):
    settings.CORS_ALLOWED_ORIGINS = allowed

    status, output = corscheck(origin)

    assert status == 1
    assert "  < Access-Control-Allow-Origin: (missing)\n" in output
    assert "BLOCKED: the response has no Access-Control-Allow-Origin" in output
    assert f"Decided by: nothing lets {origin} in" in output
    near_misses = output.split("Near misses:\n")[1]
    assert f"  {allowed[0]!r} in CORS_ALLOWED_ORIGINS " in near_misses
    assert near_miss in near_misses
    env_line = next(line for line in output.splitlines() if "CORS_ALLOWED_ORIGINS=" in line)
    assert env_line.strip().split("=")[1].split(",")[-1] == origin


def test_env_line_keeps_the_list_and_adds_the_origin():
    output = corscheck("http://localhost:4000")[1]

    assert (
        "put this line in .env (or the server's environment) and restart the server:\n"
        "    CORS_ALLOWED_ORIGINS=http://localhost:3000,http://127.0.0.1:3000,http://localhost:4000\n"
    ) in output


def test_env_line_repairs_entries_and_leaves_out_what_is_no_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = ["HTTP://LOCALHOST:3000/", "https://*.example.com"]

    output = corscheck("http://localhost:4000")[1]

    assert "    CORS_ALLOWED_ORIGINS=http://localhost:3000,http://localhost:4000\n" in output
    assert "left out, as they are no origins: 'https://*.example.com'" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["localhost:3000"],
            "has no scheme (http:// or https://). Did you mean http://localhost:3000?",
        ),
        (["example.com"], "Did you mean https://example.com?"),
        ([""], "is empty"),
        (["ftp://example.com"], "does not start with http:// or https://"),
        (["*"], "CORS_ALLOW_ALL_ORIGINS=True allows every origin"),
        (["https://*.example.com"], "wildcard host"),
        (["http://localhost:99999"], "not a valid URL"),
        (["http://local host"], "space"),
        (["http://localhost:3000", "--method", "GE T"], "is not an HTTP method"),
        (["http://localhost:3000", "--method", "TRACE"], "never lets a page send it"),
        (["http://localhost:3000", "--header", "x y"], "is not a header name"),
        (["http://localhost:3000", "--header", "cookie"], "a page cannot set it"),
        (["http://localhost:3000", "--header", "Set-Cookie"], "a page cannot set it"),
        (["http://localhost:3000", "--header", "sec-fetch-mode"], "a page cannot set it"),
        (["http://localhost:3000", "--path", "api/posts/"], "is not a path"),
        (["http://localhost:3000", "--api", "localhost:8000/"], "is not the API's address"),
    ],
)
def test_bad_input_exits_2_with_the_reason(args, message):
    status, output = corscheck(*args)

    assert status == 2
    assert message in output


def test_credentials_need_allow_credentials(settings):
    status, output = corscheck("http://localhost:3000", "--credentials")

    assert status == 1
    assert "needs Access-Control-Allow-Credentials: true" in output
    assert "Decided by: CORS_ALLOW_CREDENTIALS = False" in output
    assert "Set CORS_ALLOW_CREDENTIALS = True in config/settings.py" in output

    settings.CORS_ALLOW_CREDENTIALS = True
    status, output = corscheck("http://localhost:3000", "--credentials")

    assert status == 0
    assert "  < Access-Control-Allow-Credentials: true\n" in output


def test_credentials_from_another_site_than_the_api_are_refused_with_the_fix(settings):
    """Chromium stores no cookie from an API on localhost for a page on 127.0.0.1: a session
    login then seems to work and nothing after it does, although CORS lets the page in."""
    settings.CORS_ALLOW_CREDENTIALS = True
    api = ("--api", "http://localhost:8000")

    status, output = corscheck("http://127.0.0.1:3000", "--credentials", *api)

    assert status == 1
    assert "  < Access-Control-Allow-Credentials: true\n" in output
    assert (
        "REFUSED: CORS lets a page on http://127.0.0.1:3000 read the response, but the page and "
        "the API (http://localhost:8000) are different sites, so the browser keeps no cookie"
    ) in output
    assert "localhost and 127.0.0.1 are different sites" in output
    assert "Open the page as http://localhost:3000, on the API's host" in output
    assert "or call the API on the page's host, as http://127.0.0.1:8000." in output

    assert corscheck("http://localhost:3000", "--credentials", *api)[0] == 0
    assert corscheck("http://127.0.0.1:3000", *api)[0] == 0  # no cookies, no cross-site trouble


# A Django view that Django's CSRF middleware guards in every project, whatever its API auth.
CSRF_GUARDED = "/admin/login/"


@pytest.fixture
def cors_on_every_path(settings):
    """CORS headers on the admin too (settings.py keeps them to /api/): a CSRF-guarded view that
    other origins can reach, in every bake."""
    settings.CORS_URLS_REGEX = r"^/.*$"


@pytest.mark.usefixtures("cors_on_every_path")
def test_credentials_and_an_unsafe_method_meet_the_csrf_check_without_the_token(settings):
    settings.CORS_ALLOW_CREDENTIALS = True
    args = ("http://localhost:3000", "--credentials", "--method", "POST", "--path", CSRF_GUARDED)

    status, output = corscheck(*args)

    assert status == 1
    assert "Request of a logged-in browser (a throwaway user, rolled back):" in output
    assert "  > x-csrftoken: (not sent)\n" in output
    assert "  < CSRF failure: CSRF token missing.\n" in output
    assert "REFUSED: CORS lets a page on http://localhost:3000 read the response, but" in output
    assert "Decided by: the x-csrftoken header, which the page does not send." in output
    assert "GET /api/auth/csrf/" in output

    status, output = corscheck(*args, "--header", "x-csrftoken")

    assert status == 0, output
    assert "ALLOWED: a page on http://localhost:3000 may read the response." in output
    assert not get_user_model().objects.exists()  # the throwaway user was rolled back


@pytest.mark.usefixtures("cors_on_every_path")
def test_an_origin_cors_lets_in_but_csrf_does_not_trust_is_named(settings):
    settings.CORS_ALLOW_CREDENTIALS = True
    settings.CORS_ALLOWED_ORIGIN_REGEXES = [r"^http://localhost:\d+$"]
    settings.CSRF_TRUSTED_ORIGINS = LOCAL

    status, output = corscheck(
        "http://localhost:4000", "--credentials", "--method", "POST", "--path", CSRF_GUARDED
    )

    assert status == 1
    assert "Origin checking failed - http://localhost:4000 does not match" in output
    assert "Decided by: CSRF_TRUSTED_ORIGINS, which lacks http://localhost:4000" in output
    assert f"    CORS_ALLOWED_ORIGINS={','.join(LOCAL)},http://localhost:4000\n" in output


@pytest.mark.usefixtures("cors_on_every_path")
def test_without_credentials_no_csrf_check_is_run(settings):
    output = corscheck("http://localhost:3000", "--method", "POST", "--path", CSRF_GUARDED)[1]

    assert "logged-in browser" not in output


def test_the_posts_api_and_a_logged_in_browser_without_the_token(settings):
    settings.CORS_ALLOW_CREDENTIALS = True

    status, output = corscheck(
        "http://localhost:3000", "--credentials", "--method", "POST", "--header", "content-type"
    )

    if AUTH == "session":
        # Session auth: the posts API applies Django's CSRF check to a logged-in session.
        assert status == 1
        assert "  < CSRF failure: CSRF token missing.\n" in output
    else:
        # Token or no auth: the API never reads the session cookie, so no CSRF check applies.
        assert status == 0, output
        assert "CSRF failure" not in output


def test_an_authorization_header_is_preflighted():
    status, output = corscheck(
        "http://localhost:3000", "--method", "POST", "--header", "authorization,content-type"
    )

    assert status == 0, output
    assert "(preflighted: the browser asks with OPTIONS first)" in output
    assert "  > Access-Control-Request-Headers: authorization,content-type\n" in output
    assert "authorization" in output.split("Access-Control-Allow-Headers: ")[1].split("\n")[0]


def test_simple_request_goes_without_preflight():
    output = corscheck("http://localhost:3000")[1]

    assert "(a simple request: no preflight)" in output
    assert "Preflight:" not in output
    assert "  > GET /api/posts/\n" in output


def test_json_post_is_preflighted_then_sent():
    status, output = corscheck(
        "http://localhost:3000", "--method", "post", "--header", "Content-Type"
    )

    assert status == 0
    preflight, request = output.split("Preflight:\n")[1].split("Request:\n")
    assert "  > OPTIONS /api/posts/\n" in preflight
    assert "  > Access-Control-Request-Method: POST\n" in preflight
    assert "  > Access-Control-Request-Headers: content-type\n" in preflight
    assert "POST" in preflight.split("Access-Control-Allow-Methods: ")[1].splitlines()[0]
    assert "  > POST /api/posts/\n" in request
    assert "  > content-type: application/json\n" in request


def test_blocked_preflight_stops_the_request():
    status, output = corscheck("http://localhost:4000", "--method", "PUT")

    assert status == 1
    assert "BLOCKED: the preflight's answer has no Access-Control-Allow-Origin" in output
    assert "Request: not sent" in output
    assert "  > PUT " not in output


def test_method_missing_from_allow_methods_is_blocked(settings):
    status, output = corscheck("http://localhost:3000", "--method", "PURGE")

    assert status == 1
    assert "BLOCKED: Access-Control-Allow-Methods does not list PURGE" in output
    assert "Decided by: CORS_ALLOW_METHODS, which lacks PURGE" in output
    assert 'CORS_ALLOW_METHODS = (*default_methods, "PURGE")' in output

    settings.CORS_ALLOW_METHODS = ["GET", "PURGE"]
    assert corscheck("http://localhost:3000", "--method", "PURGE")[0] == 0


def test_header_missing_from_allow_headers_is_blocked(settings):
    status, output = corscheck("http://localhost:3000", "--header", "x-api-key,accept")

    assert status == 1
    # accept is safelisted: the page may send it without asking.
    assert "  > Access-Control-Request-Headers: x-api-key\n" in output
    assert "BLOCKED: Access-Control-Allow-Headers does not list x-api-key" in output
    assert 'CORS_ALLOW_HEADERS = (*default_headers, "x-api-key")' in output

    settings.CORS_ALLOW_HEADERS = ["content-type", "x-api-key"]
    assert corscheck("http://localhost:3000", "--header", "x-api-key")[0] == 0


def test_unsafe_request_reaches_the_view_and_changes_nothing():
    post = Post.objects.create(title="Keep me")

    status, output = corscheck(
        "http://localhost:3000", "--method", "DELETE", "--path", f"/api/posts/{post.pk}/"
    )

    assert status == 0
    # Sent without logging in: unless anyone may write, the view refuses it, and CORS lets the
    # page read why.
    refused = {"none": "204 No Content", "token": "401 Unauthorized", "session": "403 Forbidden"}
    assert f"  < {refused[AUTH]}\n" in output
    assert Post.objects.filter(pk=post.pk).exists()


def test_works_whatever_allowed_hosts_holds(settings):
    settings.ALLOWED_HOSTS = [".api.example.com"]

    output = corscheck("http://localhost:3000")[1]

    assert "  < 200 OK\n" in output


def test_behind_an_ssl_redirect_it_asks_over_https(settings):
    settings.SECURE_SSL_REDIRECT = True

    output = corscheck("http://localhost:3000")[1]

    assert "  < 200 OK\n" in output


def test_path_outside_cors_urls_regex(settings):
    settings.CORS_URLS_REGEX = r"^/api/.*$"

    status, output = corscheck("http://localhost:3000", "--path", "/admin/login/")

    assert status == 1
    assert "adds no CORS headers to /admin/login/ for any origin" in output
    assert "CORS_ALLOWED_ORIGINS=" not in output


def test_page_opened_from_a_file_sends_null():
    status, output = corscheck("file:///home/me/client/index.html")

    assert status == 1
    assert "Origin:  null " in output
    assert "not from a file" in output
    assert "CORS_ALLOWED_ORIGINS=" not in output


def test_command_line_exits_2_for_bad_input_without_a_traceback():
    """A real `python manage.py corscheck` process (0 and 1 are run for real by the template's
    tests; the statuses themselves are checked in-process above)."""

    def run(*args, **environment):
        variables = {**os.environ, "DATABASE_URL": "sqlite://:memory:", **environment}
        return subprocess.run(
            [sys.executable, "manage.py", "corscheck", *args],
            cwd=PROJECT_DIR,
            env=variables,
            capture_output=True,
            text=True,
        )

    bad = run("localhost:3000")
    assert bad.returncode == 2
    assert "Did you mean http://localhost:3000?" in bad.stderr
    assert "Traceback" not in bad.stderr

    no_database = run("http://localhost:3000", DATABASE_URL="sqlite:////no/such/folder/db.sqlite3")
    assert no_database.returncode == 2
    assert "cannot open a transaction on the 'default' database" in no_database.stderr
    assert "Traceback" not in no_database.stderr


def test_the_env_line_of_a_blocked_origin_lets_it_in(settings, apply_environment):
    settings.CORS_ALLOWED_ORIGINS = ["http://localhost:3000"]
    status, output = corscheck("http://localhost:4000")
    assert status == 1

    env_line = next(line for line in output.splitlines() if "CORS_ALLOWED_ORIGINS=" in line)
    name, value = env_line.strip().split("=", 1)
    apply_environment(**{name: value})

    assert corscheck("http://localhost:4000")[0] == 0
    assert corscheck("http://localhost:3000")[0] == 0  # the origins already there stay


@pytest.mark.parametrize(
    ("entry", "error"), [("http://localhost:3000/", "E014"), ("localhost:3000", "E013")]
)
def test_an_origin_django_cors_headers_refuses_is_what_stops_the_server(settings, entry, error):
    """A trailing slash in .env: django-cors-headers lets the origin in, and runserver never
    starts (its system check). That, with the fix, is the answer; never ALLOWED."""
    settings.CORS_ALLOWED_ORIGINS = [entry, "http://127.0.0.1:3000"]

    status, output = corscheck("http://localhost:3000")

    assert status == 1, output
    assert "ALLOWED:" not in output
    assert f"STOPPED: the server does not start, so no page reaches it: corsheaders.{error}" in (
        output
    )
    assert "    CORS_ALLOWED_ORIGINS=http://localhost:3000,http://127.0.0.1:3000\n" in output
    if error == "E013":  # what it meant is named too
        assert "'localhost:3000' in CORS_ALLOWED_ORIGINS has no scheme" in output
