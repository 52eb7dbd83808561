"""The comparisons of origins `manage.py corscheck` makes; what an origin is, is config/origins.py's
judge()."""

from __future__ import annotations

from ada_url import URL

from config.origins import DEFAULT_PORTS, NULL, judge, plain_host

# One machine, three origins: a browser compares the text, not where it leads.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})


def _parts(origin: str) -> tuple[str, str, str]:
    """scheme, host and port of an origin as a browser sends it; the port spelled out."""
    url = URL(origin)
    scheme = url.protocol[:-1]
    return scheme, url.hostname, url.port or DEFAULT_PORTS[scheme]


def near_miss(origin: str, entry: str) -> str | None:
    """How an allowed `entry` comes close to `origin` without letting it in (one difference only:
    how it is written, no scheme, the scheme, the loopback name, the port); None if it does not."""
    judged = judge(entry)
    if judged.refusal:
        return f"has no scheme; write it as {origin}" if judged.guess == origin else None
    if judged.origin == origin:
        changes = ", ".join(judged.changes)
        return f"is meant for {origin} but has {changes}; write it as {origin}" if changes else None
    if NULL in (judged.origin, origin):
        return None
    scheme, host, port = _parts(origin)
    other_scheme, other_host, other_port = _parts(judged.origin)
    default_ports = (DEFAULT_PORTS[scheme], DEFAULT_PORTS[other_scheme]) == (port, other_port)
    if other_host == host and other_scheme != scheme and (other_port == port or default_ports):
        return f"is {other_scheme}://, the page is {scheme}://: the scheme is part of it"
    if other_scheme != scheme or other_port != port and other_host != host:
        return None
    if other_port != port:
        return f"is for port {other_port}, the page is on port {port}"
    if {other_host, host} <= LOOPBACK_HOSTS:
        return f"names {other_host}, the page is on {host}: the same machine, another origin"
    return None


def allowing(entries: list[str], origin: str) -> tuple[list[str], list[str]]:
    """What CORS_ALLOWED_ORIGINS should hold to let `origin` in: the entries as a browser sends
    them, plus `origin`; and the entries left out, as they are no origin at all (a wildcard)."""
    fixes = [(entry, judge(entry).fix) for entry in entries]
    kept = dict.fromkeys([*(fix for _, fix in fixes if fix), origin])
    return list(kept), [entry for entry, fix in fixes if not fix]


def cross_site(page: str, api: str) -> bool:
    """Whether the page surely gets no SameSite=Lax cookie of the API: another scheme, or another
    host where one is an IP address or a name without a dot (no Public Suffix List here)."""
    if NULL in (page, api):
        return page != api
    (page_scheme, page_host, _), (api_scheme, api_host, _) = _parts(page), _parts(api)
    if page_scheme != api_scheme:
        return True
    return page_host != api_host and (plain_host(page) or plain_host(api))


def on_host_of(origin: str, other: str) -> str:
    """`origin` moved to the scheme and host of `other`, its port kept."""
    url, target = URL(origin), URL(other)
    url.protocol, url.hostname = target.protocol, target.hostname
    return url.origin
