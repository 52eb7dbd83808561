"""Any answer, no harm: properties over arbitrary text for every prompt.

Each answer either bakes a project whose Python parses, whose `manage.py check` passes and whose
settings hold exactly the normalised answers, or stops with one clear line per bad answer and
leaves nothing behind. No answer is ever run as code (in Jinja, the hooks or the generated files)
and no file lands outside the output folder.

Hypothesis runs under the profile that tests/conftest.py loads: the same examples on every run,
so CI is reproducible (HYPOTHESIS_PROFILE=explore searches wider).
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import uuid
import zoneinfo
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter
from cookiecutter.utils import create_env_with_context
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from jinja2 import FileSystemLoader

import answers
from jinja_filters import LINE_LENGTH, python_list, python_literal
from scripts.bootstrap import GENERATED_TEMPLATE

CONTEXT = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text(encoding="utf-8"))
PROMPTS = [key for key in CONTEXT if not key.startswith("_")]
# Choice prompts (a list in cookiecutter.json): cookiecutter itself refuses a value not listed.
CHOICES = {key for key in PROMPTS if isinstance(CONTEXT[key], list)}

# A command that leaves a file behind if any answer is ever run as code.
MARKER = Path(tempfile.gettempdir()) / f"answer-ran-{uuid.uuid4().hex[:8]}"
COMMAND = f"touch {MARKER}"
RUN_IN_JINJA = f"cycler.__init__.__globals__.os.system({COMMAND!r})"
RUN_IN_PYTHON = f"__import__('os').system({COMMAND!r})"
PAYLOADS = [
    "{{ " + RUN_IN_JINJA + " }}",
    "{% set x = " + RUN_IN_JINJA + " %}",
    "{{ 7*7 }}",
    "a {{ b",
    "{# a",
    f'"; {RUN_IN_PYTHON}; x = "',
    f"'''; {RUN_IN_PYTHON} #",
    f'\\"; {RUN_IN_PYTHON} #',
    f"x\n{RUN_IN_PYTHON}\n",
    f"$({COMMAND})",
    f"`{COMMAND}`",
    "</script><script>alert(1)</script>",
]
PIECES = [
    *['"', "'", "\\", "\n", "\r\n", "\t", "\x00", "\u2028", "\u200b", "\udcff"],
    *["{{", "}}", "{%", "%}", "{#", "{{ 7*7 }}", "{0}", "%s", "${x}"],
    *["../", "..\\", "/", "/etc/passwd", "C:\\Windows", "~", "."],
    *["é", "日本語", "🙂", "ß", "İ", "\u0301", " ", ",", ":", "@", "*", "#", "?"],
]
odd_text = st.one_of(
    st.text(),
    st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=8).map("".join),
    st.sampled_from(PAYLOADS),
    st.text(min_size=200, max_size=2000),
    st.integers(4301, 6000).map(lambda digits: "9" * digits),  # int() refuses this many digits
)
human_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn")), min_size=1, max_size=60
)
port = st.integers(1, 65535).map(str) | st.integers(1, 65535).map(lambda n: f" {n} ")
host = st.sampled_from(
    ["localhost", "127.0.0.1", "[::1]", "Example.COM", "bücher.example", "app.example.com."]
) | st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z]{2,6}){0,2}", fullmatch=True)
origin = st.builds(
    "{}://{}{}{}".format,
    st.sampled_from(["http", "https", "HTTP"]),
    host,
    st.none().map(lambda _: "") | st.integers(1, 65535).map(":{}".format),
    st.sampled_from(["", "/"]),
)
yes_no = st.sampled_from(["yes", "no", "y", "n", "true", "false", "1", "0", "on", "off", " No "])
# Answers a user may well mean, per prompt; together they may still clash (same two ports).
GOOD = {
    "project_name": st.sampled_from(['Bob\'s "API" \\ </script>', "a/b ../c", "x" * 80])
    | human_text,
    "project_slug": st.from_regex(r"[a-z][a-z0-9_]{0,30}", fullmatch=True),
    "description": human_text | st.just(""),
    "author_name": human_text | st.just(""),
    "api_port": port,
    "client": st.sampled_from(answers.CLIENTS),
    "client_port": port,
    "cors_allowed_origins": st.lists(origin, max_size=4).map(",".join),
    "cors_allow_all_origins": yes_no,
    "auth": st.sampled_from(answers.AUTH_SCHEMES),
    "cors_allow_credentials": yes_no,
    "time_zone": st.sampled_from(sorted(zoneinfo.available_timezones())),
    "language_code": st.sampled_from(sorted(answers.DJANGO_LANGUAGES)) | st.just("EN-us"),
    "database": st.sampled_from(answers.DATABASES),
    "deploy": st.sampled_from(answers.DEPLOYS),
    "create_virtualenv": yes_no,
}


@st.composite
def given_answers(draw) -> dict[str, str]:
    """`key=value` answers for some prompts: good ones, and now and then some odd text."""
    keys = draw(st.sets(st.sampled_from(PROMPTS)))
    answered = {key: draw(GOOD[key]) for key in PROMPTS if key in keys}
    for key in sorted(draw(st.sets(st.sampled_from(sorted(set(PROMPTS) - CHOICES)), max_size=2))):
        answered[key] = draw(odd_text)
    return answered


def final_answers(answered: dict[str, str]) -> dict[str, str]:
    """What the prompts end with: the answers given, taken as they are, defaults for the rest.

    Three defaults follow earlier answers in cookiecutter.json; this says the same independently.
    The answers are today's template's (its _answers_version), not a replay of an older one.
    """
    final = {"_answers_version": CONTEXT["_answers_version"]}
    final |= {key: CONTEXT[key] for key in PROMPTS} | answered
    for key in CHOICES - set(answered):
        final[key] = CONTEXT[key][0]
    if "project_slug" not in answered:
        final["project_slug"] = answers.slug_from_name(final["project_name"])
    if "client_port" not in answered:
        final["client_port"] = "5173" if final["client"] == "vue" else "3000"
    if "cors_allow_credentials" not in answered:
        final["cors_allow_credentials"] = "yes" if final["auth"] == "session" else "no"
    return final


def expected_outcome(answered: dict[str, str]) -> answers.Answers | answers.AnswerErrors:
    try:
        return answers.validate(final_answers(answered))
    except answers.AnswerErrors as failure:
        return failure


def assigned(tree: ast.Module, target: str) -> object:
    """The literal a module assigns to `target`, or the default it passes for it (`default=`,
    or the last argument, as in `int(os.environ.get("API_PORT", 8000))`)."""
    node = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == target
    )
    while isinstance(node, ast.Call):
        defaults = [keyword.value for keyword in node.keywords if keyword.arg == "default"]
        node = defaults[0] if defaults else node.args[-1]
    return ast.literal_eval(node)


def js_constants(code: str) -> dict[str, object]:
    """The `export const NAME = <JSON>;` lines of the client's config.js, read as JSON; the Vue
    client's API_BASE_URL is `import.meta.env.VITE_API_URL || <JSON>`, its baked fallback."""
    found = re.findall(
        r"^export const (\w+) =\s+(?:import\.meta\.env\.VITE_API_URL \|\| )?(.*);$",
        code,
        re.MULTILINE,
    )
    return {name: json.loads(value) for name, value in found}


def client_config(expected: answers.Answers) -> str:
    """Where the client's settings live: a module of the static client, or of the Vue app."""
    return "client/src/config.js" if expected.client == "vue" else "client/config.js"


def client_constants(expected: answers.Answers) -> dict[str, object]:
    return {
        "API_BASE_URL": f"http://localhost:{expected.api_port}",
        "SEND_CREDENTIALS": expected.cors_allow_credentials,
        "AUTH": expected.auth,
        "PROJECT_NAME": expected.project_name,
    }


# --- The rules and filters, directly: many examples, a few milliseconds each ----------------


@given(st.text())
def test_python_literal_is_the_text_itself(text):
    assert ast.literal_eval(python_literal(text)) == text


@given(st.lists(st.text()), st.integers(0, 8))
def test_python_list_is_the_list_itself(items, indent):
    assert ast.literal_eval(python_list(items, indent)) == items


@given(given_answers())
@example({"project_name": PAYLOADS[0]})
@example({"cors_allow_all_origins": "maybe", "api_port": "9" * 5000})
@example({"project_slug": "../" * 30, "time_zone": "../../etc/passwd"})
def test_answers_are_normalised_or_each_bad_one_named_on_one_line(answered):
    final = final_answers(answered)
    try:
        result = answers.validate(final)
    except answers.AnswerErrors as failure:
        event("rejected")
        lines = str(failure).split("\n")
        assert len(lines) == len(failure.errors)
        named = [error.prompt for error in failure.errors]
        assert len(set(named)) == len(named), "one line per bad answer"
        for line, error in zip(lines, failure.errors, strict=True):
            assert error.prompt in PROMPTS
            assert line.startswith(f"error: {error.prompt}: ")
            assert line.endswith(f". A good value: {error.example}")
        return
    # The normalised answers are answers too, and normalising them again changes nothing.
    again = {
        **final,
        **{key: getattr(result, key) for key in PROMPTS},
        "cors_allowed_origins": ",".join(result.cors_allowed_origins),
    }
    assert answers.validate(again) == result
    assert answers.SLUG_RE.fullmatch(result.project_slug)
    assert len(result.project_slug) <= answers.SLUG_MAX


def render(relative_path: str, final: dict[str, str]) -> str:
    """One file of the project, rendered the way cookiecutter renders it."""
    context = {"cookiecutter": {**CONTEXT, **final}}
    env = create_env_with_context(context)
    env.loader = FileSystemLoader(str(GENERATED_TEMPLATE))
    return env.get_template(relative_path).render(**context)


PYTHON_FILES = sorted(
    str(path.relative_to(GENERATED_TEMPLATE)) for path in GENERATED_TEMPLATE.rglob("*.py")
)


@settings(max_examples=40)
@given(st.fixed_dictionaries({}, optional=GOOD))
@example({"project_name": PAYLOADS[5], "description": PAYLOADS[7], "author_name": PAYLOADS[6]})
def test_filters_render_python_that_holds_the_normalised_answers(answered):
    final = final_answers(answered)
    expected = expected_outcome(answered)
    event(type(expected).__name__)
    if isinstance(expected, answers.AnswerErrors):
        return  # the bake stops before any file: see the end-to-end property below
    modules = {path: ast.parse(render(path, final), path) for path in PYTHON_FILES}

    settings_module, urls, dev = (
        modules["config/settings.py"],
        modules["config/urls.py"],
        modules["dev.py"],
    )
    assert assigned(settings_module, "LANGUAGE_CODE") == expected.language_code
    assert assigned(settings_module, "TIME_ZONE") == expected.time_zone
    assert assigned(settings_module, "CORS_ALLOWED_ORIGINS") == list(expected.cors_allowed_origins)
    assert assigned(settings_module, "CORS_ALLOW_ALL_ORIGINS") is expected.cors_allow_all_origins
    assert assigned(settings_module, "CORS_ALLOW_CREDENTIALS") is expected.cors_allow_credentials
    assert assigned(urls, "admin.site.site_header") == expected.project_name
    assert assigned(dev, "API_PORT") == expected.api_port
    assert assigned(dev, "CLIENT_PORT") == expected.client_port
    source = "client_vue/src/config.js" if expected.client == "vue" else "client/config.js"
    assert js_constants(render(source, final)) == client_constants(expected)


def is_project_name(text: str) -> bool:
    try:
        answers.clean_text("project_name", text)
    except answers.AnswerError:
        return False
    return True


project_names = st.one_of(
    st.text(st.characters(blacklist_categories=answers.FORBIDDEN_CATEGORIES), max_size=80),
    st.text(st.sampled_from("x \"'\\블日🙂\u0301\u17d8"), min_size=60, max_size=80),
).filter(is_project_name)


def test_long_lines_are_measured_against_the_baked_projects_line_length():
    pyproject = (GENERATED_TEMPLATE / "pyproject.toml").read_text(encoding="utf-8")
    assert f"\nline-length = {LINE_LENGTH}\n" in pyproject


@settings(max_examples=5)
@given(st.lists(project_names, min_size=40, max_size=40))
@example(["x" * 73, "x" * 74, '"' * 80, "x" * 65 + "\\" * 15, "블로그" * 16, "e\u0301" * 40])
def test_any_project_name_makes_python_that_ruff_accepts(names):
    """One ruff run over the admin line of forty projects at a time: names of any width."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copy(GENERATED_TEMPLATE / "pyproject.toml", root)
        # The project's own modules beside them (empty), so ruff sorts imports as in a bake.
        for package in GENERATED_TEMPLATE.glob("*/__init__.py"):
            (root / package.parent.name).mkdir()
            for module in package.parent.glob("*.py"):
                (root / package.parent.name / module.name).touch()
        for number, name in enumerate(names):
            code = render("config/urls.py", final_answers({"project_name": name}))
            assert assigned(ast.parse(code), "admin.site.site_header") == name.strip()
            (root / f"urls_{number}.py").write_text(code, encoding="utf-8")
        for command in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
            linted = subprocess.run(
                [sys.executable, "-m", "ruff", *command], cwd=root, capture_output=True, text=True
            )
            assert linted.returncode == 0, linted.stdout + linted.stderr


# --- Real bakes: the whole way, through cookiecutter itself ---------------------------------

SETTINGS_SCRIPT = """
import json, django
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
django.setup()
call_command("check", fail_level="WARNING")
names = ["LANGUAGE_CODE", "TIME_ZONE", "CORS_ALLOWED_ORIGINS", "CORS_ALLOW_ALL_ORIGINS",
         "CORS_ALLOW_CREDENTIALS"]
print(json.dumps({**{name: getattr(settings, name) for name in names},
                  "site_header": admin.site.site_header}))
"""


@contextlib.contextmanager
def sandbox():
    """A folder for one bake, which is also the working directory while it runs."""
    root = Path(tempfile.mkdtemp(prefix="any-answer-"))
    previous = Path.cwd()
    (root / "cwd").mkdir()
    os.chdir(root / "cwd")
    try:
        yield root
    finally:
        os.chdir(previous)
        shutil.rmtree(root)


def files_under(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if not path.is_dir())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answered=given_answers())
@example(answered={"project_name": PAYLOADS[0]})  # server-side template injection
@example(answered={"project_name": "{{ 7*7 }}"})  # cookiecutter would bake "49"
@example(answered={"description": "a {{ b"})  # cookiecutter would crash with a traceback
@example(answered={"project_slug": "../escaped"})
@example(answered={"cors_allow_all_origins": "maybe", "api_port": "9" * 5000})
@example(answered={"project_slug": "a" * 300})  # longer than a file name may be
@example(
    answered={"project_name": PAYLOADS[5], "description": PAYLOADS[7], "author_name": PAYLOADS[6]}
)
@example(
    answered={"project_name": "a/b ../c", "time_zone": "Asia/Seoul", "cors_allowed_origins": "*"}
)
@example(answered={"project_name": '"' * 80, "project_slug": "quotes"})  # too long for one line
@example(answered={"project_name": "블로그 API " * 8})  # wide characters: two columns each
def test_any_answers_bake_a_working_project_or_stop_cleanly(answered, generated_python):
    # A real .venv per example would cost seconds each: tests/test_virtualenv_bakes.py makes those.
    with contextlib.suppress(answers.AnswerError):
        if answers.check_boolean("create_virtualenv", answered.get("create_virtualenv", "yes")):
            answered = {**answered, "create_virtualenv": "no"}
    expected = expected_outcome(answered)
    with sandbox() as root:
        config = root / "config.yaml"
        config.write_text(
            f"cookiecutters_dir: {json.dumps(str(root / 'cookiecutters'))}\n"
            f"replay_dir: {json.dumps(str(root / 'replay'))}\n"
        )
        stderr = io.StringIO()
        try:
            with contextlib.redirect_stderr(stderr):
                project = cookiecutter(
                    str(TEMPLATE_DIR),
                    no_input=True,
                    extra_context=answered,
                    output_dir=str(root / "out"),
                    config_file=str(config),
                )
        except FailedHookException as stopped:
            event("stopped before writing")
            # What cookiecutter's command line prints, then it exits 1, no traceback.
            assert isinstance(expected, answers.AnswerErrors), stderr.getvalue()
            errors, heading, rerun = stderr.getvalue().rpartition("\nTo answer again")
            assert (errors, heading) == (str(expected), "\nTo answer again"), stderr.getvalue()
            # Then the command that asks again (tests/test_rerun.py): no rejected answer in it.
            command = shlex.split(rerun.splitlines()[1])
            rejected = {error.prompt for error in expected.errors}
            assert not [word for word in command if word.partition("=")[0] in rejected]
            count = len(expected.errors)
            assert str(stopped) == (
                f"Stopped before writing any file: {count} answer{'s' * (count > 1)} rejected."
            )
            assert files_under(root) == ["config.yaml"]
            assert not (root / "out").exists()
            assert not MARKER.exists()
            return

        event("baked")
        assert isinstance(expected, answers.Answers), f"baked, yet validate() says:\n{expected}"
        assert Path(project) == root / "out" / expected.project_slug
        # Nothing outside the output folder except cookiecutter's own replay file.
        outside = [path for path in files_under(root) if not path.startswith("out/")]
        assert outside == ["config.yaml", f"replay/{TEMPLATE_DIR.name}.json"]
        for path in Path(project).rglob("*.py"):
            ast.parse(path.read_text(encoding="utf-8"), str(path))
        config_js = (Path(project) / client_config(expected)).read_text(encoding="utf-8")
        assert js_constants(config_js) == client_constants(expected)
        for command in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
            linted = subprocess.run(
                [sys.executable, "-m", "ruff", *command],
                cwd=project,
                capture_output=True,
                text=True,
            )
            assert linted.returncode == 0, linted.stdout + linted.stderr
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "CORS_", "DATABASE_"))
        }
        checked = subprocess.run(
            [str(generated_python), "-c", SETTINGS_SCRIPT],
            cwd=project,
            capture_output=True,
            text=True,
            env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        )
        assert checked.returncode == 0, checked.stderr
        assert json.loads(checked.stdout.splitlines()[-1]) == {
            "LANGUAGE_CODE": expected.language_code,
            "TIME_ZONE": expected.time_zone,
            "CORS_ALLOWED_ORIGINS": list(expected.cors_allowed_origins),
            "CORS_ALLOW_ALL_ORIGINS": expected.cors_allow_all_origins,
            "CORS_ALLOW_CREDENTIALS": expected.cors_allow_credentials,
            "site_header": expected.project_name,
        }
        assert not MARKER.exists()


# --- cookiecutter's command line, for the answers it used to choke on ------------------------

CLI_CASES = [
    ("project_name={{ 7*7 }}", "error: project_name: '{{ 7*7 }}' contains template syntax"),
    ("project_name=a {{ b", "error: project_name: 'a {{ b' contains template syntax"),
    (
        "project_name={{ cookiecutter.project_name | slug_from_name }}",
        "error: project_name: '{{ cookiecutter.project_name | slug_from_name }}' contains "
        "template syntax",
    ),
    (f"author_name={PAYLOADS[0]}", 'error: author_name: "{{ cycler.__init__.__globals__.os'),
    ("api_port={{ 8000 }}", "error: api_port: '{{ 8000 }}' contains template syntax"),
    ("cors_allow_all_origins=maybe", "error: cors_allow_all_origins: 'maybe' is not yes or no"),
    ("cors_allow_credentials=", "error: cors_allow_credentials: '' is not yes or no"),
    ("api_port=" + "9" * 5000, "error: api_port: '99999999999999999999"),
    ("project_slug=" + "a" * 300, "is longer than 64 characters"),
    ("project_slug=../escaped", "error: project_slug: '../escaped' must start"),
]


@pytest.mark.parametrize(("answer", "message"), CLI_CASES, ids=[a[:40] for a, _ in CLI_CASES])
def test_cli_answers_one_clear_line_and_writes_nothing(tmp_path, answer, message):
    output = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--no-input", "-o", str(output)]
        + [str(TEMPLATE_DIR), answer],
        capture_output=True,
        text=True,
        env={"HOME": str(tmp_path), "PATH": ""},
    )

    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert message in errors[0]
    assert result.stdout.strip() == "Stopped before writing any file: 1 answer rejected."
    assert "Traceback" not in result.stderr
    # Not even cookiecutter's replay file in HOME.
    assert list(tmp_path.iterdir()) == []
    assert not MARKER.exists()


def test_every_prompt_takes_text_so_no_answer_crashes_cookiecutter():
    """A JSON true/false or a list in cookiecutter.json makes a yes/no or choice prompt, and then
    `--no-input key=maybe` or an unknown choice raises a raw ValueError traceback inside
    cookiecutter, before any code of this template runs. As text, answers.py checks them."""
    texts = [key for key in PROMPTS if key not in CHOICES]
    assert {key: type(CONTEXT[key]).__name__ for key in texts} == dict.fromkeys(texts, "str")
    # The menus (tests/test_choice_menus.py): a value outside one is cookiecutter's own error;
    # deploy is a choice of the container kit, which no answer puts into code.
    assert sorted(CHOICES) == ["auth", "client", "database", "deploy"]
