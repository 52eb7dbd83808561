"""The command that runs this template again with every good answer kept.

Printed when answers are rejected, so a mistake costs one fix instead of every answer typed
again: cookiecutter given `key=value` answers without --no-input still asks each prompt, with
those answers as the defaults. Pure standard library but for cookiecutter's own argument parser.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

# Words PowerShell and cmd both take as they are: no space, comma (a PowerShell array), quote,
# $, `, %, @, ;, &, |, <, >, parentheses or braces.
WINDOWS_PLAIN_WORD = re.compile(r"[\w.:/\\=+-]+")


def shell_quote(word: str, windows: bool = os.name == "nt") -> str:
    """`word` as one argument for the user's shell. On Windows (PowerShell, or cmd) in double
    quotes, which both read; a word PowerShell would still expand there ($, `) or holding a
    double quote in PowerShell's literal single quotes. Elsewhere as POSIX shells read it."""
    if not windows:
        return shlex.quote(word)
    if WINDOWS_PLAIN_WORD.fullmatch(word):
        return word
    if re.search(r'[$`"]', word):
        return "'" + word.replace("'", "''") + "'"
    # Backslashes before the closing quote are doubled: programs read \" as a quote.
    trailing = len(word) - len(word.rstrip("\\"))
    return '"' + word + "\\" * trailing + '"'


def command_line_options(argv: list[str]) -> dict | None:
    """cookiecutter's parse of its own command line; None when it was not started from one
    (pytest-cookies, or cookiecutter() called from Python)."""
    started_as = Path(argv[0]) if argv else Path()
    if "cookiecutter" not in (started_as.name, started_as.parent.name):
        return None
    try:
        from cookiecutter.cli import main

        with main.make_context("cookiecutter", list(argv[1:]), resilient_parsing=True) as parsed:
            return dict(parsed.params)
    except Exception:  # an option this version does not know: fall back to the template alone
        return None


def defaults(
    context: Mapping[str, object], template_root: str, filters: Mapping[str, Callable]
) -> dict[str, str]:
    """Each prompt's default as the prompts would offer it after these answers: those that
    follow earlier answers (the slug from the name, the client port from the client) rendered
    from cookiecutter.json with them, through the template's Jinja `filters`."""
    from jinja2 import Environment, StrictUndefined

    raw = json.loads((Path(template_root) / "cookiecutter.json").read_text(encoding="utf-8"))
    environment = Environment(undefined=StrictUndefined)
    environment.filters.update(filters)
    offered = {}
    for key, value in raw.items():
        if isinstance(value, list) and not key.startswith("_"):
            offered[key] = value[0]  # a choice prompt offers its first choice
        if key.startswith("_") or not isinstance(value, str):
            continue
        try:
            offered[key] = environment.from_string(value).render(cookiecutter=context)
        except Exception:  # a bad earlier answer it cannot render from: keep the answer
            continue
    return offered


def rerun_command(
    context: Mapping[str, object],
    rejected: Iterable[str],
    template_root: str,
    filters: Mapping[str, Callable],
    argv: list[str] | None = None,
) -> str:
    """`cookiecutter TEMPLATE [options] key=value ...` with every answer that was neither
    rejected nor the default (which the prompts offer anyway, and which may follow earlier
    answers: a slug left out follows a corrected project name). `filters` are the template's
    Jinja filters (jinja_filters.FILTERS), passed in so that this module imports none of it."""
    options = command_line_options(sys.argv if argv is None else argv) or {}
    words = ["cookiecutter", str(options.get("template") or template_root)]
    for option in ("checkout", "directory", "config_file"):
        if options.get(option):
            words += [f"--{option.replace('_', '-')}", str(options[option])]
    if options.get("output_dir") not in (None, "", "."):
        words += ["--output-dir", str(options["output_dir"])]
    skipped = set(rejected)
    offered = defaults(context, template_root, filters)
    for key, value in context.items():
        if not key.startswith("_") and key not in skipped and offered.get(key) != value:
            words.append(f"{key}={value}")
    return " ".join(shell_quote(word) for word in words)
