"""Jinja filters that render answers into generated files as normalised, valid literals.

cookiecutter loads this module through `_extensions` in cookiecutter.json. Each filter calls the
rules in `answers.py`, so what the files say is exactly what the pre_gen hook accepted.
"""

from __future__ import annotations

import json

from jinja2.ext import Extension

import answers


def python_literal(value: object) -> str:
    """A Python (and JSON, TOML, JavaScript) string literal for any text, double-quoted."""
    return json.dumps(str(value), ensure_ascii=False)


def python_list(values: object, indent: int = 0) -> str:
    """A list of strings as Python source, one item a line, in the layout ruff format keeps."""
    items = list(values)
    if not items:
        return "[]"
    pad = " " * indent
    lines = "".join(f"{pad}    {python_literal(item)},\n" for item in items)
    return f"[\n{lines}{pad}]"


class AnswerFilters(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters.update(
            slug_from_name=answers.slug_from_name,
            origins=answers.normalise_origins,
            boolean=lambda value: answers.check_boolean("boolean", value),
            port=lambda value: answers.check_port("port", value),
            text=lambda value: answers.clean_text("text", value, required=False),
            language_code=answers.check_language_code,
            time_zone=answers.check_time_zone,
            py=python_literal,
            py_list=python_list,
        )
