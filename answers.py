"""Validation and normalisation of the answers given to this template: the one home of these rules.

`jinja_filters.py` calls `validate()` to reject bad answers before a file is written, and the
same functions to render the normalised values. The standard library and what cookiecutter itself
depends on (python-slugify; idna, through requests), so it runs wherever cookiecutter runs: origins
are taken in the forms that need no URL parser to be sure of (see ORIGIN_AS_SENT_RE) and
with hosts in any script through IDNA; the others are left to the baked project's corscheck.
"""

from __future__ import annotations

import functools
import importlib.resources
import ipaddress
import keyword
import os
import re
import sys
import unicodedata
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass

import idna
from slugify import slugify

ORIGINS_PROMPT = "cors_allowed_origins"
GOOD_ORIGIN = "http://localhost:3000"
# The choice menus' answers, each in cookiecutter.json's order, the first the default. The menu
# offers only these; a `key=value` outside them is refused by cookiecutter itself, before this
# module is even imported (tests/test_choice_menus.py); a replay file's reaches validate().
# The `database` answers.
DATABASES = ("sqlite", "postgresql")
# The `auth` answers, the first the default: how a page on another origin logs in (token: an
# Authorization header; session: cookies; none: no login, the API open to anyone).
AUTH_SCHEMES = ("token", "session", "none")
# The `client` answers, the first the default: the browser client baked into client/ (static:
# plain HTML/CSS/JS served as files; vue: a Vite + Vue 3 + axios app).
CLIENTS = ("static", "vue")
# The `deploy` answers, the first the default: the container kit (Dockerfile, compose.yaml,
# nginx/, wait_for_db) is baked only with compose; what keeps any deployment safe is in every bake.
DEPLOYS = ("none", "compose")
# The private key of cookiecutter.json that answers of today's template carry (see validate()).
ANSWERS_VERSION = "_answers_version"
# The private key whose rendering validates the answers (jinja_filters.validate_answers).
VALIDATED = "__answers_valid"

# Packages a baked project imports or ships: a slug equal to one of them would shadow it.
PROJECT_PACKAGES = frozenset(
    {
        "accounts",
        "ada_url",
        "api",
        "asgiref",
        "client",
        "config",
        "corscheck",
        "corsheaders",
        "django",
        "allauth",
        "dj_rest_auth",
        "environ",
        "gunicorn",
        "idna",
        "playwright",
        "posts",
        "psycopg",
        "pytest",
        "pytest_django",
        "redis",
        "rest_framework",
        "sqlparse",
        "test",  # the stdlib's regression tests, left out of sys.stdlib_module_names
        "tests",
        "whitenoise",
    }
)

# Django's global_settings.LANGUAGES codes; tests/test_answers.py fails when Django's list moves.
DJANGO_LANGUAGE_CODES = (
    "af ar ar-dz ast az bg be bn br bs ca ckb cs cy da de dsb el en en-au en-gb eo es es-ar es-co "
    "es-mx es-ni es-ve et eu fa fi fr fy ga gd gl he hi hr hsb hu hy ia id ig io is it ja ka kab "
    "kk km kn ko ky lb lt lv mk ml mn mr ms my nb ne nl nn os pa pl pt pt-br ro ru sk sl sq sr "
    "sr-latn sv sw ta te tg th tk tr tt udm ug uk ur uz vi zh-hans zh-hant"
)
DJANGO_LANGUAGES = frozenset(DJANGO_LANGUAGE_CODES.split())
# The same pattern as django.utils.translation.trans_real.language_code_re.
LANGUAGE_CODE_RE = re.compile(r"[a-z]{1,8}(?:-[a-z0-9]{1,8})*(?:@[a-z0-9]{1,20})?", re.IGNORECASE)
SLUG_RE = re.compile(r"[a-z][a-z0-9_]*")
# A folder and package name; far below any file system's limit of 255 bytes per name.
SLUG_MAX = 64
PORT_RE = re.compile(r"[0-9]{1,5}")
# What Jinja would read as a template; answers are data and are never rendered.
TEMPLATE_SYNTAX = ("{{", "{%", "{#")

TEXT_LIMITS = {"project_name": 80, "description": 200, "author_name": 80}
# Characters no free-text answer may hold: control, format, surrogate, private-use, unassigned.
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


class AnswerError(ValueError):
    """One rejected answer: which prompt, the bad value, why, and an example of a good value."""

    def __init__(self, prompt: str, value: object, reason: str, example: str) -> None:
        self.prompt, self.value, self.reason, self.example = prompt, value, reason, example
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = self.value if isinstance(self.value, str) else str(self.value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return f"{self.prompt}: {shown!r} {self.reason}. A good value: {self.example}"


class AnswerErrors(ValueError):
    """Every rejected answer of one run, so the user can fix them all at once."""

    def __init__(self, errors: list[AnswerError]) -> None:
        self.errors = errors
        super().__init__("\n".join(f"error: {error}" for error in errors))


@dataclass(frozen=True)
class Answers:
    """The answers after validation and normalisation: what the generated files are made from."""

    project_name: str
    project_slug: str
    description: str
    author_name: str
    client: str
    api_port: int
    client_port: int
    auth: str
    # Every origin the API allows: the bundled client's own two, then the other answered ones.
    cors_allowed_origins: tuple[str, ...]
    cors_allow_all_origins: bool
    cors_allow_credentials: bool
    time_zone: str
    language_code: str
    database: str
    deploy: str
    create_virtualenv: bool


def slug_from_name(name: object) -> str:
    """The slug prompt's default, derived from the project name and always one check_slug
    accepts: "Bob's API" -> "bobs_api", "내 블로그 API" -> "nae_beulrogeu_api" (romanised by
    python-slugify, which cookiecutter itself depends on), "2048 Game" -> "project_2048_game",
    "API" -> "api_project" (a bare `api` would shadow the project's own package)."""
    slug = slugify(str(name).replace("'", ""), separator="_")
    if not slug or not slug[0].isalpha():
        slug = f"project_{slug}"
    slug = slug[:SLUG_MAX].rstrip("_")
    try:
        return check_slug(slug)
    except AnswerError:  # a keyword or a module's name
        return f"{slug[: SLUG_MAX - len('_project')].rstrip('_')}_project"


def reject_template_syntax(prompt: str, value: object, example: str) -> None:
    """cookiecutter would render `{{ 7*7 }}` given on its command line as 49: this template takes
    every answer as it is (see jinja_filters.LiteralAnswers), and says so instead."""
    if isinstance(value, str) and any(mark in value for mark in TEMPLATE_SYNTAX):
        reason = "contains template syntax ({{, {% or {#); answers are used as given, not rendered"
        raise AnswerError(prompt, value, reason, example)


def clean_text(prompt: str, value: object, *, required: bool = True) -> str:
    """A single line of human text, trimmed; it reaches code only through literal-making filters."""
    reject_template_syntax(prompt, value, "My Blog API")
    text = str(value).strip()
    if required and not text:
        raise AnswerError(prompt, value, "is empty", "My Blog API")
    limit = TEXT_LIMITS.get(prompt, 200)
    if len(text) > limit:
        raise AnswerError(prompt, value, f"is longer than {limit} characters", "My Blog API")
    bad = next((ch for ch in text if unicodedata.category(ch) in FORBIDDEN_CATEGORIES), None)
    if bad is not None:
        reason = f"contains the control or invisible character U+{ord(bad):04X}"
        raise AnswerError(prompt, value, reason, "My Blog API")
    return text


def check_slug(value: object) -> str:
    """The project folder name: a lowercase Python identifier that shadows nothing."""
    slug = str(value)
    example = "my_blog_api"
    reject_template_syntax("project_slug", value, example)
    if not SLUG_RE.fullmatch(slug):
        reason = "must start with a lowercase letter and use only a-z, 0-9 and _"
        raise AnswerError("project_slug", value, reason, example)
    if len(slug) > SLUG_MAX:
        raise AnswerError("project_slug", value, f"is longer than {SLUG_MAX} characters", example)
    if keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        raise AnswerError("project_slug", value, "is a Python keyword", example)
    if slug in sys.stdlib_module_names or slug in PROJECT_PACKAGES:
        reason = "is the name of a module it would shadow"
        raise AnswerError("project_slug", value, reason, example)
    return slug


def check_port(prompt: str, value: object) -> int:
    """A TCP port number, 1-65535."""
    example = "8000" if prompt == "api_port" else "3000"
    reject_template_syntax(prompt, value, example)
    text = str(value).strip()
    # fullmatch before int(): int() takes "²" and "٣", and refuses strings of 4301+ digits.
    if not PORT_RE.fullmatch(text) or not 1 <= int(text) <= 65535:
        raise AnswerError(prompt, value, "is not a port number from 1 to 65535", example)
    return int(text)


# An origin exactly as a browser writes it, in the forms that need no URL parser to be sure of:
# http or https; a lower-case ASCII host name whose labels need no IDNA (no xn--, no -- at 3-4)
# and whose last label starts with a letter (so it is no IPv4 address in any number form), or a
# dotted-decimal IPv4 address, or an IPv6 address; a port without leading zeros. The baked
# project's config/origins.py (ada-url, which cookiecutter's Python lacks) reads all the other
# forms; tests/test_origin_rules.py holds this subset to ada-url and to Chromium.
_LABEL = r"(?!..--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
ORIGIN_AS_SENT_RE = re.compile(
    rf"(?P<scheme>https?)://(?P<host>(?:{_LABEL}\.)*(?=[a-z]){_LABEL}\.?"
    rf"|(?:{_OCTET}\.){{3}}{_OCTET}|\[(?P<ipv6>[0-9a-f:]+)\])(?::(?P<port>[1-9][0-9]{{0,4}}))?"
)
DEFAULT_PORTS = {"http": "80", "https": "443"}


def is_origin_as_sent(text: str) -> bool:
    """Whether `text` is an origin exactly as a browser sends it, in a form ORIGIN_AS_SENT_RE
    describes (False for the forms only a URL parser can read, though a browser may send them)."""
    match = ORIGIN_AS_SENT_RE.fullmatch(text)
    if not match or len(match["host"]) > 253:
        return False
    port, ipv6 = match["port"], match["ipv6"]
    if port and (int(port) > 65535 or port == DEFAULT_PORTS[match["scheme"]]):
        return False
    if ipv6:  # ipaddress compresses as a browser does: the first longest run of zero pieces
        try:
            address = str(ipaddress.IPv6Address(ipv6))
        except ValueError:
            return False
        return address == ipv6 and "." not in address
    return "xn--" not in text


# An origin whose host holds non-ASCII characters, which IDNA turns into the host a browser sends.
NON_ASCII_HOST_RE = re.compile(
    r"(?P<scheme>(?i:https?))://(?P<host>[^:/?#@\\\[\]\s]+)(?P<port>:[0-9]+)?/?"
)


def _idna_origin(text: str) -> str | None:
    """An origin with a non-ASCII host (`https://faß.de`) as a browser sends it
    (`https://xn--fa-hia.de`): the host through IDNA by UTS #46, non-transitional, as the URL
    standard and Chromium do it (the `idna` package, which cookiecutter has through requests;
    Python's own codec is IDNA 2003 and would give fass.de, another domain). None when the host is
    ASCII, when IDNA refuses it, or when the result is not a form is_origin_as_sent() accepts."""
    match = NON_ASCII_HOST_RE.fullmatch(text.strip())
    if match is None or match["host"].isascii():
        return None
    # IDNA drops invisible ones (a soft hyphen): refused instead, as the project's corscheck does.
    if any(unicodedata.category(char) in FORBIDDEN_CATEGORIES for char in match["host"]):
        return None
    try:
        host = idna.encode(match["host"], uts46=True, transitional=False).decode("ascii")
    except idna.IDNAError:
        return None
    origin = _repaired(f"{match['scheme'].lower()}://{host}{match['port'] or ''}")
    # IDNA made each xn-- label, so it is a valid one: check the rest with a plain label there.
    plain = ".".join("a" if label.startswith("xn--") else label for label in host.split("."))
    probe = origin.replace(host, plain, 1)
    return origin if len(host) <= 253 and is_origin_as_sent(probe) else None


def _repaired(text: str) -> str:
    """`text` without what a browser drops from it anyway (ASCII upper case, a trailing slash,
    the default port): an origin as sent only if is_origin_as_sent() says so."""
    text = text.strip().lower() if text.isascii() else text.strip()
    text = text.removesuffix("/")
    scheme, _, rest = text.partition("://")
    return f"{scheme}://{rest.removesuffix(':' + DEFAULT_PORTS.get(scheme, '-'))}"


def normalise_origin(item: str, prompt: str = ORIGINS_PROMPT) -> str:
    """One origin as a browser sends it in the Origin header, or AnswerError saying why not.

    Upper case, a trailing slash and the default port are dropped, as a browser drops them, and a
    host in any script is written as IDNA makes it (`https://faß.de` -> `https://xn--fa-hia.de`);
    an answer with a path, user info, a wildcard, null, a file:// address or a form that only a
    URL parser can read (an IPv4 address in another number form, a typed xn-- label) is refused.
    """

    def reject(reason: str, example: str = GOOD_ORIGIN) -> AnswerError:
        return AnswerError(prompt, item, reason, example)

    text = item.strip()
    origin = _repaired(text)
    if is_origin_as_sent(origin):
        return origin
    international = _idna_origin(text)
    if international is not None:
        return international
    if text == "*":
        raise reject(
            "is a wildcard; to let any origin call the API answer yes to cors_allow_all_origins",
            "cors_allow_all_origins=yes",
        )
    if text.lower().startswith("file:"):
        raise reject(
            "is a file:// address; a page opened from a file sends the origin null, which every "
            "such page shares: serve the page from a web server and allow that origin",
        )
    if text == "null":
        raise reject(
            "is the opaque origin null, which sandboxed iframes and pages opened from a file send; "
            "allowing it would let every such page in",
        )
    scheme, slashes, rest = text.partition("://")
    if not slashes:
        # http:// for this machine (localhost, an IP address), https:// for a site elsewhere.
        guess = _repaired(f"http://{text}")
        host = ORIGIN_AS_SENT_RE.fullmatch(guess)
        if host and "." in host["host"] and host["host"][-1].isalpha():
            guess = _repaired(f"https://{text}")
        guess = guess if is_origin_as_sent(guess) else GOOD_ORIGIN
        raise reject("has no scheme (http:// or https://)", guess)
    if scheme.lower() not in DEFAULT_PORTS:
        raise reject("does not start with http:// or https://")
    if "*" in text:
        raise reject(
            "has a wildcard host; list each origin, or answer yes to cors_allow_all_origins"
        )
    authority, tail = re.match(r"([^/?#\\]*)(.*)", rest).groups()
    if "@" in authority or tail not in ("", "/"):
        cut = _repaired(f"{scheme}://{authority.rpartition('@')[2]}")
        what = "contains user info (user@)" if "@" in authority else "has a path, query or fragment"
        example = cut if is_origin_as_sent(cut) else _idna_origin(cut) or GOOD_ORIGIN
        raise reject(f"{what}; an origin is only scheme://host[:port]", example)
    raise reject(
        "is not an origin in a form this prompt can check (scheme://host[:port]: a host of "
        "letters in any script, digits, - and . with no typed xn-- label, a dotted IPv4 or a "
        "compressed IPv6 address, a port from 1 to 65535); other forms go into "
        "CORS_ALLOWED_ORIGINS in .env after baking, "
        "where `python manage.py corscheck ADDRESS` prints the origin a browser sends for them",
    )


def normalise_origins(value: object, prompt: str = ORIGINS_PROMPT) -> tuple[str, ...]:
    """A comma-separated list of origins, normalised, without empty items or duplicates."""
    reject_template_syntax(prompt, value, "http://localhost:3000")
    origins: dict[str, None] = {}
    for item in str(value).split(","):
        if item.strip():
            origins.setdefault(normalise_origin(item, prompt))
    return tuple(origins)


@functools.cache
def _names_in(folder: str) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def is_time_zone(name: str) -> bool:
    """`name in zoneinfo.available_timezones()`, without that walk's opening all ~600 files of the
    tz database in every process (50-100 ms): ZoneInfo loads the name (a few files at most), and
    the name is spelled as the database lists it, with posix/, right/ and posixrules left out as
    available_timezones() leaves them out. ZoneInfo alone would take `europe/berlin` from a
    case-insensitive disk, which a Linux server then refuses."""
    parts = name.split("/")
    if name == "posixrules" or parts[0] in ("posix", "right"):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # KeyError: ZoneInfoNotFoundError
        return False
    for root in zoneinfo.TZPATH:
        folders = [os.path.join(root, *parts[:depth]) for depth in range(len(parts))]
        if all(part in _names_in(folder) for part, folder in zip(parts, folders, strict=True)):
            return True
    try:  # no tz database on disk (Windows): the `tzdata` package's list, as zoneinfo reads it
        zones = importlib.resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    except (ImportError, OSError):
        return False
    return name in zones.splitlines()


def check_time_zone(value: object) -> str:
    reject_template_syntax("time_zone", value, "Europe/Berlin")
    name = str(value).strip()
    if not is_time_zone(name):
        reason = "is not a time zone name of the IANA database"
        raise AnswerError("time_zone", value, reason, "Europe/Berlin")
    return name


def check_language_code(value: object) -> str:
    """A code Django accepts for LANGUAGE_CODE (its translation.E001 and E004 checks)."""
    reject_template_syntax("language_code", value, "en-us")
    code = str(value).strip().lower()
    generic = code.split("-")[0]
    supported = LANGUAGE_CODE_RE.fullmatch(code) and (
        code in DJANGO_LANGUAGES
        or generic in DJANGO_LANGUAGES
        or any(known.startswith(f"{generic}-") for known in DJANGO_LANGUAGES)
    )
    if not supported:
        reason = "is not a language code Django knows"
        raise AnswerError("language_code", value, reason, "en-us")
    return code


def check_database(value: object) -> str:
    """One of the databases the project can be baked for, spelled exactly as listed.

    Not normalised: the templates compare the answer itself (`cookiecutter.database == ...`).
    """
    reject_template_syntax("database", value, "postgresql")
    if value not in DATABASES:
        reason = f"is not one of the choices {', '.join(DATABASES)}"
        raise AnswerError("database", value, reason, "postgresql")
    return value


def check_auth(value: object) -> str:
    """One of the auth schemes, spelled exactly as listed (the templates compare the answer)."""
    reject_template_syntax("auth", value, "token")
    if value not in AUTH_SCHEMES:
        reason = f"is not one of the choices {', '.join(AUTH_SCHEMES)}"
        raise AnswerError("auth", value, reason, "token")
    return value


def check_client(value: object) -> str:
    """One of the bundled clients, spelled exactly as listed (the templates compare the answer)."""
    reject_template_syntax("client", value, "vue")
    if value not in CLIENTS:
        reason = f"is not one of the choices {', '.join(CLIENTS)}"
        raise AnswerError("client", value, reason, "vue")
    return value


def check_deploy(value: object) -> str:
    """One of the deployment kits, spelled exactly as listed (the hook compares the answer)."""
    reject_template_syntax("deploy", value, "compose")
    if value not in DEPLOYS:
        reason = f"is not one of the choices {', '.join(DEPLOYS)}"
        raise AnswerError("deploy", value, reason, "compose")
    return value


def client_origins(client_port: int) -> tuple[str, ...]:
    """The bundled client's own origins, always allowed: the README opens it as localhost, and
    127.0.0.1 is the same page under the other name students type."""
    return (f"http://localhost:{client_port}", f"http://127.0.0.1:{client_port}")


def allowed_origins(
    answered: tuple[str, ...], client_port: int | None, allow_all: bool, replayed_old: bool
) -> tuple[str, ...]:
    """What CORS_ALLOWED_ORIGINS holds. `cors_allowed_origins` asks for the OTHER origins (a
    Vite app of one's own, a deployed front end); the bundled client's are added, so typing
    another origin can never lock the project's own client out. Not with allow-all (every
    origin passes anyway), nor for answers of a template from before the `client` prompt (a
    replay file), where the answer was the whole list: it bakes what it baked then."""
    if allow_all or replayed_old or client_port is None:
        return answered
    return tuple(dict.fromkeys((*client_origins(client_port), *answered)))


def from_an_older_template(answers: Mapping[str, object]) -> bool:
    """Answers of the template from before the `client` prompt, replayed from cookiecutter's
    replay file: their cors_allowed_origins was the whole allow-list, and the client static.

    Such a file lacks _answers_version. cookiecutter adds what a replay file lacks (asking the
    new prompts, copying private keys) after all the keys it holds, so there the marker comes
    after the file's own validation marker; in today's answers it comes before."""
    keys = list(answers)
    if ANSWERS_VERSION not in answers:
        return True
    return VALIDATED in answers and keys.index(ANSWERS_VERSION) > keys.index(VALIDATED)


def check_boolean(prompt: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    reject_template_syntax(prompt, value, "no")
    text = str(value).strip().lower()
    if text in {"1", "true", "t", "yes", "y", "on"}:
        return True
    if text in {"0", "false", "f", "no", "n", "off"}:
        return False
    raise AnswerError(prompt, value, "is not yes or no", "no")


def blocked_demo_port(answers: Answers) -> int:
    """A port for the READMEs' deliberate CORS block: the client served there is not allowed.

    Neither the API's nor the client's port, and no allowed origin on localhost or 127.0.0.1.
    """
    taken = {answers.api_port, answers.client_port}
    for port in range(4000, 65536):
        local = {f"http://localhost:{port}", f"http://127.0.0.1:{port}"}
        if port not in taken and not local & set(answers.cors_allowed_origins):
            return port
    raise ValueError("every port from 4000 up is taken")  # more origins than ports: unreachable


def validate(answers: Mapping[str, object]) -> Answers:
    """Every answer checked and normalised; raises AnswerErrors listing each bad answer."""
    errors: list[AnswerError] = []

    def checked(check, *args, default=None):
        try:
            return check(*args)
        except AnswerError as error:
            errors.append(error)
            return default

    allow_all = checked(check_boolean, "cors_allow_all_origins", answers["cors_allow_all_origins"])
    credentials = checked(
        check_boolean, "cors_allow_credentials", answers["cors_allow_credentials"]
    )
    auth = checked(check_auth, answers["auth"])
    replayed_old = from_an_older_template(answers)
    client = checked(check_client, answers.get("client", CLIENTS[0]))
    api_port = checked(check_port, "api_port", answers["api_port"])
    client_port = checked(check_port, "client_port", answers["client_port"])
    answered_origins = checked(normalise_origins, answers[ORIGINS_PROMPT], default=())
    origins = allowed_origins(answered_origins, client_port, allow_all, replayed_old)
    result = Answers(
        project_name=checked(clean_text, "project_name", answers["project_name"]),
        project_slug=checked(check_slug, answers["project_slug"]),
        description=checked(
            lambda v: clean_text("description", v, required=False), answers["description"]
        ),
        author_name=checked(
            lambda v: clean_text("author_name", v, required=False), answers["author_name"]
        ),
        client=client,
        api_port=api_port,
        client_port=client_port,
        auth=auth,
        cors_allowed_origins=origins,
        cors_allow_all_origins=allow_all,
        cors_allow_credentials=credentials,
        time_zone=checked(check_time_zone, answers["time_zone"]),
        language_code=checked(check_language_code, answers["language_code"]),
        database=checked(check_database, answers["database"]),
        # Answers from before the prompt (a replay file) baked no choice: none, as asked now.
        deploy=checked(check_deploy, answers.get("deploy", DEPLOYS[0])),
        create_virtualenv=checked(check_boolean, "create_virtualenv", answers["create_virtualenv"]),
    )
    if replayed_old and client == "vue":
        # That file lacks _copy_without_render too: Jinja would read Vue's {{ }} as its own.
        errors.append(
            AnswerError(
                "client",
                client,
                "cannot be replayed from answers of the template before the client prompt; "
                "bake anew (without --replay) to get the Vue client",
                "static (or a new bake with client=vue)",
            )
        )
    if api_port is not None and api_port == client_port:
        errors.append(
            AnswerError(
                "client_port",
                client_port,
                "is the same as api_port; the client and the API need a port each",
                str(api_port + 1 if api_port < 65535 else api_port - 1),
            )
        )
    if not origins and allow_all is False and not any(e.prompt == ORIGINS_PROMPT for e in errors):
        errors.append(
            AnswerError(
                ORIGINS_PROMPT,
                answers[ORIGINS_PROMPT],
                "lists no origin, and cors_allow_all_origins is no, so no browser page could "
                "call the API",
                "http://localhost:3000,http://127.0.0.1:3000",
            )
        )
    if allow_all and credentials:
        errors.append(
            AnswerError(
                "cors_allow_credentials",
                "yes",
                "cannot go with cors_allow_all_origins=yes: django-cors-headers would then echo "
                "any origin with credentials, letting every web site read a logged-in user's data",
                "no (or list the trusted origins and set cors_allow_all_origins=no)",
            )
        )
    if auth == "session" and credentials is False:
        errors.append(
            AnswerError(
                "cors_allow_credentials",
                "no",
                "cannot go with auth=session: the browser would then neither send the session "
                "cookie nor keep it, so no page on another origin could stay logged in",
                "yes (or auth=token, which needs no cookies)",
            )
        )
    if errors:
        # In the order the prompts were asked (the mapping's order is cookiecutter.json's), so
        # the list reads like the questions the user just answered.
        asked = {prompt: index for index, prompt in enumerate(answers)}
        errors.sort(key=lambda error: asked.get(error.prompt, len(asked)))
        raise AnswerErrors(errors)
    return result
