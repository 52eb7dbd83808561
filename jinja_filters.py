"""Jinja filters that render answers into generated files as normalised, valid literals.

cookiecutter loads this module through `_extensions` in cookiecutter.json. Each filter calls the
rules in `answers.py`, so what the files say is exactly what the pre_gen hook accepted.
"""

from __future__ import annotations

import sys
import unicodedata

from cookiecutter.exceptions import FailedHookException
from jinja2.ext import Extension

import answers


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


def validate_answers(context: dict) -> str:
    """Rendered by the last private variable of cookiecutter.json, right after the prompts.

    Stopping here means nothing at all is written, not even the replay file; cookiecutter's
    command line prints a FailedHookException's message and exits 1 without a traceback.
    """
    try:
        answers.validate(context)
    except answers.AnswerErrors as failure:
        print(failure, file=sys.stderr)
        count = len(failure.errors)
        raise FailedHookException(
            f"Stopped before writing any file: {count} answer{'s' * (count > 1)} rejected."
        ) from None
    return "yes"


class AnswerFilters(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters.update(
            validate_answers=validate_answers,
            slug_from_name=answers.slug_from_name,
            origins=answers.normalise_origins,
            boolean=lambda value: answers.check_boolean("boolean", value),
            port=lambda value: answers.check_port("port", value),
            text=lambda value: answers.clean_text("text", value, required=False),
            language_code=answers.check_language_code,
            blocked_demo_port=lambda context: answers.blocked_demo_port(answers.validate(context)),
            time_zone=answers.check_time_zone,
            py=python_literal,
            py_list=python_list,
        )
