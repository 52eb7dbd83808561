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
from jinja2 import FileSystemBytecodeCache, TemplateSyntaxError, nodes
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

    While prompting (some prompt still has no answer), a source is rendered only when it is the
    template's own value of a prompt still unanswered, and every answer it reads is already there:
    that is when cookiecutter renders a default, in whatever order it goes. Anything else is
    returned as it is, uncompiled, and the validation after the prompts names it. So an answer
    that copies another prompt's default, `project_name={{ cookiecutter.project_name |
    slug_from_name }}` (project_slug's), stays text: it reads project_name, which is unanswered
    while project_name is being answered. Once every prompt has its answer (files, hooks),
    everything renders as usual.
    """

    def __init__(self, context: Mapping[str, object]) -> None:
        self.prompts = [
            key
            for key in context
            if key != "__prompts__" and (key.startswith("__") or not key.startswith("_"))
        ]
        self.owners: dict[str, set[str]] = {}
        for key in self.prompts:
            for text in _strings(context[key]):
                self.owners.setdefault(text, set()).add(key)
        # What each of the template's own values reads (read_by), once it has been asked.
        self.reads: dict[str, frozenset[str] | None] = {}
        self.parse = None  # the environment's parser, given by install()
        self.checked = False

    @classmethod
    def of_template(cls) -> LiteralAnswers:
        return cls(json.loads(TEMPLATE_CONTEXT.read_text(encoding="utf-8")))

    def renders(self, source: str, variables: Mapping[str, object]) -> bool:
        """Whether `source` is rendered with these variables, or returned as it is (an answer)."""
        answers = variables.get("cookiecutter")
        if not isinstance(answers, Mapping):
            return True
        unanswered = {key for key in self.prompts if key not in answers}
        if not unanswered:
            return True
        owners = self.owners.get(source, set()) & unanswered
        if not owners:
            return False  # an answer, or a default whose prompt is answered: never parsed
        if source not in self.reads:
            self.reads[source] = self.read_by(source, self.parse)
        reads = self.reads[source]
        for owner in owners:
            needed = set(self.prompts) - {owner} if reads is None else reads
            if not needed & unanswered:
                return True
        return False

    def read_by(self, source: str, parse) -> frozenset[str] | None:
        """The answers a source reads as `cookiecutter.NAME` or `cookiecutter["NAME"]`; None when
        it reads `cookiecutter` as a whole (passed to a filter, say) or does not parse."""
        try:
            tree = parse(source)
        except TemplateSyntaxError:
            return None
        named, counted = set(), 0
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            inner = node.node
            if not (isinstance(inner, nodes.Name) and inner.name == "cookiecutter"):
                continue
            if isinstance(node, nodes.Getattr):
                named.add(node.attr)
            elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                named.add(node.arg.value)
            else:
                continue
            counted += 1
        everywhere = sum(node.name == "cookiecutter" for node in tree.find_all(nodes.Name))
        return frozenset(named) if counted == everywhere else None

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
        # Not parsed here: the environment is not ready to parse while it loads its extensions.
        self.parse = environment.parse
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
        if not self.literal.renders(self.source, variables):
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
