"""Jinja filters that render answers into generated files as normalised, valid literals.

cookiecutter loads this module through `_extensions` in cookiecutter.json. Each filter calls the
rules in `answers.py`, so what the files say is exactly what the validation accepted. The
extension also makes cookiecutter take `key=value` answers literally instead of rendering them.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import unicodedata
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

from cookiecutter.exceptions import FailedHookException
from jinja2 import FileSystemBytecodeCache
from jinja2.ext import Extension

import answers
from rerun import rerun_command

# Absolute, unlike cookiecutter's _repo_dir, which stays relative for `cookiecutter .`
# while the hooks run from inside the new project folder.
TEMPLATE_ROOT = str(Path(__file__).resolve().parent)


def python_literal(value: object) -> str:
    """A Python string literal for any text, quoted the way ruff format would quote it.

    Double quotes, unless the text holds more double than single quotes (ruff's rule), so baked
    code is already formatted. Backslashes, the chosen quote and any control character are escaped.
    """
    text = str(value)
    quote = "'" if text.count('"') > text.count("'") else '"'
    escaped = []
    for char in text:
        if char in ("\\", quote):
            escaped.append("\\" + char)
        elif unicodedata.category(char) in ("Cc", "Cs") or char in ("\u2028", "\u2029"):
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return quote + "".join(escaped) + quote


def python_list(values: object, indent: int = 0) -> str:
    """A list of strings as Python source, one item a line, in the layout ruff format keeps."""
    items = list(values)
    if not items:
        return "[]"
    pad = " " * indent
    lines = "".join(f"{pad}    {python_literal(item)},\n" for item in items)
    return f"[\n{lines}{pad}]"


# The baked project's [tool.ruff] line-length, in {{cookiecutter.project_slug}}/pyproject.toml.
LINE_LENGTH = 100


def assignment(literal: str, target: str) -> str:
    """`target = literal`, as ruff check and ruff format accept it for any answer.

    A string literal cannot be split, so a line that a long answer makes too long stays as it
    is and says so. ruff counts wide characters as two columns, a few as three, by Unicode
    tables that move between versions; three for every non-ASCII character is never too few.
    """
    line = f"{target} = {literal}"
    if len(line) + 2 * sum(not char.isascii() for char in line) <= LINE_LENGTH:
        return line
    return f"{line}  # noqa: E501  # fmt: skip"


def validate_answers(context: dict) -> str:
    """Rendered by the last private variable of cookiecutter.json, right after the prompts.

    Stopping here means nothing at all is written, not even the replay file; cookiecutter's
    command line prints a FailedHookException's message and exits 1 without a traceback.
    """
    try:
        answers.validate(context)
    except answers.AnswerErrors as failure:
        print(failure, file=sys.stderr)
        rejected = {error.prompt for error in failure.errors}
        command = rerun_command(context, rejected, TEMPLATE_ROOT, FILTERS)
        print(
            "To answer again, with every other answer kept as its prompt's default:\n"
            f"    {command}",
            file=sys.stderr,
        )
        count = len(failure.errors)
        raise FailedHookException(
            f"Stopped before writing any file: {count} answer{'s' * (count > 1)} rejected."
        ) from None
    return "yes"


TEMPLATE_CONTEXT = Path(__file__).with_name("cookiecutter.json")
# The private variable that validates the answers once the prompts are done.
VALIDATED = "__answers_valid"


def _strings(value: object):
    """Every string cookiecutter renders out of one cookiecutter.json value (a list's choices,
    a dict's keys and values); numbers are rendered as their text."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None and not isinstance(value, bool):
        yield str(value)


class LiteralAnswers:
    """Answers are data: cookiecutter must never render one as a Jinja template.

    cookiecutter renders every value of its context while it prompts, so that a default such as
    `{{ cookiecutter.project_name | slug_from_name }}` can use earlier answers. The answers given
    as `key=value` with --no-input (or in a user config, or pytest-cookies' extra_context) have
    replaced those defaults by then, and get rendered too: `{{ 7*7 }}` would become `49`, `a {{ b`
    would crash with a traceback, and `{{ cycler.__init__.__globals__.os.system(...) }}` would run
    a command. Typed answers are never rendered; this makes the others behave the same.

    While prompting, a source that is not the template's own value for the prompt being
    answered is returned as it is, uncompiled; the validation after the prompts then names it.
    Once every prompt has its answer (files, hooks), everything renders as usual.

    Why this depends on the order cookiecutter prompts in: cookiecutter renders a value with the
    source and the answers so far only, never the prompt's name, so the prompt being answered is
    the first one missing from the answers in cookiecutter's own order (the context's, plain
    values and choices before dict values: prompt_for_config's two passes), copied here. The
    order-free rule, "the template's own value of any prompt still missing", is not enough: an
    answer that copies another prompt's default, `project_name={{ cookiecutter.project_name |
    slug_from_name }}` (project_slug's), would then render and crash with a traceback instead of
    the one-line refusal (tests/test_any_answer.py's CLI cases). Should cookiecutter change that
    order, those tests fail.
    """

    def __init__(self, context: Mapping[str, object]) -> None:
        rendered = [
            key
            for key in context
            if key != "__prompts__" and (key.startswith("__") or not key.startswith("_"))
        ]
        # cookiecutter's order: plain values and choices first, then dict values.
        self.order = [key for key in rendered if not isinstance(context[key], dict)] + [
            key for key in rendered if isinstance(context[key], dict)
        ]
        self.own = {key: frozenset(_strings(context[key])) for key in rendered}
        self.checked = False

    @classmethod
    def of_template(cls) -> LiteralAnswers:
        return cls(json.loads(TEMPLATE_CONTEXT.read_text(encoding="utf-8")))

    def prompt_being_answered(self, variables: Mapping[str, object]) -> str | None:
        """The first prompt still missing from the answers rendered so far; None once every
        prompt has its answer (rendering files and hooks)."""
        answers = variables.get("cookiecutter")
        if not isinstance(answers, Mapping):
            return None
        return next((key for key in self.order if key not in answers), None)

    def check_replayed(self, variables: Mapping[str, object]) -> None:
        """Validate answers that never met the prompts (a replay file) before the first file or
        folder is rendered from them: the project folder's own name comes first, and a slug such
        as `x{{ "/../y" }}/z` would otherwise leave folders behind that a hook, running only
        after they exist, could not take back. Answers that met the prompts were validated
        there (`__answers_valid`); this costs one more validate() per bake."""
        answered = variables.get("cookiecutter")
        if self.checked or not isinstance(answered, Mapping) or VALIDATED not in answered:
            return
        self.checked = True
        validate_answers(answered)

    def install(self, environment) -> None:
        compile_source = environment.from_string
        delimiters = (
            environment.variable_start_string,
            environment.block_start_string,
            environment.comment_start_string,
        )
        no_line_syntax = (
            environment.line_statement_prefix is None and environment.line_comment_prefix is None
        )

        def plain(source: str) -> bool:
            # Rendering text with no Jinja syntax returns it as it is: most of the ~110 strings
            # cookiecutter renders (file paths, plain values) need no compiling at all.
            return (
                no_line_syntax
                and not any(delimiter in source for delimiter in delimiters)
                and "\r" not in source  # Jinja would turn \r\n into \n
                and (environment.keep_trailing_newline or not source.endswith("\n"))
            )

        def from_string(source, globals=None, template_class=None):
            if not isinstance(source, str):
                return compile_source(source, globals, template_class)
            return SourceTemplate(
                self,
                source,
                lambda: compile_source(source, globals, template_class),
                plain=plain(source),
            )

        environment.from_string = from_string


class SourceTemplate:
    """What `from_string` returns: compiled only when rendered, and only if it is no answer."""

    def __init__(
        self, literal: LiteralAnswers, source: str, compile_source, plain: bool = False
    ) -> None:
        self.literal, self.source, self.compile_source = literal, source, compile_source
        self.plain = plain

    @cached_property
    def template(self):
        return self.compile_source()

    def render(self, *args, **kwargs) -> str:
        variables = dict(*args, **kwargs)
        prompt = self.literal.prompt_being_answered(variables)
        if prompt is not None and self.source not in self.literal.own[prompt]:
            return self.source
        self.literal.check_replayed(variables)
        if self.plain:
            return self.source
        return self.template.render(*args, **kwargs)

    def __getattr__(self, name: str):
        # cookiecutter calls render() alone; anything else is the compiled template's.
        return getattr(self.template, name)


# Every filter the template's files and cookiecutter.json use.
FILTERS = dict(
    validate_answers=validate_answers,
    slug_from_name=answers.slug_from_name,
    origins=answers.normalise_origins,
    # The whole allow-list: the bundled client's origins and the other answered ones. Any other
    # answer is read one way, as `cookiecutter.NAME` (a replay file without a prompt is asked it).
    allowed_origins=lambda context: list(answers.validate(context).cors_allowed_origins),
    boolean=lambda value: answers.check_boolean("boolean", value),
    port=lambda value: answers.check_port("port", value),
    text=lambda value: answers.clean_text("text", value, required=False),
    language_code=answers.check_language_code,
    blocked_demo_port=lambda context: answers.blocked_demo_port(answers.validate(context)),
    answers_json=lambda context: json.dumps(dataclasses.asdict(answers.validate(context))),
    time_zone=answers.check_time_zone,
    py=python_literal,
    py_list=python_list,
    assignment=assignment,
)


def compiled_templates_cache() -> FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates, in its private folder under the temp dir (0700,
    checked to be the user's own). Compiling the ~80 template files is most of what a bake does
    beyond copying; a cached one is reused only while its source is byte for byte the same."""
    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):  # no usable temp dir: compile every time, as before
        return None


class AnswerFilters(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        LiteralAnswers.of_template().install(environment)
        environment.bytecode_cache = compiled_templates_cache()
        environment.globals["template_root"] = TEMPLATE_ROOT
        # The Python running cookiecutter, which the hook freezes requirements.txt on: the
        # bake's .python-version, Dockerfile and CI matrix name it (freeze.py re-records it).
        environment.globals["python_version"] = "{}.{}".format(*sys.version_info[:2])
        environment.filters.update(FILTERS)
