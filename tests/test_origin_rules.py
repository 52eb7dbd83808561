"""The origins the template bakes, held to the baked project's own rule and to a real Chromium.

The rule is config/origins.py's `judge()`, on ada-url; cookiecutter's Python has no ada-url, so
answers.py takes only the forms it can be sure of without a URL parser. These tests hold that
subset to `judge()` (whatever an answer becomes is what judge() gives for it, and an origin judge()
leaves as it is) and the case table, tests/corscheck_suite/origin_cases.py, to Chromium's
`new URL(address).origin`, which is the `Origin` header Chromium sends from such a page.
"""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import skip_unless_ci
from hypothesis import given
from hypothesis import strategies as st

import answers

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
GENERATED = TEMPLATE_DIR / "{{cookiecutter.project_slug}}"
CASES = runpy.run_path(str(TEMPLATE_DIR / "tests/corscheck_suite/origin_cases.py"))
SENT, NO_URL, REFUSED_ON_PURPOSE = CASES["SENT"], CASES["NO_URL"], CASES["REFUSED_ON_PURPOSE"]
CHROMIUM_ORIGINS = Path(__file__).resolve().parent / "chromium_origins.py"
# Text an answer may hold besides the table's: the forms people type, right and wrong.
TYPED = [
    "http://localhost:3000",
    "HTTP://LOCALHOST:3000/",
    "https://Example.COM:443",
    "http://example.com.",
    "http://[2001:DB8:0:0:1:0:0:1]",
    "http://[2001:db8::1:0:0:1]",
    "http://[::ffff:7f00:1]",
    "http://10.0.0.1:8080",
    "http://010.0.0.1",
    "http://a--b.example",
    "http://xn--bcher-kva.example",
    "https://app.example.com:08443",
    # Hosts in other scripts, which Chromium sends as IDNA (UTS #46, non-transitional) makes them.
    "https://faß.de",
    "https://한국.kr",
    "HTTPS://FAß.DE:443/",
    "http://블로그.한국:5173",
    "https://bücher.example.",
    "http://１２７.0.0.1:3000",
    "https://ａｐｐ.example.com",
    "https://a_b.한국",
]


def judge(text: str):
    """The baked project's judge, imported as the project imports it (config/origins.py has
    no template syntax), without writing bytecode into the template."""
    sys.dont_write_bytecode, before = True, sys.dont_write_bytecode
    sys.path.insert(0, str(GENERATED))
    try:
        from corscheck.origins import judge as project_judge
    finally:
        sys.path.remove(str(GENERATED))
        sys.dont_write_bytecode = before
    return project_judge(text)


def answered(text: str) -> str | None:
    try:
        return answers.normalise_origin(text)
    except answers.AnswerError:
        return None


@pytest.mark.parametrize("text", [row[0] for row in SENT + NO_URL + REFUSED_ON_PURPOSE] + TYPED)
def test_an_answer_becomes_the_origin_the_project_judges_it_to_be_or_is_refused(text):
    baked = answered(text)
    if baked is not None:
        assert judge(text).origin == baked
        assert judge(baked).reason == "", judge(baked).reason


# Origin-shaped text from the characters that make hosts and ports tricky.
HOST_CHARS = st.sampled_from(
    list("abcxnAZ019-_.:[]%@/\\ ßü한국。１") + ["xn--", "0x", "::", "ffff"]
)
ORIGIN_LIKE = st.builds(
    lambda scheme, host, port: f"{scheme}://{host}{port}",
    st.sampled_from(["http", "https", "HTTP", "ftp"]),
    st.lists(HOST_CHARS, min_size=1, max_size=8).map("".join),
    st.sampled_from(["", ":80", ":443", ":0", ":8080", ":065535", ":65536", "/", "/x"]),
)


@given(ORIGIN_LIKE)
def test_whatever_an_answer_becomes_is_what_the_project_judges_it_to_be(text):
    baked = answered(text)
    if baked is not None:
        assert judge(text).origin == baked
        assert judge(baked).reason == ""


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("https://faß.de", "https://xn--fa-hia.de"),  # not fass.de: UTS #46, non-transitional
        ("https://한국.kr", "https://xn--3e0b707e.kr"),
        ("http://블로그.한국:5173/", "http://xn--2i0b10rqve.xn--3e0b707e:5173"),
    ],
)
def test_a_host_in_another_script_is_baked_as_the_browser_sends_it(text, origin):
    assert answers.normalise_origin(text) == origin == judge(text).origin


def test_a_form_only_a_url_parser_reads_is_refused_with_the_way_to_add_it():
    with pytest.raises(answers.AnswerError) as failure:
        answers.normalise_origin("http://0x7f.1:3000")

    assert judge("http://0x7f.1:3000").origin == "http://127.0.0.1:3000"
    assert "CORS_ALLOWED_ORIGINS in .env after baking" in failure.value.reason
    assert "python manage.py corscheck ADDRESS" in failure.value.reason


@pytest.mark.browser
def test_chromium_sends_the_origins_the_rules_give(generated_python):
    """The table in origin_cases.py, asked of Chromium: the `Origin` header it sends from a page
    at each address is its `new URL(address).origin`."""
    addresses = [row[0] for row in SENT + NO_URL + REFUSED_ON_PURPOSE]
    result = subprocess.run(
        [str(generated_python), str(CHROMIUM_ORIGINS)],
        input=json.dumps(addresses + TYPED),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode == 3:
        skip_unless_ci("the Chromium origin table", result.stderr.strip())
    assert result.returncode == 0, result.stderr
    chromium = dict(zip(addresses + TYPED, json.loads(result.stdout), strict=True))

    expected = {
        **dict(SENT),
        **{given: None for given, _ in NO_URL},
        **{given: origin for given, _, origin in REFUSED_ON_PURPOSE},
        # Whatever the answers accept of the typed forms, Chromium sends that.
        **{text: answered(text) for text in TYPED if answered(text) is not None},
    }
    differences = [
        f"{given!r}: Chromium {chromium[given]!r}, the table {origin!r}"
        for given, origin in expected.items()
        if chromium[given] != origin
    ]
    assert differences == [], "; ".join(differences)
