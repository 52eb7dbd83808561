"""The generated client, checked statically and then for real: bake, and run each baked project's
own browser tests (the probe page's tests/test_browser_cors.py, the bundled client's
tests/test_browser.py) in a real Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import NO_BROWSER, read_junit

# Each bake, by the answers given. The generated browser tests hold for any answers (they set
# what they need as a user's .env would), and every one of them must pass in every bake.
BROWSER_BAKES = {
    "allow-list": {"cors_allowed_origins": "http://localhost:3000,https://app.example.com"},
    "allow-all": {"cors_allow_all_origins": "yes", "cors_allowed_origins": ""},
    "credentials": {
        "cors_allow_credentials": "yes",
        "cors_allowed_origins": "https://app.example.com",
    },
    # The other auth schemes (the bakes above log in with a token, the default).
    "session": {"auth": "session"},
    "no-auth": {"auth": "none"},
    # The Vue client (tests/test_vue_client.py in the bake), with each auth answer.
    "vue-token": {"client": "vue"},
    "vue-session": {"client": "vue", "auth": "session"},
    "vue-none": {"client": "vue", "auth": "none"},
    # Text that breaks out of a quoted literal, or is HTML, must reach the page as plain text.
    "hostile-project-name": {
        "project_name": 'Bob\'s "API" \\ </script><b>x</b> ${y}',
        "project_slug": "bobs_api",
    },
}
# Where a baked client must not put data into the page as markup.
HTML_SINKS = re.compile(r"\binnerHTML\b|\bouterHTML\b|\binsertAdjacentHTML\b|document\.write")
# The generated suite skips, rather than fails, on a machine without a browser (outside CI).


def bake_param(name):
    return pytest.param(name, marks=pytest.mark.xdist_group(f"browser-{name}"), id=name)


@pytest.fixture
def project(bake, request) -> Path:
    return bake(**BROWSER_BAKES[request.param])


def config_values(project: Path) -> dict[str, object]:
    """`export const NAME = <literal>;` lines of client/config.js, each literal read as JSON."""
    source = (project / "client/config.js").read_text(encoding="utf-8")
    found = re.findall(r"^export const (\w+) = (.*);$", source, re.MULTILINE)
    return {name: json.loads(literal) for name, literal in found}


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {},
            {
                "API_BASE_URL": "http://localhost:8000",
                "SEND_CREDENTIALS": False,
                "AUTH": "token",
                "PROJECT_NAME": "My Blog API",
            },
        ),
        (
            {"api_port": " 9000 ", "auth": "session", "project_name": 'a"b</x>'},
            {
                "API_BASE_URL": "http://localhost:9000",
                "SEND_CREDENTIALS": True,
                "AUTH": "session",
                "PROJECT_NAME": 'a"b</x>',
            },
        ),
    ],
)
def test_client_config_holds_the_answers_as_literals(bake, answers, expected):
    assert config_values(bake(**answers)) == expected


def test_client_puts_no_data_into_the_page_as_html(bake):
    client = bake() / "client"
    sinks = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(client.glob("*.js"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HTML_SINKS.search(line)
    ]
    assert sinks == []


def test_vue_client_puts_no_data_into_the_page_as_html(bake):
    client = bake(client="vue") / "client" / "src"
    sinks = [
        f"{path.relative_to(client)}:{number}: {line.strip()}"
        for path in sorted(client.rglob("*"))
        if path.suffix in {".js", ".vue"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HTML_SINKS.search(line) or "v-html" in line
    ]
    assert sinks == []


def test_vue_client_pins_exact_versions_and_vite_8_3_8(bake):
    package = json.loads((bake(client="vue") / "client" / "package.json").read_text())
    pins = {**package["dependencies"], **package["devDependencies"]}
    assert pins["vite"] == "8.3.8"  # 8.4.0 makes `npm ci` refuse the lock here
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in pins.values()), pins


def test_client_has_no_build_step(bake):
    client = bake() / "client"
    assert (client / "index.html").is_file()
    assert not any(client.glob("package*.json"))
    # Every module the page loads is a file in the folder, by relative URL.
    html = (client / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script type="module" src="([^"]+)"', html)
    imports = {
        target
        for path in client.glob("*.js")
        for target in re.findall(r'from "(\./[^"]+)"', path.read_text(encoding="utf-8"))
    }
    assert scripts == ["app.js"]
    assert imports and all((client / target).is_file() for target in imports)


@pytest.mark.browser
@pytest.mark.parametrize("project", [bake_param(name) for name in BROWSER_BAKES], indirect=True)
def test_generated_browser_tests_pass(project, run_in_project, request, tmp_path):
    name = request.node.callspec.params["project"]
    # Screenshots go where the caller keeps artifacts (CI), else into this test's tmp dir.
    kept = os.environ.get("BROWSER_ARTIFACTS_DIR")
    artifacts = (Path(kept).resolve() if kept else tmp_path / "artifacts") / name
    report = tmp_path / "report.xml"

    # The environment is inherited: with CI set, the generated suite fails instead of skipping
    # when it cannot start a browser.
    result = run_in_project(
        project,
        *("-m", "pytest", "-m", "browser", "-p", "no:cacheprovider"),
        f"--junitxml={report}",
        check=False,
        env={"BROWSER_ARTIFACTS_DIR": str(artifacts)},
    )
    output = f"{result.stdout}\n{result.stderr}"
    assert report.exists(), output
    outcomes = read_junit(report)

    if outcomes and all(o == "skipped" and NO_BROWSER.search(m) for o, m in outcomes.values()):
        pytest.skip(next(iter(outcomes.values()))[1])
    assert result.returncode == 0, output
    assert {outcome for outcome, _ in outcomes.values()} == {"passed"}, output
    assert len(outcomes) >= 5, output  # the suite ran, not just collected

    screenshot = artifacts / "client-with-posts.png"
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 10_000  # a rendered page, not a blank image


@pytest.mark.browser
def test_a_replaced_page_keeps_the_cors_tests_and_the_bundled_ones_say_why_they_fail(
    bake, run_in_project, tmp_path
):
    """A student's own client/index.html: the probe page's CORS tests still pass, and each test
    of the bundled page fails within seconds, saying so."""
    project = tmp_path / "project"
    shutil.copytree(bake(), project)
    (project / "client" / "index.html").write_text("<!doctype html><title>Mine</title><h1>Mine")
    report = tmp_path / "report.xml"

    result = run_in_project(
        project,
        *("-m", "pytest", "-p", "no:cacheprovider", "-m", "browser", f"--junitxml={report}"),
        "-o",
        "junit_duration_report=call",  # the test's own time: Chromium's start is set-up's
        *("tests/test_browser_cors.py", "tests/test_browser.py"),
        check=False,
    )
    output = f"{result.stdout}\n{result.stderr}"
    assert report.exists(), output
    outcomes = read_junit(report)
    if outcomes and all(o == "skipped" and NO_BROWSER.search(m) for o, m in outcomes.values()):
        pytest.skip(next(iter(outcomes.values()))[1])
    cases = ET.parse(report).iter("testcase")
    seconds = {case.get("name"): float(case.get("time")) for case in cases}

    bundled = {name for name in outcomes if name.startswith("test_bundled_client_")}
    assert len(bundled) >= 10, output
    assert {outcomes[name][0] for name in bundled} == {"failure"}, output
    for name in bundled:
        assert "has no #api-base: this test covers the page the template" in outcomes[name][1]
        assert seconds[name] < 10, (name, seconds[name])
    probe = set(outcomes) - bundled
    assert len(probe) >= 4, output
    assert {outcomes[name][0] for name in probe} == {"passed"}, output
