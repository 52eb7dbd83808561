"""Print what Chromium's `new URL(address).origin` gives for each address of a JSON list read
from stdin: a JSON list, with null where Chromium's URL parser throws.

tests/test_origin_rules.py runs it with the baked projects' venv, which has Playwright, and the
generated project's own Chromium flags. Exit status 3, and the reason on stderr, when Chromium
cannot start.
"""

import json
import sys
from pathlib import Path

GENERATED_TESTS = Path(__file__).resolve().parent.parent / "{{cookiecutter.project_slug}}/tests"
sys.path.insert(0, str(GENERATED_TESTS))

from browser_support import CHROMIUM_ARGS, chromium_executable  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

ORIGINS = """addresses => addresses.map(address => {
    try { return new URL(address).origin } catch { return null }
})"""


def main() -> int:
    addresses = json.load(sys.stdin)
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium_executable(), args=CHROMIUM_ARGS
            )
        except Exception as error:  # Playwright raises its own Error type for every problem
            lines = str(error).strip().splitlines() or [repr(error)]
            print(f"cannot start Chromium: {lines[0]}", file=sys.stderr)
            return 3
        try:
            origins = browser.new_page().evaluate(ORIGINS, addresses)
        finally:
            browser.close()
    json.dump(origins, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
