"""jinja_filters.LiteralAnswers: cookiecutter renders the template's own defaults, never an
answer, in whatever order it renders them."""

from __future__ import annotations

import copy
import json

import pytest
from conftest import TEMPLATE_DIR
from cookiecutter.exceptions import FailedHookException
from cookiecutter.prompt import prompt_for_config
from cookiecutter.utils import create_env_with_context

from jinja_filters import LiteralAnswers

TEMPLATE_CONTEXT = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())
SLUG_DEFAULT = TEMPLATE_CONTEXT["project_slug"]
CLIENT_PORT_DEFAULT = TEMPLATE_CONTEXT["client_port"]


@pytest.fixture(scope="module")
def literal() -> LiteralAnswers:
    environment = create_env_with_context({"cookiecutter": TEMPLATE_CONTEXT})
    literal = LiteralAnswers.of_template()
    literal.install(environment)
    return literal


def answered(*keys: str) -> dict:
    return {"cookiecutter": dict.fromkeys(keys, "x")}


def every_prompt_but(*missing: str) -> dict:
    return answered(*(key for key in TEMPLATE_CONTEXT if key not in missing))


def test_a_default_renders_once_what_it_reads_is_answered_whatever_else_is_missing(literal):
    assert literal.renders(SLUG_DEFAULT, answered("project_name"))
    assert literal.renders(SLUG_DEFAULT, answered("project_name", "client", "auth", "deploy"))
    assert literal.renders(CLIENT_PORT_DEFAULT, answered("client"))
    # Nothing else unanswered but the prompt itself.
    assert literal.renders(SLUG_DEFAULT, every_prompt_but("project_slug"))


def test_an_answer_that_copies_a_default_reading_itself_stays_text(literal):
    """`project_name={{ cookiecutter.project_name | slug_from_name }}`: project_slug's default,
    rendered while project_name is being answered, would crash on the missing project_name."""
    assert not literal.renders(SLUG_DEFAULT, answered())
    assert not literal.renders(CLIENT_PORT_DEFAULT, answered("project_name", "project_slug"))


def test_any_other_source_stays_text_while_prompting_and_renders_after(literal):
    for source in ("{{ 7*7 }}", "a {{ b", "{{ cookiecutter.project_name }}"):
        assert not literal.renders(source, answered("project_name"))
        assert not literal.renders(source, every_prompt_but("__answers_valid"))
        assert literal.renders(source, every_prompt_but())


def test_the_validation_renders_only_after_every_prompt(literal):
    """`{{ cookiecutter | validate_answers }}` reads the answers as a whole."""
    validation = TEMPLATE_CONTEXT["__answers_valid"]
    assert literal.read_by(validation, literal.parse) is None
    assert not literal.renders(validation, every_prompt_but("__answers_valid", "deploy"))
    assert literal.renders(validation, every_prompt_but("__answers_valid"))


def test_what_a_source_reads(literal):
    parse = create_env_with_context({"cookiecutter": TEMPLATE_CONTEXT}).parse
    assert literal.read_by("{{ cookiecutter['auth'] ~ cookiecutter.client }}", parse) == {
        "auth",
        "client",
    }
    assert literal.read_by("{{ cookiecutter[name] }}", parse) is None
    assert literal.read_by("{{ cookiecutter | tojson }}", parse) is None
    assert literal.read_by("{{ cookiecutter.auth ~ (cookiecutter) }}", parse) is None
    assert literal.read_by("{% if %}", parse) is None
    assert literal.read_by("plain", parse) == frozenset()


DEFAULTS_READING_ANSWERS = ["project_slug", "client_port", "cors_allow_credentials"]
PLAIN = [
    key
    for key in TEMPLATE_CONTEXT
    if not key.startswith("_") and key not in DEFAULTS_READING_ANSWERS
]


def reordered(first: list[str]) -> dict:
    """The template's context with these keys first: the order cookiecutter renders in."""
    context = copy.deepcopy(TEMPLATE_CONTEXT)
    return {key: context[key] for key in first} | {
        key: value for key, value in context.items() if key not in first
    }


@pytest.mark.parametrize(
    "first",
    [
        [],
        # A default rendered before prompts that come earlier in cookiecutter.json.
        ["client", "client_port"],
        ["auth", "cors_allow_credentials", "deploy", "client", "client_port"],
        [*reversed(PLAIN), *DEFAULTS_READING_ANSWERS],
    ],
    ids=["template-order", "client-first", "choices-first", "reversed-defaults-last"],
)
def test_cookiecutter_renders_the_same_answers_in_any_order(first, tmp_path, monkeypatch):
    """cookiecutter's real prompting, with --no-input and answers given as key=value, in orders
    where each default still comes after what it reads."""
    monkeypatch.setenv("HOME", str(tmp_path))
    context = reordered(first)
    given = {
        "project_name": "{{ cookiecutter.project_name | slug_from_name }}",
        "author_name": "{{ 7*7 }}",
    }
    context.update(given)

    with pytest.raises(FailedHookException) as refusal:
        prompt_for_config({"cookiecutter": context}, no_input=True)
    assert "2 answers rejected" in str(refusal.value)

    context.update(project_name="Shop", author_name="Kim")
    result = prompt_for_config({"cookiecutter": context}, no_input=True)
    assert (result["project_slug"], result["client_port"], result["cors_allow_credentials"]) == (
        "shop",
        "3000",
        "no",
    )
    assert result["author_name"] == "Kim"
    assert result["__answers_valid"] == "yes"
