"""The origin rule in config/origins.py, and the system check built on it."""

import pytest
from django.conf import settings as project_settings
from django.core.checks import run_checks

from corscheck.checks import check_allowed_origins
from corscheck.origins import allowing, cross_site, judge, near_miss, on_host_of
from corscheck.tests.origin_cases import NO_URL, REFUSED_ON_PURPOSE, SENT


@pytest.mark.parametrize(
    ("given", "origin", "changes"),
    [
        ("http://localhost:3000", "http://localhost:3000", []),
        ("https://example.com", "https://example.com", []),
        ("http://[::1]:3000", "http://[::1]:3000", []),
        ("http://localhost:3000/", "http://localhost:3000", ["trailing slash"]),
        ("http://localhost:3000/posts/3?x=1#top", "http://localhost:3000", ["path"]),
        ("HTTP://LocalHost:3000", "http://localhost:3000", ["upper case"]),
        ("http://example.com:80", "http://example.com", ["default port :80"]),
        ("https://example.com:443", "https://example.com", ["default port :443"]),
        ("https://example.com:80", "https://example.com:80", []),
        (" http://localhost:3000 ", "http://localhost:3000", ["spaces"]),
        ("http://user@localhost:3000", "http://localhost:3000", ["user info"]),
        ("https://bücher.example", "https://xn--bcher-kva.example", ["xn--"]),
        ("http://[2001:DB8::1]", "http://[2001:db8::1]", ["upper case"]),
        ("null", "null", []),
        ("file:///home/me/index.html", "null", ["file://"]),
    ],
)
def test_judge_gives_the_origin_a_browser_sends(given, origin, changes):
    judged = judge(given)

    assert judged.origin == origin
    assert judged.refusal == ""
    assert len(judged.changes) == len(changes)
    for change, expected in zip(judged.changes, changes, strict=True):
        assert expected in change


@pytest.mark.parametrize(
    ("given", "reason", "did_you_mean"),
    [
        ("", "is empty", None),
        ("localhost:3000", "has no scheme", "http://localhost:3000"),
        ("127.0.0.1:8080/", "has no scheme", "http://127.0.0.1:8080"),
        ("app.example.com", "has no scheme", "https://app.example.com"),
        ("*", "wildcard", None),
        ("https://*.example.com", "wildcard host", None),
        ("ftp://example.com", "http:// or https://", None),
        ("http://", "has no host", None),
        ("http://exa mple.com", "space", None),
        ("http://example.com:0", "port 0", None),
        ("http://example.com:70000", "not a valid URL", None),
        ("http://-bad-.com", "not valid", None),
    ],
)
def test_judge_refuses_what_no_page_has(given, reason, did_you_mean):
    judged = judge(given)

    assert judged.origin is None
    assert reason in judged.reason
    assert judged.fix == did_you_mean


@pytest.mark.parametrize(("given", "origin"), SENT)
def test_judge_gives_the_origin_chromium_sends(given, origin):
    assert judge(given).origin == origin


@pytest.mark.parametrize(
    ("given", "reason"), NO_URL + [(given, reason) for given, reason, _ in REFUSED_ON_PURPOSE]
)
def test_judge_refuses_the_tricky_ones_with_the_reason(given, reason):
    judged = judge(given)

    assert judged.origin is None
    assert reason in judged.reason


@pytest.mark.parametrize(
    ("given", "change"),
    [
        ("http://0x7f.1:3000", "written differently"),
        ("http://[0:0:0:0:0:0:0:1]", "written differently"),
        ("http://ex%61mple.com", "written differently"),
        ("http:example.com", "other than //"),
        ("http://example.com:", "writes differently"),
    ],
)
def test_judge_names_each_change(given, change):
    (found,) = judge(given).changes
    assert change in found
    assert judge(given).fix == judge(given).origin


PAGE = "http://localhost:3000"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("http://localhost:3000", None),
        ("http://localhost:3000/", "trailing slash; write it as http://localhost:3000"),
        ("http://LOCALHOST:3000", "upper case"),
        ("http://localhost:3000 ", "spaces around it"),
        ("localhost:3000", "has no scheme; write it as http://localhost:3000"),
        ("https://localhost:3000", "is https://, the page is http://"),
        ("http://127.0.0.1:3000", "names 127.0.0.1, the page is on localhost"),
        ("http://[::1]:3000", "names [::1], the page is on localhost"),
        ("http://localhost:4000", "is for port 4000, the page is on port 3000"),
        ("http://127.0.0.1:4000", None),  # two differences: not a near miss
        ("https://example.com", None),
        ("*", None),
    ],
)
def test_near_miss(entry, expected):
    miss = near_miss(PAGE, entry)

    if expected is None:
        assert miss is None
    else:
        assert expected in miss


def test_http_and_https_on_their_default_ports_are_a_near_miss():
    assert "the scheme" in near_miss("https://example.com", "http://example.com")


def test_allowing_repairs_entries_and_adds_the_origin():
    kept, left_out = allowing(
        ["HTTP://LOCALHOST:3000/", "localhost:5000", "http://localhost:3000", "*"],
        "http://localhost:4000",
    )

    assert kept == ["http://localhost:3000", "http://localhost:5000", "http://localhost:4000"]
    assert left_out == ["*"]


@pytest.mark.parametrize(
    ("entry", "problem", "hint"),
    [
        ("HTTP://LOCALHOST:3000", "upper case", "Write it as http://localhost:3000"),
        ("https://app.example.com:443", "default port :443", "Write it as https://app.example.com"),
        ("http://localhost:3000/", "trailing slash", "Write it as http://localhost:3000"),
        ("http://localhost:3000/app", "path", "Write it as http://localhost:3000"),
        (" http://localhost:3000", "spaces around it", "Write it as http://localhost:3000"),
        ("localhost:3000", "no scheme", "Write it as http://localhost:3000"),
        ("https://*.example.com", "wildcard host", "scheme://host[:port]"),
        ("https://faß.de", "xn-- form", "Write it as https://xn--fa-hia.de"),
        ("http://0x7f.1:3000", "written differently", "Write it as http://127.0.0.1:3000"),
    ],
)
def test_system_check_warns_about_entries_a_browser_never_sends(settings, entry, problem, hint):
    settings.CORS_ALLOWED_ORIGINS = ["http://127.0.0.1:3000", entry]

    warnings = check_allowed_origins()

    assert [warning.id for warning in warnings] == ["corscheck.W001"]
    assert repr(entry) in warnings[0].msg
    assert problem in warnings[0].msg
    assert hint in warnings[0].hint


def test_system_check_warns_about_an_extra_csrf_origin_too(settings):
    settings.CSRF_EXTRA_TRUSTED_ORIGINS = ["http://localhost:8080/"]

    warnings = check_allowed_origins()

    assert [(warning.id, warning.obj) for warning in warnings] == [
        ("corscheck.W001", "CSRF_EXTRA_TRUSTED_ORIGINS")
    ]
    assert "trailing slash" in warnings[0].msg


def test_system_check_says_where_the_value_came_from(settings, monkeypatch):
    settings.CORS_ALLOWED_ORIGINS = ["HTTP://LOCALHOST:3000"]

    monkeypatch.delenv("CORS_ALLOWED_ORIGINS", raising=False)
    assert "(set in config/settings.py)" in check_allowed_origins()[0].msg
    monkeypatch.setenv("CORS_ALLOWED_ORIGINS", "HTTP://LOCALHOST:3000")
    assert "(set in .env or the environment)" in check_allowed_origins()[0].msg


@pytest.mark.parametrize(
    "origins",
    [["http://localhost:3000", "https://example.com:8443", "null", "file://"], [], "not a list"],
)
def test_system_check_is_quiet_about_good_entries(settings, origins):
    settings.CORS_ALLOWED_ORIGINS = origins

    assert check_allowed_origins() == []


def test_system_check_is_registered(settings):
    settings.CORS_ALLOWED_ORIGINS = ["http://localhost:3000"]
    assert "corscheck.W001" not in {message.id for message in run_checks()}

    settings.CORS_ALLOWED_ORIGINS = ["http://LOCALHOST:3000"]
    assert "corscheck.W001" in {message.id for message in run_checks()}


def test_this_projects_origins_pass_the_system_check():
    assert check_allowed_origins() == []
    assert all(judge(entry).reason == "" for entry in project_settings.CORS_ALLOWED_ORIGINS)


@pytest.mark.parametrize(
    ("page", "api", "cross"),
    [
        ("http://127.0.0.1:5173", "http://localhost:8000", True),
        ("http://localhost:5173", "http://127.0.0.1:8000", True),
        ("http://[::1]:5173", "http://localhost:8000", True),
        ("https://localhost:5173", "http://localhost:8000", True),
        ("http://localhost:5173", "http://localhost:8000", False),  # cookies ignore ports
        ("https://app.example.com", "https://api.example.com", False),  # one site
        ("https://a.example.com", "https://b.example.org", False),  # unknown without the PSL
    ],
)
def test_cross_site_is_said_only_where_it_is_sure(page, api, cross):
    assert cross_site(page, api) is cross


def test_on_host_of_moves_an_origin_to_another_host_and_keeps_its_port():
    assert on_host_of("http://127.0.0.1:5173", "http://localhost:8000") == "http://localhost:5173"
