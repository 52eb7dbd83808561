"""The origin a browser sends in its `Origin` header for some text, and why other text is no such
origin: the one rule that the start-up refusal (config/startup_checks.py), the system checks and
`manage.py corscheck` (corscheck/) all ask.

The text is parsed and serialised by ada-url, the WHATWG URL parser Node.js uses, so an origin here
is what Chromium's `new URL(text).origin` gives (IDNA by UTS #46, IPv4 number forms, IPv6
compression, a trailing dot kept); the template's tests pin it.

Stricter than a browser, each with its reason: no wildcard, space or control character, no port 0,
no `xn--` label that decodes to nothing, host name labels of letters, digits, `-` and `_` only.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import unquote

from ada_url import URL, HostType, idna_to_unicode

DEFAULT_PORTS = {"http": "80", "https": "443"}
# What a browser strips from both ends of a URL: C0 control characters and the space.
C0_AND_SPACE = "".join(map(chr, range(0x21)))
# scheme, the slashes after it, user info, host and port: split only to name what differs.
TYPED_RE = re.compile(
    r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*):(?P<slashes>[/\\]*)"
    r"(?:(?P<user>[^/\\?#]*)@)?(?P<host>\[[^\]/\\?#]*\]?|[^:/\\?#]*)(?::(?P<port>[^/\\?#]*))?"
    r"(?P<tail>.*)",
    re.DOTALL,
)
HOST_LABEL_RE = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
FORBIDDEN_IN_HOST = "<>^|%#?@[\\]/:"
NULL = "null"
FILE = "a file:// address: a page opened from a file sends null"
USER_INFO = "user info (user@), which is never part of an origin"
PATH = "a path, query or fragment, which is never part of an origin"


@dataclass(frozen=True)
class Judgement:
    """Some text as an origin: the origin a browser sends for it (None when no page has such an
    address, or this module refuses it), each way the text is written differently, and why not."""

    text: str
    origin: str | None
    changes: tuple[str, ...] = ()
    refusal: str = ""
    guess: str | None = None  # what refused text was probably meant as

    @property
    def reason(self) -> str:
        """Why the text is not an origin as a browser sends it; "" when it is one."""
        return self.refusal or (f"has {', '.join(self.changes)}" if self.changes else "")

    @property
    def fix(self) -> str | None:
        """The value to write instead: the origin, or the guess for refused text."""
        return self.guess if self.refusal else self.origin


def judge(text: str) -> Judgement:
    """The origin a browser on a page at `text` (an origin or any page URL) sends, and why `text`
    is not written that way."""
    stripped = text.strip(C0_AND_SPACE)
    changes = ["spaces around it"] if stripped != text else []
    typed = TYPED_RE.fullmatch(stripped)
    scheme = typed["scheme"].lower() if typed else ""

    def refused(reason: str, guess: str | None = None) -> Judgement:
        return Judgement(text, None, tuple(changes), reason, guess)

    if not stripped:
        return refused("is empty")
    if stripped == NULL:
        return Judgement(text, NULL, tuple(changes))
    if stripped == "*":
        return refused("is a wildcard; CORS_ALLOW_ALL_ORIGINS=True allows every origin")
    if any(char.isspace() or not char.isprintable() for char in stripped):
        return refused("contains a space or control character")
    if not typed or (scheme not in {"http", "https", "file"} and typed["slashes"] != "//"):
        return refused("has no scheme (http:// or https://)", _guess(stripped))
    if scheme == "file":
        return Judgement(text, NULL, (*changes, FILE))
    if scheme not in DEFAULT_PORTS:
        return refused("does not start with http:// or https://")
    if "*" in typed["host"]:
        return refused(
            "has a wildcard host; list each origin, or match them with CORS_ALLOWED_ORIGIN_REGEXES"
        )
    try:
        url = URL(stripped)
    except ValueError:
        return refused(_why_no_url(typed))
    host, port = url.hostname, url.port
    if port == "0":
        return refused("has port 0, which no server listens on")
    if url.host_type == HostType.DEFAULT:
        labels = host.removesuffix(".").split(".") if host != "." else [""]
        if not all(HOST_LABEL_RE.fullmatch(label) for label in labels):
            return refused(
                "has a host name that is not valid: each label between dots is 1 to 63 letters, "
                "digits, - or _, and does not start or end with -"
            )
        if any(label.startswith("xn--") and idna_to_unicode(label) == label for label in labels):
            return refused("has a host name that is not valid (IDNA, UTS #46)")
    origin = url.origin
    if typed["slashes"] != "//":
        changes.append("something other than // after the scheme")
    if typed["user"] is not None:
        changes.append(USER_INFO)
    if any(char.isupper() for char in typed["scheme"] + typed["host"] + (typed["port"] or "")):
        changes.append("upper case")
    if typed["port"] and not port:
        changes.append(f"the default port :{DEFAULT_PORTS[scheme]}, which a browser leaves out")
    if not typed["host"].isascii():
        changes.append("a non-ASCII host name, which a browser sends in its xn-- form")
    elif typed["host"].lower() != host:
        changes.append("a host written differently than a browser sends it")
    if typed["tail"] in {"/", "\\"}:
        changes.append("a trailing slash")
    elif typed["tail"]:
        changes.append(PATH)
    if not changes and stripped != origin:  # e.g. an empty port, `http://example.com:`
        changes.append("a form a browser writes differently")
    return Judgement(text, origin, tuple(changes))


def _guess(stripped: str) -> str | None:
    """The origin text without a scheme was probably meant as: http:// for this machine, else
    https://."""
    rest = stripped.lstrip("/")
    local = judge(f"http://{rest}").origin
    if local is None:
        return None
    if plain_host(local):
        return local
    return judge(f"https://{rest}").origin


def _why_no_url(typed: re.Match) -> str:
    """Why ada-url found no URL in the text, named from the part that cannot be one."""
    host, port = unquote(typed["host"], errors="replace"), typed["port"] or ""
    if not host:
        return "has no host"
    if port and not port.isdecimal():
        return "has a port that is not a number"
    if port and int(port) > 65535:
        return "is not a valid URL: its port is above 65535"
    if host.startswith("["):
        return "has an IPv6 address that is not valid"
    forbidden = [char for char in host if char in FORBIDDEN_IN_HOST]
    if forbidden:
        return f"has {forbidden[0]!r} in its host, which no host name may hold"
    last = host.removesuffix(".").rsplit(".", 1)[-1].lower()
    if last.isdecimal() or re.fullmatch(r"0x[0-9a-f]*", last):
        return "has a host that ends in a number but is no IPv4 address"
    return "has a host name that is not valid (IDNA, UTS #46)"


def plain_host(origin: str) -> bool:
    """An IP address, or a name without a dot such as localhost: a site of its own."""
    url = URL(origin)
    return url.host_type != HostType.DEFAULT or "." not in url.hostname


def source(setting: str) -> str:
    """Where a CORS setting was set: settings.py reads it from the environment (and .env) first."""
    return ".env or the environment" if setting in os.environ else "config/settings.py"
