"""The answer rules themselves, as plain unit tests (the bakes test them again end to end)."""

from __future__ import annotations

import os
import zoneinfo
from pathlib import Path

import pytest

import answers
from answers import AnswerError, AnswerErrors

DEFAULTS = {
    "project_name": "My Blog API",
    "project_slug": "my_blog_api",
    "description": "",
    "author_name": "",
    "api_port": "8000",
    "client_port": "3000",
    "cors_allowed_origins": "http://localhost:3000,http://127.0.0.1:3000",
    "cors_allow_all_origins": "no",
    "auth": "token",
    "cors_allow_credentials": "no",
    "time_zone": "UTC",
    "language_code": "en-us",
    "database": "sqlite",
    "create_virtualenv": True,
}


def rejected(**changes) -> list[AnswerError]:
    with pytest.raises(AnswerErrors) as failure:
        answers.validate({**DEFAULTS, **changes})
    return failure.value.errors


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("http://localhost:3000", "http://localhost:3000"),
        ("  http://localhost:3000  ", "http://localhost:3000"),
        ("http://localhost:3000/", "http://localhost:3000"),
        ("HTTP://LOCALHOST:3000", "http://localhost:3000"),
        ("https://Example.COM", "https://example.com"),
        ("http://example.com:80", "http://example.com"),
        ("https://example.com:443", "https://example.com"),
        ("https://example.com:80", "https://example.com:80"),
        ("http://[::1]:3000", "http://[::1]:3000"),
        ("http://[2001:DB8::1]", "http://[2001:db8::1]"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        # A trailing dot is kept: example.com. is a host of its own (tests/test_origin_rules.py
        # holds every accepted form to ada-url and Chromium).
        ("http://example.com.", "http://example.com."),
    ],
)
def test_origin_is_normalised_to_what_a_browser_sends(given, normalised):
    assert answers.normalise_origin(given) == normalised


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("*", "cors_allow_all_origins"),
        ("localhost:3000", "no scheme"),
        ("example.com", "no scheme"),
        ("ftp://example.com", "http:// or https://"),
        ("http://example.com/api", "path"),
        ("http://example.com?x=1", "query"),
        ("http://example.com?", "query"),
        ("http://example.com#top", "fragment"),
        ("http://user:pw@example.com", "user info"),
        # The forms only a URL parser reads, and what no browser sends: one reason for all,
        # with the way to add such an origin after baking.
        ("http://0x7f.1:3000", "manage.py corscheck"),
        ("http://0x7f.1:3000", "dotted IPv4"),
        ("http://[::FFFF:127.0.0.1]:3000", "IPv6"),
        ("https://*.example.com", "wildcard host"),
        ("http://", "scheme://host[:port]"),
        ("http://exa mple.com", "scheme://host[:port]"),
        ("http://example.com:99999", "port from 1 to 65535"),
        ("http://example.com:0", "port from 1 to 65535"),
        ("http://-bad-.com", "letters in any script, digits, - and ."),
        ("http://under_score.com", "letters in any script, digits, - and ."),
        ("http://1.2.3.4.5", "dotted IPv4"),
        ("http://[::1", "IPv6"),
        ("http://xn--abc", "no typed xn--"),
        ("null", "opaque origin"),
        ("file:///home/me/index.html", "file://"),
    ],
)
def test_origin_that_is_not_one_is_rejected(given, reason):
    with pytest.raises(AnswerError, match=None) as failure:
        answers.normalise_origin(given)
    assert reason in failure.value.reason
    assert failure.value.prompt == "cors_allowed_origins"
    assert failure.value.example


def test_null_is_refused_with_what_it_would_let_in():
    with pytest.raises(AnswerError) as failure:
        answers.normalise_origin("null")

    assert "sandboxed iframes" in failure.value.reason
    assert "every such page" in failure.value.reason
    assert failure.value.example == "http://localhost:3000"


def test_origins_lose_empty_items_and_duplicates_and_keep_order():
    given = " ,https://b.example, HTTPS://B.EXAMPLE/,http://a.example,,"
    assert answers.normalise_origins(given) == ("https://b.example", "http://a.example")


def test_error_line_names_the_prompt_the_value_and_a_good_example():
    error = rejected(cors_allowed_origins="localhost:3000")[0]
    line = str(error)
    assert line.startswith("cors_allowed_origins: 'localhost:3000' ")
    assert "http://localhost:3000" in line
    assert "\n" not in line


def test_every_bad_answer_is_reported_at_once():
    errors = rejected(api_port="0", time_zone="Mars/Base", project_slug="class")
    assert [error.prompt for error in errors] == ["project_slug", "api_port", "time_zone"]


def test_no_origin_without_allow_all_is_rejected():
    assert [e.prompt for e in rejected(cors_allowed_origins=" , ")] == ["cors_allowed_origins"]


def test_no_origin_with_allow_all_is_fine():
    result = answers.validate(
        {**DEFAULTS, "cors_allowed_origins": "", "cors_allow_all_origins": True}
    )
    assert result.cors_allowed_origins == ()
    assert result.cors_allow_all_origins is True


def test_allow_all_with_credentials_is_refused_with_the_reason():
    errors = rejected(cors_allow_all_origins=True, cors_allow_credentials=True)
    assert [error.prompt for error in errors] == ["cors_allow_credentials"]
    assert "any origin" in errors[0].reason and "logged-in" in errors[0].reason


@pytest.mark.parametrize("slug", ["my_api", "blog2", "a", "a" * 64])
def test_good_slug(slug):
    assert answers.check_slug(slug) == slug


@pytest.mark.parametrize(
    "slug",
    [
        "",
        "My_API",
        "2fast",
        "_private",
        "my-api",
        "my api",
        "a/b",
        "../x",
        "class",
        "match",
        "django",
        "test",
        "json",
        "rest_framework",
        "corsheaders",
        "corscheck",
        "config",
        "posts",
        "tests",
        "idna",
        "abc\n",
        "ａｂｃ",
        "a" * 65,
        "{{ cookiecutter.project_name }}",
    ],
)
def test_bad_slug(slug):
    with pytest.raises(AnswerError) as failure:
        answers.check_slug(slug)
    assert failure.value.prompt == "project_slug"


def test_every_package_of_the_baked_project_is_protected():
    project = Path(__file__).resolve().parent.parent / "{{cookiecutter.project_slug}}"
    packages = {path.parent.name for path in project.glob("*/__init__.py")}
    assert packages
    assert packages <= answers.PROJECT_PACKAGES


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("My Blog API", "my_blog_api"),
        ('Bob\'s "API"', "bobs_api"),
        ("Café Menü", "cafe_menu"),
        ("2048 Game", "project_2048_game"),
        ("!!!", "project"),
        ("x" * 80, "x" * 64),
        ("a" * 63 + " b", "a" * 63),
        # Hangul romanised as python-slugify does, not dropped: "api" alone would shadow the
        # project's own package, and "내 블로그" was once just "project".
        ("내 블로그 API", "nae_beulrogeu_api"),
        ("내 블로그", "nae_beulrogeu"),
        ("블로그", "beulrogeu"),
        # Names whose plain slug the slug prompt refuses get a suffix instead.
        ("API", "api_project"),
        ("Class", "class_project"),
        ("JSON", "json_project"),
        ("x" * 64 + " api", "x" * 64),
    ],
)
def test_slug_from_name(name, slug):
    assert answers.slug_from_name(name) == slug


@pytest.mark.parametrize(
    "name", ["내 블로그 API", "API", "Test", "Django", "async", "日本語", "ß" * 80]
)
def test_the_slug_derived_from_any_name_is_one_the_slug_prompt_accepts(name):
    slug = answers.slug_from_name(name)
    assert answers.check_slug(slug) == slug


@pytest.mark.parametrize(
    "port", ["0", "65536", "-1", "80a", "", "８０", "1e3", "²", "٣", "0" * 4301 + "1", "{{ 80 }}"]
)
def test_bad_port(port):
    with pytest.raises(AnswerError):
        answers.check_port("api_port", port)


def test_port_with_leading_zeros_is_a_port():
    assert answers.check_port("api_port", " 08000 ") == 8000


def test_ports_must_differ():
    errors = rejected(api_port="8000", client_port=" 8000 ")
    assert [error.prompt for error in errors] == ["client_port"]


@pytest.mark.parametrize("text", ["a\nb", "tab\there", "zero\u200bwidth", "{{ 7*7 }}", "x" * 81])
def test_bad_project_name(text):
    with pytest.raises(AnswerError):
        answers.clean_text("project_name", text)


def test_empty_project_name_is_rejected_but_empty_description_is_fine():
    assert [e.prompt for e in rejected(project_name="  ")] == ["project_name"]
    assert answers.validate({**DEFAULTS, "description": ""}).description == ""


@pytest.mark.parametrize("zone", ["UTC", "Asia/Seoul", "America/Argentina/Buenos_Aires"])
def test_good_time_zone(zone):
    assert answers.check_time_zone(zone) == zone


@pytest.mark.parametrize(
    "zone",
    ["Mars/Base", "", "../../etc/passwd", "/etc/localtime", "utc", "Europe", "Europe//Berlin"]
    # Files of the tz database that available_timezones() leaves out, as this check must.
    + ["posix/Europe/Berlin", "right/UTC", "posixrules", "zone.tab", "tzdata.zi"],
)
def test_bad_time_zone(zone):
    with pytest.raises(AnswerError):
        answers.check_time_zone(zone)


def test_time_zone_check_says_what_the_walk_of_the_tz_database_says():
    """is_time_zone(name) is `name in zoneinfo.available_timezones()` without the walk: for
    every name the walk finds and every file path of the database on this machine."""
    names = zoneinfo.available_timezones()
    assert names, "no tz database on this machine"
    paths = {
        str(path.relative_to(root)).replace(os.sep, "/")
        for root in map(Path, zoneinfo.TZPATH)
        if root.is_dir()
        for path in root.rglob("*")
    }
    assert {name for name in names | paths if answers.is_time_zone(name)} == names


@pytest.mark.parametrize(
    ("code", "normalised"),
    [
        ("en-us", "en-us"),
        ("ko", "ko"),
        ("pt-BR", "pt-br"),
        ("zh-hans", "zh-hans"),
        ("de-at", "de-at"),
    ],
)
def test_good_language_code(code, normalised):
    assert answers.check_language_code(code) == normalised


@pytest.mark.parametrize("code", ["", "xx", "english", "en_US", "en-", "qq-zz"])
def test_bad_language_code(code):
    with pytest.raises(AnswerError):
        answers.check_language_code(code)


def test_vendored_language_list_matches_django():
    from django.conf import global_settings

    assert {code for code, _ in global_settings.LANGUAGES} == answers.DJANGO_LANGUAGES


@pytest.mark.parametrize(("text", "value"), [("yes", True), ("No", False), (True, True)])
def test_boolean(text, value):
    assert answers.check_boolean("cors_allow_all_origins", text) is value


@pytest.mark.parametrize("prompt", list(DEFAULTS))
def test_template_syntax_is_named_as_such_for_every_prompt(prompt):
    """cookiecutter renders `key=value` answers; this template takes them as given, and says so."""
    errors = rejected(**{prompt: "{{ 7*7 }}"})
    assert [(error.prompt, error.value) for error in errors] == [(prompt, "{{ 7*7 }}")]
    assert errors[0].reason.startswith("contains template syntax")
    assert "{%" in errors[0].reason and "not rendered" in errors[0].reason


def test_bad_boolean():
    with pytest.raises(AnswerError):
        answers.check_boolean("cors_allow_all_origins", "maybe")


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_database_choice(database):
    assert answers.validate({**DEFAULTS, "database": database}).database == database


@pytest.mark.parametrize("database", ["mysql", "PostgreSQL", " sqlite", "", None])
def test_database_outside_the_choices_is_rejected(database):
    errors = rejected(database=database)
    assert [error.prompt for error in errors] == ["database"]
    assert "sqlite, postgresql" in errors[0].reason


def test_database_prompt_offers_exactly_the_choices():
    import json
    from pathlib import Path

    context = json.loads((Path(__file__).parent.parent / "cookiecutter.json").read_text())
    assert context["database"] == list(answers.DATABASES)  # a menu, the first the default
    prompt = context["__prompts__"]["database"]
    assert [name for name in answers.DATABASES if name in prompt] == list(answers.DATABASES)


def test_create_virtualenv_is_a_yes_or_no():
    assert answers.validate({**DEFAULTS, "create_virtualenv": "no"}).create_virtualenv is False
    errors = rejected(create_virtualenv="later")
    assert [(error.prompt, error.reason) for error in errors] == [
        ("create_virtualenv", "is not yes or no")
    ]


@pytest.mark.parametrize(
    ("changes", "port"),
    [
        ({}, 4000),
        ({"client_port": "4000"}, 4001),
        ({"api_port": "4000", "client_port": "4001"}, 4002),
        ({"cors_allowed_origins": "http://127.0.0.1:4000,http://localhost:4001"}, 4002),
        ({"cors_allowed_origins": "https://localhost:4000"}, 4000),  # https: still blocked
    ],
)
def test_blocked_demo_port_is_allowed_nowhere(changes, port):
    assert answers.blocked_demo_port(answers.validate({**DEFAULTS, **changes})) == port


@pytest.mark.parametrize("auth", ["token", "session", "none"])
def test_auth_choice(auth):
    chosen = answers.validate({**DEFAULTS, "auth": auth, "cors_allow_credentials": "yes"})
    assert chosen.auth == auth


@pytest.mark.parametrize("auth", ["jwt", "Token", " session", "", None])
def test_auth_outside_the_choices_is_rejected(auth):
    errors = rejected(auth=auth)
    assert [error.prompt for error in errors] == ["auth"]
    assert "token, session, none" in errors[0].reason


def test_session_without_credentials_is_refused_with_the_reason():
    errors = rejected(auth="session", cors_allow_credentials="no")
    assert [error.prompt for error in errors] == ["cors_allow_credentials"]
    assert "auth=session" in errors[0].reason
    assert errors[0].example.startswith("yes")


@pytest.mark.parametrize("auth", ["token", "none"])
def test_token_and_none_take_either_credentials_answer(auth):
    for credentials in ("yes", "no"):
        answers.validate({**DEFAULTS, "auth": auth, "cors_allow_credentials": credentials})


def test_auth_is_asked_before_credentials_whose_default_follows_it():
    import json

    context = json.loads((Path(__file__).parent.parent / "cookiecutter.json").read_text())
    keys = list(context)
    assert keys.index("auth") < keys.index("cors_allow_credentials")
    assert context["auth"][0] == answers.AUTH_SCHEMES[0] == "token"
    prompt = context["__prompts__"]["auth"]
    assert [name for name in answers.AUTH_SCHEMES if name in prompt] == list(answers.AUTH_SCHEMES)
    from jinja2 import Template

    default = Template(context["cors_allow_credentials"])
    rendered = {auth: default.render(cookiecutter={"auth": auth}) for auth in answers.AUTH_SCHEMES}
    assert rendered == {"token": "no", "session": "yes", "none": "no"}


def test_errors_are_listed_in_the_order_the_prompts_are_asked():
    errors = rejected(language_code="klingon", api_port="0", project_slug="class", client_port="x")
    assert [error.prompt for error in errors] == [
        "project_slug",
        "api_port",
        "client_port",
        "language_code",
    ]


def test_a_cross_check_error_stands_at_its_own_prompt():
    errors = rejected(time_zone="Mars/Base", client_port="8000", project_name=" ")
    assert [error.prompt for error in errors] == ["project_name", "client_port", "time_zone"]


# The answers of today's template: a `client` answer, and cors_allowed_origins for the others.
WITH_CLIENT = {**DEFAULTS, "client": "static", "cors_allowed_origins": "", "_answers_version": "2"}


def test_the_bundled_clients_origins_are_always_allowed_before_the_other_ones():
    result = answers.validate({**WITH_CLIENT, "cors_allowed_origins": "http://localhost:5173"})
    assert result.cors_allowed_origins == (
        "http://localhost:3000",
        "http://127.0.0.1:3000",
        "http://localhost:5173",
    )


def test_the_vue_clients_origins_follow_its_port():
    result = answers.validate({**WITH_CLIENT, "client": "vue", "client_port": "5173"})
    assert (result.client, result.client_port) == ("vue", 5173)
    assert result.cors_allowed_origins == ("http://localhost:5173", "http://127.0.0.1:5173")


def test_answers_from_before_the_client_prompt_keep_their_whole_list():
    """A replay file of the template before `client`: the list it baked, client origins or not."""
    legacy = {**DEFAULTS, "cors_allowed_origins": "http://localhost:5173"}
    result = answers.validate(legacy)
    assert result.client == "static"
    # Replayed, cookiecutter asks only the prompts the file lacks: `client`, answered static.
    assert answers.validate({**legacy, "client": "static"}) == result
    assert result.cors_allowed_origins == ("http://localhost:5173",)


def test_allow_all_adds_no_origins():
    result = answers.validate({**WITH_CLIENT, "cors_allow_all_origins": "yes"})
    assert result.cors_allowed_origins == ()


@pytest.mark.parametrize("value", ["Vue", "react", " vue", "{{ 'vue' }}"])
def test_a_client_not_listed_is_refused_by_name(value):
    errors = rejected(client=value)
    assert [error.prompt for error in errors] == ["client"]
    assert "A good value: vue" in str(errors[0])


def test_answers_from_before_the_client_prompt_cannot_choose_vue():
    errors = rejected(client="vue", client_port="5173")
    assert [error.prompt for error in errors] == ["client"]
    assert "before the client prompt" in str(errors[0])
