"""What a browser sends in its `Origin` header, and how close other text comes to it.

The one home of these rules in this project: the `corscheck` command and the system check in
checks.py both use them. A browser builds the origin from the page's URL: scheme://host[:port],
in lower case, without the default port (80 for http, 443 for https) and without any path. A page
opened from a file has the opaque origin `null`.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# One machine, three origins: a browser compares the text, not where it leads.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
HOST_LABEL_RE = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")


class NotAnOrigin(ValueError):
    """Text no browser would send as an origin: why, and the origin it was probably meant as."""

    def __init__(self, text: str, reason: str, did_you_mean: str | None = None) -> None:
        self.text, self.reason, self.did_you_mean = text, reason, did_you_mean
        super().__init__(f"{text!r} is not an origin: it {reason}")


@dataclass(frozen=True)
class Origin:
    """An origin as a browser serialises it; `Origin("", "")` is the opaque origin `null`."""

    scheme: str
    host: str
    port: int = 0

    def __str__(self) -> str:
        if not self.scheme:
            return "null"
        if self.port == DEFAULT_PORTS[self.scheme]:
            return f"{self.scheme}://{self.host}"
        return f"{self.scheme}://{self.host}:{self.port}"


NULL = Origin("", "")


@dataclass(frozen=True)
class Parsed:
    """The origin a browser sends for some text, and each way that text is written differently."""

    origin: Origin
    changes: tuple[str, ...] = ()


def parse(text: str) -> Parsed:
    """The origin a browser on a page at `text` (an origin or any page URL) sends.

    Raises NotAnOrigin when no browser page has such an address.
    """
    changes = []
    stripped = text.strip()
    if stripped != text:
        changes.append("spaces around it")
    if not stripped:
        raise NotAnOrigin(text, "is empty")
    if stripped == "null":
        return Parsed(NULL, tuple(changes))
    if stripped == "*":
        raise NotAnOrigin(text, "is a wildcard; CORS_ALLOW_ALL_ORIGINS=True allows every origin")
    if any(char.isspace() or not char.isprintable() for char in stripped):
        raise NotAnOrigin(text, "contains a space or control character")
    if "://" not in stripped:
        return _without_scheme(text, stripped)
    try:
        parts = urlsplit(stripped)
        port = parts.port
    except ValueError as error:
        raise NotAnOrigin(text, f"is not a valid URL ({error})") from None
    scheme = parts.scheme.lower()
    if scheme == "file":
        return Parsed(NULL, (*changes, "a file:// address: a page opened from a file sends null"))
    if scheme not in DEFAULT_PORTS:
        raise NotAnOrigin(text, "does not start with http:// or https://")
    netloc = parts.netloc
    if "@" in netloc:
        changes.append("user info (user@), which is never part of an origin")
        netloc = netloc.rpartition("@")[2]
    if any(char.isupper() for char in parts.scheme + netloc):
        changes.append("upper case")
    host = _host(text, parts.hostname or "")
    if port == 0:
        raise NotAnOrigin(text, "has port 0")
    if port is None:
        port = DEFAULT_PORTS[scheme]
    elif port == DEFAULT_PORTS[scheme]:
        changes.append(f"the default port :{port}, which a browser leaves out")
    if host != (parts.hostname or "") and not host.startswith("["):
        changes.append("a non-ASCII host name, which a browser sends in its xn-- form")
    if parts.path == "/" and not (parts.query or parts.fragment):
        changes.append("a trailing slash")
    elif parts.path or parts.query or parts.fragment or stripped.endswith(("?", "#")):
        changes.append("a path, query or fragment, which is never part of an origin")
    return Parsed(Origin(scheme, host, port), tuple(changes))


def _without_scheme(text: str, stripped: str) -> Parsed:
    guess = None
    try:
        host = urlsplit(f"http://{stripped.lstrip('/')}").hostname or ""
        scheme = "http" if _is_local(host) else "https"
        guess = str(parse(f"{scheme}://{stripped.lstrip('/')}").origin)
    except (NotAnOrigin, ValueError):
        pass
    raise NotAnOrigin(text, "has no scheme (http:// or https://)", guess)


def _is_local(host: str) -> bool:
    if host in LOOPBACK_HOSTS or "." not in host:
        return True
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _host(text: str, host: str) -> str:
    """The host as a browser serialises it: lower case, IDNA, IPv6 in brackets."""
    if not host:
        raise NotAnOrigin(text, "has no host")
    if "*" in host:
        raise NotAnOrigin(
            text,
            "has a wildcard host; list each origin, or match them with CORS_ALLOWED_ORIGIN_REGEXES",
        )
    if ":" in host:  # an IPv6 literal; urlsplit already required the brackets
        try:
            return f"[{ipaddress.IPv6Address(host).compressed}]"
        except ValueError:
            raise NotAnOrigin(text, "has an IPv6 address that is not valid") from None
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise NotAnOrigin(text, "has a host name that is not valid") from None
    labels = ascii_host.split(".")
    if labels[-1] == "":  # "example.com." is a host of its own, and a valid one
        labels.pop()
    if not labels or not all(HOST_LABEL_RE.fullmatch(label) for label in labels):
        raise NotAnOrigin(text, "has a host name that is not valid")
    return ascii_host


def near_miss(origin: Origin, entry: str) -> str | None:
    """How an allowed `entry` comes close to `origin` without letting it in; None if it does not.

    One difference only: a trailing slash, path, upper case, default port or spaces in the entry;
    no scheme; http vs https; localhost vs 127.0.0.1 vs [::1]; another port.
    """
    try:
        parsed = parse(entry)
    except NotAnOrigin as error:
        if error.did_you_mean == str(origin):
            return f"has no scheme; write it as {origin}"
        return None
    other = parsed.origin
    if other == origin:
        if not parsed.changes:
            return None
        return f"is meant for {origin} but has {', '.join(parsed.changes)}; write it as {origin}"
    if not (other.scheme and origin.scheme):
        return None
    if other.host == origin.host and other.scheme != origin.scheme:
        both_default = (other.port, origin.port) == (
            DEFAULT_PORTS[other.scheme],
            DEFAULT_PORTS[origin.scheme],
        )
        if other.port == origin.port or both_default:
            return f"is {other.scheme}://, the page is {origin.scheme}://: the scheme is part of it"
    loopback = {other.host, origin.host} <= LOOPBACK_HOSTS
    if loopback and other.scheme == origin.scheme and other.port == origin.port:
        return (
            f"names {other.host}, the page is on {origin.host}: the same machine, "
            "but a different origin"
        )
    if other.scheme == origin.scheme and other.host == origin.host:
        return f"is for port {other.port}, the page is on port {origin.port}"
    return None


def allowing(entries: list[str], origin: Origin) -> tuple[list[str], list[str]]:
    """The entries written as a browser sends them, plus `origin`; and the entries left out.

    What CORS_ALLOWED_ORIGINS should hold to let `origin` in: entries that are no origin at all
    (a wildcard, say) are left out, since they would only fail the system checks again.
    """
    kept: dict[str, None] = {}
    left_out = []
    for entry in entries:
        try:
            kept.setdefault(str(parse(entry).origin))
        except NotAnOrigin as error:
            if error.did_you_mean:
                kept.setdefault(error.did_you_mean)
            else:
                left_out.append(entry)
    kept.setdefault(str(origin))
    return list(kept), left_out


def source(setting: str) -> str:
    """Where a CORS setting was set: settings.py reads it from the environment (and .env) first."""
    return ".env or the environment" if setting in os.environ else "config/settings.py"
