"""The template's Jinja extension changes how fast a bake renders, never what it renders."""

from __future__ import annotations

import json

from conftest import TEMPLATE_DIR
from cookiecutter.environment import StrictEnvironment
from cookiecutter.utils import create_env_with_context
from hypothesis import example, given
from hypothesis import strategies as st

CONTEXT = {"cookiecutter": json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())}
TEMPLATE_ENV = create_env_with_context(CONTEXT)  # loads jinja_filters.AnswerFilters
JINJA_ENV = StrictEnvironment(keep_trailing_newline=True)  # cookiecutter's, without it


def outcome(environment, source: str) -> tuple[str, str]:
    try:
        return ("rendered", environment.from_string(source).render())
    except Exception as error:  # the same kind of failure counts as the same outcome
        return ("failed", type(error).__name__)


@given(st.text(alphabet="a/. {}%#-\r\n", max_size=16))
@example("{{cookiecutter.project_slug}}/config/settings.py")
@example("plain/path.py")
@example("a\r\nb")
@example("ends with a newline\n")
@example("{# a comment #}")
def test_any_string_renders_as_plain_jinja_renders_it(source):
    """Strings without Jinja syntax (most paths) skip compiling; the result must not change."""
    assert outcome(TEMPLATE_ENV, source) == outcome(JINJA_ENV, source)


def test_template_files_compile_once_into_jinjas_cache():
    """Compiled template files go to Jinja's bytecode cache (its private temp folder), reused
    by the next bake only while the source is unchanged."""
    cache = TEMPLATE_ENV.bytecode_cache
    assert cache is not None
    assert not cache.directory.startswith(str(TEMPLATE_DIR))
