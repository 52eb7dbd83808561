"""Ask this project what a browser would get from it for a page on some origin, and explain why:
the browser's requests go through Django's test client (this project's own middleware and settings
answer, in a transaction rolled back after), and the response headers are read as a browser does."""

from __future__ import annotations

import logging
import re
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from corsheaders.checks import check_settings
from corsheaders.conf import conf
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connections, transaction
from django.http import HttpHeaders, HttpRequest, HttpResponseForbidden
from django.middleware.csrf import get_token
from django.test import Client, override_settings

from config.origins import NULL, judge, source

from .origins import allowing, cross_site, near_miss, on_host_of

# A page may send these methods and headers without a preflight. content-type is left out:
# corscheck takes it to mean JSON, which needs a preflight (form and text/plain types do not).
SIMPLE_METHODS = frozenset({"GET", "HEAD", "POST"})
SAFELISTED_HEADERS = frozenset({"accept", "accept-language", "content-language"})
# The browser sets these itself; fetch() refuses or drops them (the Fetch standard's forbidden
# methods and request-header names).
FORBIDDEN_METHODS = frozenset({"CONNECT", "TRACE", "TRACK"})
FORBIDDEN_HEADER_RE = re.compile(
    r"accept-(charset|encoding)|access-control-request-(headers|method)|connection"
    r"|content-length|cookie2?|date|dnt|expect|host|keep-alive|origin|referer|set-cookie|te"
    r"|trailer|transfer-encoding|upgrade|via|(proxy|sec)-.*"
)
TOKEN_RE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# The response headers a browser's CORS check reads, in the order they are shown.
CORS_HEADERS = (
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Max-Age",
    "Access-Control-Expose-Headers",
    "Vary",
)
# Methods Django's CSRF check guards; a session cookie alone never authorises them.
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# DRF's SessionAuthentication refuses with this prefix before Django's reason.
DRF_CSRF_PREFIX = "CSRF Failed: "
OFF_SETTINGS = {
    "CORS_ALLOW_ALL_ORIGINS": False,
    "CORS_ALLOWED_ORIGINS": [],
    "CORS_ALLOWED_ORIGIN_REGEXES": [],
}


class BadInput(ValueError):
    """A question corscheck cannot ask: the message says what is wrong and what would do."""


@dataclass(frozen=True)
class Question:
    """What a page does: its origin (as given, as sent, what differs), the request, the API."""

    given: str
    origin: str
    changes: tuple[str, ...]
    method: str
    headers: tuple[str, ...]
    credentials: bool
    path: str
    api: str

    @property
    def preflighted(self) -> bool:
        return self.method not in SIMPLE_METHODS or bool(self.headers)


@dataclass
class Exchange:
    """One request as the browser sends it and the response headers its CORS check reads."""

    name: str
    method: str
    sent: dict[str, str]
    status: int
    reason: str
    received: dict[str, str]
    error: str = ""
    cors: bool = True  # False for the logged-in browser's request, sent after CORS let it in


@dataclass
class Refusal:
    """Why the browser refuses the response; `kind` picks the fix. `then` says what follows from a
    refusal of a response CORS lets the page read (by the cookie rules or Django's CSRF check)."""

    kind: str
    why: str
    then: str = ""


@dataclass
class Diagnosis:
    question: Question
    exchanges: list[Exchange] = field(default_factory=list)
    refusal: Refusal | None = None
    decided_by: str = ""
    near_misses: list[str] = field(default_factory=list)
    fix: list[str] = field(default_factory=list)


def ask(origin: str, method: str, headers: list[str], credentials: bool, path: str, api: str):
    """The Question for these command-line values; raises BadInput with the reason."""
    judged = judge(origin)
    if judged.refusal:
        guess = f" Did you mean {judged.guess}?" if judged.guess else ""
        example = "" if guess else " An origin looks like http://localhost:3000."
        raise BadInput(f"{origin!r} is not an origin: it {judged.refusal}.{guess}{example}")
    method = method.strip().upper()
    if not TOKEN_RE.fullmatch(method):
        raise BadInput(f"--method {method!r} is not an HTTP method; e.g. --method POST.")
    if method in FORBIDDEN_METHODS:
        raise BadInput(f"--method {method}: a browser never lets a page send it.")
    names = {name.strip().lower() for item in headers for name in item.split(",")}
    for name in sorted(names):
        if not TOKEN_RE.fullmatch(name):
            raise BadInput(f"--header {name!r} is not a header name; e.g. content-type.")
        if FORBIDDEN_HEADER_RE.fullmatch(name):
            raise BadInput(f"--header {name}: a page cannot set it; the browser does.")
    if not path.startswith("/") or any(char.isspace() for char in path):
        raise BadInput(f"--path {path!r} is not a path on this server; e.g. --path /api/posts/.")
    api_origin = judge(api).origin
    if api_origin in (None, NULL):
        raise BadInput(f"--api {api!r} is not the API's address; e.g. --api http://localhost:8000.")
    headers = tuple(sorted(names - SAFELISTED_HEADERS))
    return Question(
        origin, judged.origin, judged.changes, method, headers, credentials, path, api_origin
    )


def diagnose(question: Question) -> Diagnosis:
    """Send the browser's requests through the project and explain the browser's verdict."""
    diagnosis = Diagnosis(question)
    client = _client()
    with _sandbox():
        if question.preflighted:
            asks = {"Origin": question.origin, "Access-Control-Request-Method": question.method}
            if question.headers:
                asks["Access-Control-Request-Headers"] = ",".join(question.headers)
            preflight = _send(client, "Preflight", "OPTIONS", question, asks)
            diagnosis.exchanges.append(preflight)
            diagnosis.refusal = _cors_refusal(preflight, question)
        if diagnosis.refusal is None:
            actual = _send(client, "Request", question.method, question, _sent(question))
            diagnosis.exchanges.append(actual)
            diagnosis.refusal = _cors_refusal(actual, question)
        # SameSite=None cookies (over https) do cross sites; Lax and Strict ones do not.
        lax = settings.SESSION_COOKIE_SAMESITE not in ("None", False)
        cookies = diagnosis.refusal is None and question.credentials
        if cookies and lax and cross_site(question.origin, question.api):
            diagnosis.refusal = Refusal(
                "cross-site",
                f"the page and the API ({question.api}) are different sites, so the browser keeps "
                "no cookie the API sets for this page",
                "a login seems to work, and every request after it is anonymous",
            )
        elif cookies and question.method in UNSAFE_METHODS:
            csrf, diagnosis.refusal = _csrf_check(question)
            diagnosis.exchanges.append(csrf)
        rule = _origin_rule(client, question)
        path_has_cors = bool(rule) or _lets_in(client, question, CORS_ALLOW_ALL_ORIGINS=True)
    diagnosis.decided_by, diagnosis.fix = _explain(diagnosis, rule, path_has_cors)
    # django-cors-headers' own errors (E013 no scheme, E014 a path) stop runserver: no answer.
    stops = [f"{error.id}: {error.msg}" for error in check_settings() if error.is_serious()]
    if stops:
        diagnosis.exchanges = []
        diagnosis.refusal = Refusal("settings", "; ".join(stops))
        diagnosis.decided_by = "django-cors-headers' system check, before any request"
        diagnosis.fix = [
            "Write origins as scheme://host:port in .env, then start it again:",
            *_env_line(conf.CORS_ALLOWED_ORIGINS, question.origin),
        ]
    return diagnosis


def csrf_header() -> str:
    """The header Django reads the CSRF token from: CSRF_HEADER_NAME as a browser spells it."""
    return HttpHeaders.parse_header_name(settings.CSRF_HEADER_NAME).lower()


def _csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW while corscheck asks: Django's reason, readable in a header."""
    response = HttpResponseForbidden()
    response["X-Corscheck-CSRF-Reason"] = reason
    return response


def _csrf_check(question: Question) -> tuple[Exchange, Refusal | None]:
    """The request as a logged-in browser (a throwaway user, rolled back) with the csrftoken
    cookie sends it, and Django's CSRF verdict on it; DRF checks only what it authenticates by the
    session cookie, so a view that does not (token auth, csrf_exempt) answers without it."""
    user_model = get_user_model()
    user = user_model(**{user_model.USERNAME_FIELD: "corscheck-throwaway-user"})
    user.set_unusable_password()
    user.save()
    client = _client()
    client.force_login(user)
    # A CSRF secret for the cookie and a token made from it, as GET /api/auth/csrf/ hands out.
    probe = HttpRequest()
    token = get_token(probe)
    client.cookies[settings.CSRF_COOKIE_NAME] = probe.META["CSRF_COOKIE"]
    headers = _sent(question, token)
    with override_settings(CSRF_FAILURE_VIEW=f"{__name__}._csrf_failure"):
        response = client.generic(question.method, question.path, headers=headers, secure=_secure())
    reason = response.headers.get("X-Corscheck-CSRF-Reason") or _drf_csrf_reason(response)
    sent = {**headers, "Cookie": f"{settings.SESSION_COOKIE_NAME}, {settings.CSRF_COOKIE_NAME}"}
    sent.setdefault(csrf_header(), "(not sent)")
    name = "Request of a logged-in browser (a throwaway user, rolled back)"
    received = {"CSRF failure": reason} if reason else {}
    status, phrase = response.status_code, response.reason_phrase
    exchange = Exchange(name, question.method, sent, status, phrase, received, cors=False)
    if not reason:
        return exchange, None
    # The origin, or else the token (always its cookie: corscheck sends the cookie).
    kind, what = (
        ("csrf-origin", "origin") if reason.startswith("Origin") else ("csrf-token", "token")
    )
    then = f"a logged-in user's {question.method} fails with 403"
    why = f"Django's CSRF check refuses the {what} ({reason})"
    return exchange, Refusal(kind, why, then)


def _drf_csrf_reason(response) -> str:
    """Django's reason in DRF's 403, in the API's error shape: {"errors": [{"detail": ...}]}."""
    try:
        detail = response.json()["errors"][0]["detail"]
    except (ValueError, LookupError, TypeError):
        return ""
    refused = response.status_code == 403 and str(detail).startswith(DRF_CSRF_PREFIX)
    return str(detail).removeprefix(DRF_CSRF_PREFIX) if refused else ""


def _client() -> Client:
    """A test client that meets the CSRF check, on a host ALLOWED_HOSTS accepts (so no one has to
    add the test client's "testserver"); with DEBUG on, an empty list still accepts localhost."""
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"]
    host = next(filter(None, hosts), "localhost")
    return Client(enforce_csrf_checks=True, raise_request_exception=False, HTTP_HOST=host)


def _secure() -> bool:
    # Behind SECURE_SSL_REDIRECT a browser talks https; over http it would only see the redirect.
    return getattr(settings, "SECURE_SSL_REDIRECT", False)


@contextmanager
def _sandbox():
    """Whatever the requests write to a database is undone (corscheck changes no data), and Django
    logs no 4xx/5xx answer (a 400 for an empty POST, say): the report shows them."""
    with ExitStack() as stack:
        stack.callback(logging.disable, logging.root.manager.disable)
        logging.disable(logging.CRITICAL)
        for alias in connections:
            try:
                stack.enter_context(transaction.atomic(using=alias))
            except DatabaseError as error:
                raise BadInput(
                    f"cannot open a transaction on the {alias!r} database ({error}); corscheck "
                    "sends each request inside one and rolls it back."
                ) from None
        yield
        for alias in connections:
            transaction.set_rollback(True, using=alias)


def _send(client, name: str, method: str, question: Question, sent: dict[str, str]) -> Exchange:
    response = client.generic(method, question.path, headers=sent, secure=_secure())
    kind, value, _ = getattr(response, "exc_info", None) or (None, None, None)
    error = f"{kind.__name__}: {value}" if kind else ""
    received = {name: response.headers[name] for name in CORS_HEADERS if name in response.headers}
    status, reason = response.status_code, response.reason_phrase
    return Exchange(name, method, sent, status, reason, received, error)


def _sent(question: Question, csrf_token: str | None = None) -> dict[str, str]:
    """Origin, and the headers the page sets with stand-in values (JSON, the CSRF token)."""
    values = {"content-type": "application/json", csrf_header(): csrf_token or "corscheck"}
    page = {name: values.get(name, "corscheck") for name in question.headers}
    return {"Origin": question.origin, **page}


def _cors_refusal(exchange: Exchange, question: Question) -> Refusal | None:
    """The browser's CORS check of one response, a preflight's too (the Fetch standard's), or
    None when it passes."""
    allow_origin = exchange.received.get("Access-Control-Allow-Origin")
    if allow_origin is None:
        answer = "the preflight's answer" if exchange.method == "OPTIONS" else "the response"
        return Refusal("origin", f"{answer} has no Access-Control-Allow-Origin")
    if allow_origin == "*" and question.credentials:
        why = "Access-Control-Allow-Origin is *, which a browser never accepts with credentials"
        return Refusal("credentials", why)
    if allow_origin not in ("*", question.origin):
        why = f"Access-Control-Allow-Origin is {allow_origin!r}, not {question.origin}"
        return Refusal("origin", why)
    if question.credentials and exchange.received.get("Access-Control-Allow-Credentials") != "true":
        why = "a request with credentials needs Access-Control-Allow-Credentials: true"
        return Refusal("credentials", why)
    if exchange.method != "OPTIONS":  # CorsMiddleware answers a preflight it lets in with 200
        return None
    star = not question.credentials  # "*" counts as a wildcard only without credentials
    methods = _listed(exchange, "Access-Control-Allow-Methods")
    if question.method not in {*SIMPLE_METHODS, *methods} and not (star and "*" in methods):
        why = f"Access-Control-Allow-Methods does not list {question.method}"
        return Refusal("method", why)
    allowed = {name.lower() for name in _listed(exchange, "Access-Control-Allow-Headers")}
    missing = [
        name
        for name in question.headers
        if name not in allowed and not (star and "*" in allowed and name != "authorization")
    ]
    if missing:
        why = f"Access-Control-Allow-Headers does not list {', '.join(missing)}"
        return Refusal("headers", why)
    return None


def _listed(exchange: Exchange, header: str) -> list[str]:
    return [item.strip() for item in exchange.received.get(header, "").split(",") if item.strip()]


def _lets_in(client, question: Question, **cors_settings) -> bool:
    """Does the middleware let this origin in with only these CORS settings switched on?"""
    probe = {"Origin": question.origin, "Access-Control-Request-Method": "GET"}
    with override_settings(**{**OFF_SETTINGS, **cors_settings}):
        response = client.options(question.path, headers=probe, secure=_secure())
    return "Access-Control-Allow-Origin" in response.headers


def _origin_rule(client, question: Question) -> str:
    """Which setting lets the origin in, as the middleware itself answers; "" when none does."""
    if conf.CORS_ALLOW_ALL_ORIGINS and _lets_in(client, question, CORS_ALLOW_ALL_ORIGINS=True):
        where = source("CORS_ALLOW_ALL_ORIGINS")
        return f"CORS_ALLOW_ALL_ORIGINS = True (set in {where}), which lets every origin in"
    for entry in conf.CORS_ALLOWED_ORIGINS:
        if _lets_in(client, question, CORS_ALLOWED_ORIGINS=[entry]):
            where = source("CORS_ALLOWED_ORIGINS")
            rule = f"the CORS_ALLOWED_ORIGINS entry {entry!r} (set in {where})"
            if entry != question.origin:  # django-cors-headers forgives a path, CSRF does not
                rule += f"; write it as {question.origin}, as Django's CSRF check compares text"
            return rule
    for pattern in conf.CORS_ALLOWED_ORIGIN_REGEXES:
        if _lets_in(client, question, CORS_ALLOWED_ORIGIN_REGEXES=[pattern]):
            shown = getattr(pattern, "pattern", pattern)
            return f"the CORS_ALLOWED_ORIGIN_REGEXES pattern {shown!r}"
    return ""


def _env_line(entries, origin: str) -> list[str]:
    """The .env line whose CORS_ALLOWED_ORIGINS lets `origin` in too, and what it leaves out."""
    kept, left_out = allowing(list(entries), origin)
    shown = ", ".join(map(repr, left_out))
    note = [f"(left out, as they are no origins: {shown})"] if left_out else []
    return [f"    CORS_ALLOWED_ORIGINS={','.join(kept)}", *note]


def _explain(diagnosis: Diagnosis, rule: str, path_has_cors: bool) -> tuple[str, list[str]]:
    """Which setting decided, and the fix; the near misses too, for an origin no setting lets in."""
    question, refusal = diagnosis.question, diagnosis.refusal
    origin, kind, header = question.origin, refusal and refusal.kind, csrf_header()
    let_in = f"; the origin itself is let in by {rule}" if rule else ""
    restart = "put this line in .env (or the server's environment) and restart the server:"
    if kind is None:
        return rule or "no CORS setting: a check_request_enabled signal handler", []
    if kind == "origin" and not path_has_cors:
        decided_by = (
            f"django-cors-headers adds no CORS headers to {question.path} for any origin: "
            "CORS_URLS_REGEX leaves the path out, or a middleware above CorsMiddleware answers"
        )
        return decided_by, [
            "In config/settings.py keep corsheaders.middleware.CorsMiddleware first in "
            f"MIDDLEWARE, and let CORS_URLS_REGEX match {question.path}."
        ]
    if kind == "origin":
        regexes = len(conf.CORS_ALLOWED_ORIGIN_REGEXES) or "none"
        decided_by = (
            f"nothing lets {origin} in: it is not in CORS_ALLOWED_ORIGINS (set in "
            f"{source('CORS_ALLOWED_ORIGINS')}), no CORS_ALLOWED_ORIGIN_REGEXES pattern matches "
            f"it ({regexes} set), and CORS_ALLOW_ALL_ORIGINS is False"
        )
        diagnosis.near_misses = [
            f"{entry!r} in CORS_ALLOWED_ORIGINS {miss}"
            for entry in conf.CORS_ALLOWED_ORIGINS
            if (miss := near_miss(origin, entry))
        ]
        if origin == NULL:
            return decided_by, [
                "Open the page from its server (python -m http.server ...), not from a file.",
                "Do not allow null: every sandboxed page and local file sends it.",
            ]
        env_line = _env_line(conf.CORS_ALLOWED_ORIGINS, origin)
        return decided_by, [f"To let {origin} in, {restart}", *env_line]
    if kind == "credentials":
        return f"CORS_ALLOW_CREDENTIALS = {conf.CORS_ALLOW_CREDENTIALS}{let_in}", [
            "Set CORS_ALLOW_CREDENTIALS = True in config/settings.py (with a list of trusted "
            'origins, never with allow-all), or call fetch() without credentials: "include".'
        ]
    if kind == "method":
        return f"CORS_ALLOW_METHODS, which lacks {question.method}{let_in}", [
            "In config/settings.py: from corsheaders.defaults import default_methods, then",
            f'    CORS_ALLOW_METHODS = (*default_methods, "{question.method}")',
        ]
    if kind == "headers":
        extra = ", ".join(f'"{name}"' for name in question.headers)
        return f"CORS_ALLOW_HEADERS{let_in}", [
            "In config/settings.py: from corsheaders.defaults import default_headers, then",
            f"    CORS_ALLOW_HEADERS = (*default_headers, {extra})",
        ]
    if kind == "cross-site":
        page, api = on_host_of(origin, question.api), on_host_of(question.api, origin)
        decided_by = (
            "the browser's cookie rules: cookies ignore ports, not hosts (localhost and "
            "127.0.0.1 are different sites)"
        )
        return decided_by, [
            f"Open the page as {page}, on the API's host (and keep {page} in "
            f"CORS_ALLOWED_ORIGINS), or call the API on the page's host, as {api}."
        ]
    if kind == "csrf-origin":
        decided_by = (
            f"CSRF_TRUSTED_ORIGINS, which lacks {origin} (this project sets it to "
            "CORS_ALLOWED_ORIGINS plus CSRF_EXTRA_TRUSTED_ORIGINS)"
        )
        trusted = getattr(settings, "CSRF_TRUSTED_ORIGINS", [])
        fix = f"Let {origin} in for both CORS and CSRF: {restart}"
        return decided_by, [fix, *_env_line(trusted, origin)]
    what = (
        "whose token Django does not accept"
        if header in question.headers
        else "which the page does not send"
    )
    return f"the {header} header, {what}", [
        f"With each {', '.join(sorted(UNSAFE_METHODS))} the page sends the CSRF token as "
        f"the {header} header (check it with --header {header}). It gets the token from "
        "GET /api/auth/csrf/ when it starts and again after logging in (it can read the "
        "csrftoken cookie only on the API's own host: cookies ignore ports, not hosts)."
    ]


def report(diagnosis: Diagnosis) -> str:
    """The diagnosis as the command prints it."""
    question, refusal = diagnosis.question, diagnosis.refusal
    lines = [f"Origin:  {question.origin}   (the Origin header a browser on that page sends)"]
    if question.changes:
        lines.append(f"         you gave {question.given!r}: {'; '.join(question.changes)}")
    headers = f" with {', '.join(question.headers)}" if question.headers else ""
    credentials = ', credentials: "include"' if question.credentials else ""
    what = f"{question.method} {question.path}{headers}{credentials}"
    how = "preflighted: the browser asks with OPTIONS first" if question.preflighted else ""
    lines.append(f"Sends:   {what}   ({how or 'a simple request: no preflight'})")
    for exchange in diagnosis.exchanges:
        lines += ["", f"{exchange.name}:", f"  > {exchange.method} {question.path}"]
        lines += [f"  > {name}: {value}" for name, value in exchange.sent.items()]
        lines.append(f"  < {exchange.status} {exchange.reason}")
        if exchange.cors and "Access-Control-Allow-Origin" not in exchange.received:
            lines.append("  < Access-Control-Allow-Origin: (missing)")
        lines += [f"  < {name}: {value}" for name, value in exchange.received.items()]
        if exchange.error:
            lines.append(f"  ! the view raised {exchange.error}")
            if re.search(r"no such table|does not exist", exchange.error):
                lines.append("  ! (python manage.py migrate creates the tables)")
    stopped = question.preflighted and len(diagnosis.exchanges) == 1
    if stopped:
        never = f"the browser never sends the {question.method} after a failed preflight"
        lines += ["", f"Request: not sent; {never}."]
    lines.append("")
    if refusal is None:
        lines.append(f"ALLOWED: a page on {question.origin} may read the response.")
    elif refusal.then:
        lines.append(
            f"REFUSED: CORS lets a page on {question.origin} read the response, but "
            f"{refusal.why}: {refusal.then}."
        )
    elif refusal.kind == "settings":
        lines.append(f"STOPPED: the server does not start, so no page reaches it: {refusal.why}")
    elif stopped:
        lines.append(f"BLOCKED: {refusal.why}, so the {question.method} is never sent.")
    else:
        status = diagnosis.exchanges[-1].status
        lines.append(
            f"BLOCKED: {refusal.why}, so the browser hides it from the page "
            f"(the server did answer: {status})."
        )
    lines.append(f"Decided by: {diagnosis.decided_by}.")
    if diagnosis.near_misses:
        lines += ["Near misses:", *(f"  {miss}" for miss in diagnosis.near_misses)]
    lines += diagnosis.fix
    return "\n".join(lines) + "\n"
