"""Environment variables under one naming scheme (config/env.py); the old names still work, and
`manage.py check` says what they are called now."""

import ast
import json
import os
from pathlib import Path

from django.core.checks import run_checks

from config.env import RENAMED, adopt_old_names, old_names_check
from config.tests.new_process import run_in_a_new_process

PROJECT = Path(__file__).resolve().parents[2]


def test_an_old_name_sets_its_new_one():
    variables = {"LOGIN_FAILURE_LIMIT": "3"}

    assert adopt_old_names(variables) == ["LOGIN_FAILURE_LIMIT"]
    assert variables["AXES_FAILURE_LIMIT"] == "3"


def test_the_new_name_wins_over_the_old_one():
    variables = {"LOGIN_LOCKOUT_MINUTES": "1", "AXES_COOLOFF_MINUTES": "30"}

    adopt_old_names(variables)

    assert variables["AXES_COOLOFF_MINUTES"] == "30"


def test_no_old_name_changes_nothing():
    variables = {"AXES_FAILURE_LIMIT": "4"}

    assert adopt_old_names(variables) == []
    assert variables == {"AXES_FAILURE_LIMIT": "4"}


def test_the_check_names_the_old_and_the_new_name(monkeypatch):
    monkeypatch.setitem(os.environ, "POST_CONTENT_MAX_LENGTH", "500")
    for old in RENAMED.keys() - {"POST_CONTENT_MAX_LENGTH"}:
        monkeypatch.delitem(os.environ, old, raising=False)

    [warning] = old_names_check()

    assert warning.id == "config.W001"
    assert "POST_CONTENT_MAX_LENGTH" in warning.msg
    assert "API_POST_CONTENT_MAX_LENGTH" in warning.msg


def test_manage_py_check_runs_it(monkeypatch):
    monkeypatch.setitem(os.environ, "LOGIN_FAILURE_LIMIT", "3")

    assert "config.W001" in [message.id for message in run_checks()]


def test_the_login_guard_reads_the_old_names_too(settings_from_environment):
    old = settings_from_environment(LOGIN_FAILURE_LIMIT="3", LOGIN_LOCKOUT_MINUTES="2")
    new = settings_from_environment(AXES_FAILURE_LIMIT="4", AXES_COOLOFF_MINUTES="5")

    assert (old["AXES_FAILURE_LIMIT"], old["AXES_COOLOFF_TIME"].seconds) == (3, 120)
    assert (new["AXES_FAILURE_LIMIT"], new["AXES_COOLOFF_TIME"].seconds) == (4, 300)


BOUNDS = """
import json
from api.pagination import PageNumberPagination
from api.parsers import JSONParser
from api.search import SearchFilter
print(json.dumps([SearchFilter.max_terms, SearchFilter.max_length,
    PageNumberPagination.max_page_size, JSONParser.max_body_bytes]))
"""


def test_the_api_bounds_on_their_classes_come_from_the_environment():
    variables = {
        "API_SEARCH_MAX_TERMS": "3",
        "API_SEARCH_MAX_LENGTH": "40",
        "API_MAX_PAGE_SIZE": "7",
        "API_MAX_BODY_BYTES": "2048",
    }

    assert json.loads(run_in_a_new_process(BOUNDS, variables)) == [3, 40, 7, 2048]


def variables_read(path):
    """(the name assigned, the environment variable read) for each `NAME = env...("VARIABLE")`
    at the top of a module or a class."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    for node in [*tree.body, *(node for each in classes for node in each.body)]:
        value = getattr(node, "value", None)
        if not isinstance(node, ast.Assign) or not isinstance(value, ast.Call):
            continue
        function = ast.unparse(value.func)
        if function.startswith("env") and value.args and isinstance(value.args[0], ast.Constant):
            yield from ((ast.unparse(target), value.args[0].value) for target in node.targets)


def test_each_setting_is_read_from_its_own_name_or_djangos():
    read = list(variables_read(PROJECT / "config" / "settings.py"))

    assert read
    for setting, variable in read:
        if setting.isupper():
            assert variable in (setting, f"DJANGO_{setting}"), (setting, variable)


def test_the_bounds_on_the_api_classes_are_read_as_api_variables():
    modules = ["api/search.py", "api/pagination.py", "api/parsers.py"]
    read = [pair for module in modules for pair in variables_read(PROJECT / module)]

    assert len(read) == 4
    assert all(variable.startswith("API_") for _, variable in read), read
