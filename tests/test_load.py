"""bench/load.py's own checks: they must catch what they claim to (the runs themselves are in
test_production.py). No timing is asserted anywhere."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import TEMPLATE_DIR

from bench import load

GOOD_HEADERS = {"vary": "Accept, Cookie, origin", "access-control-allow-origin": load.ALLOWED}
PREFLIGHT_HEADERS = {
    **GOOD_HEADERS,
    "access-control-allow-methods": "DELETE, GET, OPTIONS, PATCH, POST, PUT",
    "access-control-allow-headers": "accept, authorization, content-type",
}


def test_right_responses_pass():
    assert load.cors_problem("list", load.ALLOWED, 200, GOOD_HEADERS) is None
    assert load.cors_problem("create", load.ALLOWED, 201, GOOD_HEADERS) is None
    assert load.cors_problem("preflight", load.ALLOWED, 200, PREFLIGHT_HEADERS) is None
    assert load.cors_problem("list", load.NOT_ALLOWED, 200, {"vary": "origin"}) is None
    assert load.cors_problem("list", None, 200, {"vary": "origin"}) is None


@pytest.mark.parametrize(
    ("kind", "origin", "status", "headers", "found"),
    [
        ("list", load.ALLOWED, 500, GOOD_HEADERS, "status 500"),
        ("create", load.ALLOWED, 200, GOOD_HEADERS, "expected 201"),
        ("list", load.ALLOWED, 200, {"vary": "origin"}, "Access-Control-Allow-Origin None"),
        ("list", load.ALLOWED, 200, {**GOOD_HEADERS, "vary": "Accept"}, "lacks origin"),
        ("list", load.NOT_ALLOWED, 200, {**GOOD_HEADERS}, "CORS headers for"),
        (
            "list",
            load.NOT_ALLOWED,
            200,
            {"vary": "origin", "access-control-allow-origin": "*"},
            "'*'",
        ),
        ("preflight", load.ALLOWED, 200, GOOD_HEADERS, "allows no POST"),
    ],
)
def test_wrong_responses_are_caught(kind, origin, status, headers, found):
    assert found in load.cors_problem(kind, origin, status, headers)


def test_lost_and_phantom_writes_are_caught():
    result = load.Result(created={3, 4, 5})

    assert load.lost_writes({1, 2}, {1, 2, 3, 4, 5}, result) == []
    assert load.lost_writes({1, 2}, {1, 2, 3, 4}, result) == ["1 acknowledged posts missing"]
    assert load.lost_writes({1}, {1, 2, 3, 4, 5}, result) == [
        "1 posts in the database without a 201"
    ]


def test_percentiles():
    values = [n / 1000 for n in range(1, 101)]
    assert load.percentile(values, 0.5) == 0.051
    assert load.percentile(values, 0.99) == 0.1
    assert load.percentile([], 0.99) == 0.0


@pytest.mark.parametrize(
    "arguments", [["--duration", "600"], ["--max-requests", "10000000"], ["--clients", "500"]]
)
def test_the_load_stays_bounded(arguments):
    result = subprocess.run(
        [sys.executable, str(TEMPLATE_DIR / "bench" / "load.py"), *arguments],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 2
    assert "keep the load bounded" in result.stderr


def test_recipe_is_read_from_the_production_section(bake):
    recipe = load.production_recipe(bake())

    assert "check --deploy --fail-level WARNING" in recipe
    assert "collectstatic --noinput" in recipe
    assert recipe.rstrip().splitlines()[-1].startswith("gunicorn config.wsgi --bind 127.0.0.1:")
