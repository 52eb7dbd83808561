"""What a browser sends in its `Origin` header, and how close other text comes to it.

The one home of these rules: the `corscheck` command and the system check in checks.py use them
here, and the project template's answers.py loads this very file when the project is made, so
the origins written into config/settings.py are the ones these rules give.

A browser builds the origin from the page's URL by the WHATWG URL standard: scheme://host[:port],
without the default port (80 for http, 443 for https), user info or path. A host name is mapped
and converted to ASCII by UTS #46 without transitional processing (`faß.de` is `xn--fa-hia.de`,
not `fass.de`), a host that ends in a number is an IPv4 address in any of its number forms
(`0x7f.1` is `127.0.0.1`), an IPv6 address is written compressed (`[::ffff:7f00:1]`), and a
trailing dot stays (`example.com.` is a host of its own). A page opened from a file has the
opaque origin `null`. The template's tests hold these rules against Chromium's `new URL(x).origin`.

Stricter than a browser, each with its reason: no wildcard, space or control character; no port
0; host name labels of letters, digits, `-` and `_` only, 1 to 63 of them, not starting or ending
with `-`, and no empty label but a trailing dot's; schemes other than http and https.
"""

from __future__ import annotations

import ipaddress
import os
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

import idna

DEFAULT_PORTS = {"http": 80, "https": 443}
# One machine, three origins: a browser compares the text, not where it leads.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
HOST_LABEL_RE = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
SCHEME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*")
# What a browser strips from both ends of a URL: C0 control characters and the space.
C0_AND_SPACE = "".join(map(chr, range(0x21)))
# Where the host and port end in an http(s) URL; a backslash counts as a slash there.
AUTHORITY_END_RE = re.compile(r"[/\\?#]")
# WHATWG's forbidden domain code points: no host name holds them, even after IDNA.
FORBIDDEN_IN_DOMAIN = frozenset(map(chr, range(0x21))) | frozenset("#%/:<>?@[\\]^|\x7f")
DECIMAL, OCTAL, HEXADECIMAL = "0123456789", "01234567", "0123456789abcdefABCDEF"
JOINERS = "\u200c\u200d"
RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})

# The ways some text differs from the origin a browser sends for it (Parsed.changes).
SPACES = "spaces around it"
UPPER_CASE = "upper case"
SLASHES = "something other than // after the scheme"
USER_INFO = "user info (user@), which is never part of an origin"
NON_ASCII_HOST = "a non-ASCII host name, which a browser sends in its xn-- form"
HOST_FORM = "a host written differently than a browser sends it"
TRAILING_SLASH = "a trailing slash"
PATH = "a path, query or fragment, which is never part of an origin"
FILE = "a file:// address: a page opened from a file sends null"


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

    Raises NotAnOrigin when no browser page has such an address, or when the address is one this
    module refuses on purpose (see the module's docstring).
    """
    changes = []
    stripped = text.strip(C0_AND_SPACE)
    if stripped != text:
        changes.append(SPACES)
    if not stripped:
        raise NotAnOrigin(text, "is empty")
    if stripped == "null":
        return Parsed(NULL, tuple(changes))
    if stripped == "*":
        raise NotAnOrigin(text, "is a wildcard; CORS_ALLOW_ALL_ORIGINS=True allows every origin")
    if any(char.isspace() or not char.isprintable() for char in stripped):
        raise NotAnOrigin(text, "contains a space or control character")
    typed_scheme, _, rest = stripped.partition(":")
    scheme = typed_scheme.lower()
    if not (
        SCHEME_RE.fullmatch(typed_scheme)
        and (scheme in {"http", "https", "file"} or rest.startswith("//"))
    ):
        return _without_scheme(text, stripped)
    if scheme == "file":
        return Parsed(NULL, (*changes, FILE))
    if scheme not in DEFAULT_PORTS:
        raise NotAnOrigin(text, "does not start with http:// or https://")
    # http(s):, then any slashes and backslashes, the authority, and the path, query or fragment.
    after_slashes = rest.lstrip("/\\")
    if rest[: len(rest) - len(after_slashes)] != "//":
        changes.append(SLASHES)
    end = AUTHORITY_END_RE.search(after_slashes)
    cut = end.start() if end else len(after_slashes)
    authority, tail = after_slashes[:cut], after_slashes[cut:]
    _, at, host_and_port = authority.rpartition("@")
    if at:
        changes.append(USER_INFO)
    if any(char.isupper() for char in typed_scheme + host_and_port):
        changes.append(UPPER_CASE)
    typed_host, port = _split_port(text, host_and_port)
    host = _host(text, typed_host)
    if port == 0:
        raise NotAnOrigin(text, "has port 0, which no server listens on")
    if port is None:
        port = DEFAULT_PORTS[scheme]
    elif port == DEFAULT_PORTS[scheme]:
        changes.append(f"the default port :{port}, which a browser leaves out")
    if not typed_host.isascii():
        changes.append(NON_ASCII_HOST)
    elif host != typed_host.lower():
        changes.append(HOST_FORM)
    if tail in {"/", "\\"}:
        changes.append(TRAILING_SLASH)
    elif tail:
        changes.append(PATH)
    return Parsed(Origin(scheme, host, port), tuple(changes))


def _without_scheme(text: str, stripped: str) -> Parsed:
    guess = None
    rest = stripped.lstrip("/")
    try:
        origin = parse(f"http://{rest}").origin
        if not _is_local(origin.host):
            origin = parse(f"https://{rest}").origin
        guess = str(origin)
    except NotAnOrigin:
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


def _split_port(text: str, host_and_port: str) -> tuple[str, int | None]:
    """The host as typed, and the port: None when there is none (or `:` with no digits)."""
    if host_and_port.startswith("["):  # an IPv6 address: its colons are not the port's
        close = host_and_port.find("]") + 1 or len(host_and_port)
        host, after = host_and_port[:close], host_and_port[close:]
        if after and not after.startswith(":"):
            raise NotAnOrigin(text, "has an IPv6 address that is not valid")
        digits = after[1:]
    else:
        host, _, digits = host_and_port.partition(":")
    if not digits:
        return host, None
    if any(char not in DECIMAL for char in digits):
        raise NotAnOrigin(text, "has a port that is not a number")
    if len(digits.lstrip("0")) > 5 or int(digits) > 65535:
        raise NotAnOrigin(text, "is not a valid URL: its port is above 65535")
    return host, int(digits)


def _host(text: str, typed: str) -> str:
    """The host as a browser serialises it: WHATWG's host parser, then this module's refusals."""
    if not typed:
        raise NotAnOrigin(text, "has no host")
    if typed.startswith("["):
        pieces = _ipv6(typed[1:-1]) if typed.endswith("]") else None
        if pieces is None:
            raise NotAnOrigin(text, "has an IPv6 address that is not valid")
        return f"[{_ipv6_text(pieces)}]"
    domain = unquote(typed, errors="replace")  # a bad UTF-8 sequence becomes U+FFFD: refused
    if "*" in domain:
        raise NotAnOrigin(
            text,
            "has a wildcard host; list each origin, or match them with CORS_ALLOWED_ORIGIN_REGEXES",
        )
    if any(char.isspace() or not char.isprintable() for char in domain):
        raise NotAnOrigin(text, "contains a space or control character")
    ascii_domain = _domain_to_ascii(domain)
    if ascii_domain is None:
        raise NotAnOrigin(text, "has a host name that is not valid (IDNA, UTS #46)")
    forbidden = sorted(set(ascii_domain) & FORBIDDEN_IN_DOMAIN)
    if forbidden:
        raise NotAnOrigin(text, f"has {forbidden[0]!r} in its host, which no host name may hold")
    if _ends_in_a_number(ascii_domain):
        address = _ipv4(ascii_domain)
        if address is None:
            raise NotAnOrigin(text, "has a host that ends in a number but is no IPv4 address")
        return ".".join(str(address >> shift & 255) for shift in (24, 16, 8, 0))
    labels = ascii_domain.split(".")
    if len(labels) > 1 and labels[-1] == "":  # "example.com." is a host of its own, and valid
        labels.pop()
    if not all(HOST_LABEL_RE.fullmatch(label) for label in labels):
        raise NotAnOrigin(
            text,
            "has a host name that is not valid: each label between dots is 1 to 63 letters, "
            "digits, - or _, and does not start or end with -",
        )
    return ascii_domain


def _domain_to_ascii(domain: str) -> str | None:
    """UTS #46 ToASCII as the URL standard calls it (non-transitional, CheckBidi, CheckJoiners,
    no STD3 rules, no DNS length check); None where that fails."""
    try:
        mapped = idna.uts46_remap(domain, std3_rules=False, transitional=False)
    except (idna.IDNAError, UnicodeError, ValueError):
        return None
    labels = mapped.split(".")
    if mapped.isascii() and not any(label.startswith("xn--") for label in labels):
        return mapped or None  # ASCII maps to itself in lower case: nothing more to check
    unicode_labels = []
    for label in labels:
        if label.startswith("xn--"):
            label = _from_punycode(label)
            if label is None:
                return None
        unicode_labels.append(label)
    bidi = any(unicodedata.bidirectional(char) in RIGHT_TO_LEFT for char in "".join(unicode_labels))
    if not all(_valid_label(label, bidi) for label in unicode_labels):
        return None
    return (
        ".".join(
            label if label.isascii() else "xn--" + _punycode(label) for label in unicode_labels
        )
        or None
    )


def _punycode(label: str) -> str:
    return label.encode("punycode").decode("ascii")


def _from_punycode(label: str) -> str | None:
    """The Unicode label an `xn--` label stands for; None unless it is one a browser would make."""
    try:
        decoded = label[4:].encode("ascii").decode("punycode")
        remapped = idna.uts46_remap(decoded, std3_rules=False, transitional=False)
    except (idna.IDNAError, UnicodeError, ValueError):
        return None
    if decoded.isascii() or remapped != decoded or _punycode(decoded) != label[4:]:
        return None
    return decoded


def _valid_label(label: str, bidi: bool) -> bool:
    """UTS #46's validity criteria that the mapping itself does not ensure."""
    if not label:
        return True
    if unicodedata.normalize("NFC", label) != label or label.startswith("xn--"):
        return False
    if unicodedata.category(label[0]).startswith("M"):  # a combining mark cannot start a label
        return False
    joiners_ok = all(
        idna.valid_contextj(label, position)
        for position, char in enumerate(label)
        if char in JOINERS
    )
    if not joiners_ok:
        return False
    if bidi:  # in a domain with right-to-left text every label must keep the Bidi rule
        try:
            idna.check_bidi(label, check_ltr=True)
        except (idna.IDNAError, UnicodeError, ValueError):
            return False
    return True


def _ipv4_number(text: str) -> int | None:
    """One part of an IPv4 address: decimal, 0x hexadecimal or 0 octal; None if it is none."""
    digits, radix = text, 10
    if text[:2] in {"0x", "0X"}:
        digits, radix = text[2:], 16
    elif len(text) > 1 and text[0] == "0":
        digits, radix = text[1:], 8
    if not text:
        return None
    if not digits:
        return 0
    allowed = {10: DECIMAL, 8: OCTAL, 16: HEXADECIMAL}[radix]
    if any(char not in allowed for char in digits):
        return None
    if len(digits.lstrip("0")) > 12:  # far above 2**32 in any radix, and cheap to refuse
        return 2**40
    return int(digits, radix)


def _ends_in_a_number(domain: str) -> bool:
    parts = domain.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    return bool(last) and (all(char in DECIMAL for char in last) or _ipv4_number(last) is not None)


def _ipv4(domain: str) -> int | None:
    """WHATWG's IPv4 parser: 1 to 4 numbers, the last filling the bytes left; None if invalid."""
    parts = domain.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        return None
    numbers = [_ipv4_number(part) for part in parts]
    if None in numbers or any(number > 255 for number in numbers[:-1]):
        return None
    if numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    address = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        address += number * 256 ** (3 - index)
    return address


def _ipv6(text: str) -> list[int] | None:
    """WHATWG's IPv6 parser: the eight 16-bit pieces, or None if the address is not valid."""
    pieces = [0] * 8
    index, compress, position, end = 0, None, 0, len(text)

    def at(offset: int = 0) -> str:
        return text[position + offset] if position + offset < end else ""

    if at() == ":":
        if at(1) != ":":
            return None
        position, index = 2, 1
        compress = index
    while position < end:
        if index == 8:
            return None
        if at() == ":":
            if compress is not None:
                return None
            position, index = position + 1, index + 1
            compress = index
            continue
        value = length = 0
        while length < 4 and at() and at() in HEXADECIMAL:
            value, position, length = value * 16 + int(at(), 16), position + 1, length + 1
        if at() == ".":  # an IPv4 address in the last 32 bits
            if length == 0 or index > 6:
                return None
            position -= length
            numbers_seen = 0
            while position < end:
                if numbers_seen:
                    if at() != "." or numbers_seen >= 4:
                        return None
                    position += 1
                if not at() or at() not in DECIMAL:
                    return None
                piece = None
                while at() and at() in DECIMAL:
                    if piece == 0:  # a leading zero
                        return None
                    piece = int(at()) if piece is None else piece * 10 + int(at())
                    if piece > 255:
                        return None
                    position += 1
                pieces[index] = pieces[index] * 0x100 + piece
                numbers_seen += 1
                if numbers_seen in {2, 4}:
                    index += 1
            if numbers_seen != 4:
                return None
            break
        if at() == ":":
            position += 1
            if position == end:
                return None
        elif position < end:
            return None
        pieces[index] = value
        index += 1
    if compress is not None:
        swaps, index = index - compress, 7
        while index != 0 and swaps > 0:
            other = compress + swaps - 1
            pieces[index], pieces[other] = pieces[other], pieces[index]
            index, swaps = index - 1, swaps - 1
    elif index != 8:
        return None
    return pieces


def _ipv6_text(pieces: list[int]) -> str:
    """The pieces as a browser writes them: hex, lower case, the first longest run of two or
    more zero pieces as `::`."""
    start, length = None, 1
    for first in range(8):
        run = next((i for i in range(first, 8) if pieces[i]), 8) - first
        if run > length:
            start, length = first, run
    if start is None:
        return ":".join(f"{piece:x}" for piece in pieces)
    head = ":".join(f"{piece:x}" for piece in pieces[:start])
    rest = ":".join(f"{piece:x}" for piece in pieces[start + length :])
    return f"{head}::{rest}"


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
