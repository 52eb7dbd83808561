"""Django settings for this project.

Values that differ between machines come from the environment, or from `.env` beside manage.py
(see .env.example). https://docs.djangoproject.com/en/stable/ref/settings/
"""

from datetime import timedelta
from pathlib import Path

import django
import environ

from config.log import logging_config
from config.startup_checks import refuse_to_serve

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables already set in the environment win over the ones in .env.
environ.Env.read_env(BASE_DIR / ".env")


# Core settings
# https://docs.djangoproject.com/en/stable/howto/deployment/checklist/

# Empty when unset: the start-up checks at the end refuse it with the fix.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])


# Application definition
# https://docs.djangoproject.com/en/stable/ref/applications/

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
{%- if cookiecutter.auth == "token" %}
    "rest_framework.authtoken",
{%- endif %}
    "drf_standardized_errors",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by this project: no CDN
    "axes",  # the login guard
{%- if cookiecutter.auth != "none" %}
    "allauth",
    "allauth.account",
    "allauth.socialaccount",  # dj-rest-auth's sign-up view imports its models
    "dj_rest_auth",
    "dj_rest_auth.registration",
{%- endif %}
    "accounts",
    "api",
    "posts",
    "corscheck",  # manage.py corscheck ORIGIN, and system checks of the CORS settings
]

MIDDLEWARE = [
    # First: every response, even a redirect from APPEND_SLASH or to https, and a static file,
    # must carry CORS headers decided by CORS_ALLOWED_ORIGINS below.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A locked-out login refused before the rest of the stack runs (accounts/login_guard.py).
    "accounts.login_guard.RefuseLockedOutLogins",
    # Serves collected static files (the admin's, the browsable API's) in production.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
{%- if cookiecutter.auth != "none" %}
    "allauth.account.middleware.AccountMiddleware",
{%- endif %}
    # The Content-Security-Policy header (below): Django's own from Django 6, django-csp before.
    "django.middleware.csp.ContentSecurityPolicyMiddleware"
    if django.VERSION >= (6, 0)
    else "csp.middleware.CSPMiddleware",
    # Last, as django-axes documents: turns a locked-out login into its 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"


# Database
# https://django-environ.readthedocs.io/en/latest/types.html

# DATABASE_URL picks the database, e.g. postgres://USER:PASSWORD@HOST:5432/NAME or
# sqlite:////absolute/path.sqlite3.
{%- if cookiecutter.database == "postgresql" %}
# Unset: the PostgreSQL database named after this project, over the local socket as your OS user.
DATABASES = {
    "default": env.db("DATABASE_URL", default={{ ("postgres:///" ~ (cookiecutter.project_slug)) | py }}),
}
{%- else %}
# Unset: SQLite in the project folder.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
{%- endif %}
# In production a worker keeps its connection for a minute, checked before reuse, instead of
# opening one per request. Not in development: runserver starts a thread per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
{%- if cookiecutter.database == "postgresql" %}
# PostgreSQL stops any statement that runs longer than this many milliseconds (0: never), well
# before gunicorn's 30 s worker timeout, and the API answers 503 (api/exceptions.py). For a long
# migration: DATABASE_STATEMENT_TIMEOUT_MS=0 python manage.py migrate.
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=5000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # not a DATABASE_URL=sqlite
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )
{%- endif %}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Cache
# https://docs.djangoproject.com/en/stable/topics/cache/

# Where the API counts anonymous requests (API_ANONYMOUS_*_RATE), and, when CACHE_URL is set, the
# login guard its failures. Unset: each process's memory,
# so gunicorn's workers count apart. To count together, a shared one: "dbcache://django_cache"
# (after `manage.py createcachetable`), or "filecache:///var/tmp/NAME" for one machine's workers.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}


# Users and logging in
# https://docs.djangoproject.com/en/stable/topics/auth/customizing/

# Our own user model from the first migration (accounts/models.py), so it can grow later.
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The login guard (django-axes, accounts/login_guard.py): LOGIN_FAILURE_LIMIT failed logins for
# one account from one client address lock that account out from that address for
# LOGIN_LOCKOUT_MINUTES, on /api/auth/login/ and /admin/login/: a 429 with Retry-After, answered
# before any password is hashed; a successful login clears the count. Counted in the database
# (`migrate` makes the table), so every gunicorn worker and server shares it; in the cache
# instead when CACHE_URL names a shared one (Redis). Unlock early:
# `python manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login, hashing nothing
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
# Account and address together: why, in accounts/login_guard.py.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Failures are counted, successful logins are not logged: axes' access log would write a row per
# login and start a session for it, a cookie beside a token.
AXES_DISABLE_ACCESS_LOG = True
# A refused try does not count again (nor extend the wait): answering it writes nothing, so a
# flood of guesses at a locked-out account costs a read of the count, not a write.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# In the cache when CACHE_URL names one that all servers share (Redis, Memcached, a database
# cache); else in the database (axes refuses a per-process or file cache: axes.W001).
SHARED_CACHES = ("RedisCache", "PyMemcacheCache", "PyLibMCCache", "DatabaseCache")
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if CACHES["default"]["BACKEND"].endswith(SHARED_CACHES)
    else "axes.handlers.database.AxesDatabaseHandler"
)
# The client address as the API's throttles see it (API_NUM_PROXIES), the account name as
# usernames are unique, the refusal in the API's error shape.
AXES_CLIENT_IP_CALLABLE = "accounts.login_guard.client_address"
AXES_USERNAME_CALLABLE = "accounts.login_guard.account_name"
AXES_LOCKOUT_CALLABLE = "accounts.login_guard.lockout_response"
{%- if cookiecutter.auth == "token" %}

# auth=token: login answers {"key": ...}, sent back as `Authorization: Token <key>`: no cookie,
# so no CSRF token, from a front end on any site (README: Logging in from another origin).
REST_AUTH = {
    "TOKEN_MODEL": "rest_framework.authtoken.models.Token",
    "SESSION_LOGIN": False,
{%- elif cookiecutter.auth == "session" %}

# auth=session: login and sign-up answer 204 and set the session cookie; a page on another
# origin sends it with credentials: "include", and GET /api/auth/csrf/ gives it the CSRF token.
REST_AUTH = {
    "TOKEN_MODEL": None,
    "SESSION_LOGIN": True,
{%- endif %}
{%- if cookiecutter.auth != "none" %}
    # POST /api/auth/password/change/ asks for the old password too: a token or session someone
    # else got hold of cannot take the account over. The change ends the user's other logins.
    "OLD_PASSWORD_FIELD_ENABLED": True,
    # Email optional, so "" for many users: the user details say so (accounts/serializers.py).
    "USER_DETAILS_SERIALIZER": "accounts.serializers.UserDetailsSerializer",
}
# Sign-up (django-allauth behind dj-rest-auth): email optional and never verified, so no mail
# server is needed; mail goes to the console unless DJANGO_EMAIL_BACKEND names another backend.
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# A name or address taken in another case (or Unicode form) is refused at sign-up.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
{%- endif %}
{%- if cookiecutter.auth == "session" %}
# Lax is enough for a front end on the same site (another port, or app. beside api.example.com);
# another site needs None over https, which browsers blocking third-party cookies refuse.
SESSION_COOKIE_SAMESITE = env("DJANGO_SESSION_COOKIE_SAMESITE", default="Lax")
CSRF_COOKIE_SAMESITE = env("DJANGO_CSRF_COOKIE_SAMESITE", default="Lax")
# A domain (.example.com) shares the cookies with its other subdomains; unset, the API's host alone.
SESSION_COOKIE_DOMAIN = env("DJANGO_SESSION_COOKIE_DOMAIN", default=None)
CSRF_COOKIE_DOMAIN = env("DJANGO_CSRF_COOKIE_DOMAIN", default=None)
{%- elif cookiecutter.auth == "none" %}

# No login (auth=none): anyone may create, edit and delete posts, to learn CORS without it first;
# no cookie and no CSRF check gets in the way. `manage.py check --deploy` warns about it
# (posts.W001) until OPEN_API_IN_PRODUCTION=True confirms it.
OPEN_API_IN_PRODUCTION = env.bool("OPEN_API_IN_PRODUCTION", default=False)
{%- endif %}


# Internationalization
# https://docs.djangoproject.com/en/stable/topics/i18n/

LANGUAGE_CODE = {{ cookiecutter.language_code | language_code | py }}
TIME_ZONE = {{ cookiecutter.time_zone | time_zone | py }}
USE_I18N = True
USE_TZ = True


# Static files (the admin's, the browsable API's, Swagger UI's)
# https://whitenoise.readthedocs.io/en/stable/django.html

STATIC_URL = "static/"
# `manage.py collectstatic` copies every app's static files here; WhiteNoise serves them.
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves compressed copies with the content's hash in their names, cacheable
    # forever; development serves the files as they are, without collectstatic.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# CorsMiddleware decides CORS for static files too, instead of WhiteNoise's `*` for every origin.
WHITENOISE_ALLOW_ALL_ORIGINS = False
# WhiteNoise reads STATIC_ROOT once at start-up in production, and looks files up per request in
# development. Fixed here because the test runner turns DEBUG off after settings are loaded.
WHITENOISE_AUTOREFRESH = DEBUG


# The API: errors, limits, pages, schema (Django REST framework and its plug-ins in api/)
# https://www.django-rest-framework.org/api-guide/settings/

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
{%- if cookiecutter.auth == "token" %}
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
{%- elif cookiecutter.auth == "session" %}
    # DRF's, with a CSRF refusal under its own code, csrf_failed.
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.SessionAuthentication"],
{%- else %}
    "DEFAULT_AUTHENTICATION_CLASSES": [],
{%- endif %}
    # JSON bodies only, with a size limit; anything else is a 415.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    # Every 4xx and 5xx as {"type": ..., "errors": [{"code": ..., "detail": ..., "attr": ...}]}.
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    # Lists a page at a time (?page=2), API_PAGE_SIZE items unless ?page_size= asks otherwise.
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=20),
    # Anonymous writes and reads, API_ANONYMOUS_WRITE_RATE and API_ANONYMOUS_READ_RATE per
    # client address (api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousWriteThrottle",
        "api.throttling.AnonymousReadThrottle",
    ],
    # The client's address is the one this many proxies in front of Django put last in
    # X-Forwarded-For (production runs behind one TLS proxy); 0 reads REMOTE_ADDR. The login
    # guard counts by the same address. Too high, and a client picks its address by sending
    # X-Forwarded-For itself; too low, and every client counts as the proxy's one address.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0 if DEBUG else 1),
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
}
# How many writes one address may make without logging in: "60/hour", "10/minute", ...
# Counted in Django's cache (per process unless CACHE_URL names a shared one).
API_ANONYMOUS_WRITE_RATE = env("API_ANONYMOUS_WRITE_RATE", default="60/hour")
# How many reads (GET, HEAD, OPTIONS) one address may make without logging in: generous, to stop
# a scraper or a runaway loop, not a reader.
API_ANONYMOUS_READ_RATE = env("API_ANONYMOUS_READ_RATE", default="300/minute")
# ?search= takes at most this many words and characters; more is a 400 (api/search.py).
API_SEARCH_MAX_TERMS = env.int("API_SEARCH_MAX_TERMS", default=10)
API_SEARCH_MAX_LENGTH = env.int("API_SEARCH_MAX_LENGTH", default=200)
# The longest post content a client may send, in characters (the title's 200 is in the model).
POST_CONTENT_MAX_LENGTH = env.int("POST_CONTENT_MAX_LENGTH", default=10_000)
# The most items ?page_size= may ask for in one page.
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=100)
# The largest request body the API reads, in bytes: more is a 413.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=128 * 1024)

DRF_STANDARDIZED_ERRORS = {
    # A 500 is JSON in development too; the traceback still goes to the console log.
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
    # 413 for Django's own body limit too, 503 when the database does not answer in time.
    "EXCEPTION_HANDLER_CLASS": "api.exceptions.APIExceptionHandler",
    # The error responses the schema documents, with the 413 of api/parsers.py, and the
    # 403s of the session scheme (api/schema.py).
    "ALLOWED_ERROR_STATUS_CODES": [
        "400",
        "401",
        "403",
        "404",
        "405",
        "406",
        "413",
        "415",
        "429",
        "500",
        "503",
    ],
    "ERROR_SCHEMAS": {
        "403": "api.schema.ErrorResponse403Serializer",
        "413": "api.schema.ErrorResponse413Serializer",
        "429": "api.schema.ErrorResponse429Serializer",
        "503": "api.schema.ErrorResponse503Serializer",
    },
}

# The OpenAPI schema (drf-spectacular) at /api/schema/, Swagger UI at /api/docs/.
{{ cookiecutter.project_name | text | py | assignment("API_TITLE") }}
{{ cookiecutter.description | text | py | assignment("API_DESCRIPTION") }}
# Raise it when the API changes in a way its clients notice.
API_VERSION = "1.0.0"
SPECTACULAR_SETTINGS = {
    "TITLE": API_TITLE,
    "DESCRIPTION": API_DESCRIPTION,
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies apart from responses: `id`, `author` and the dates are never sent.
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # One name each for the error types (drf-standardized-errors' documented setup).
    "ENUM_NAME_OVERRIDES": {
        "ValidationErrorEnum": "drf_standardized_errors.openapi_serializers.ValidationErrorEnum",
        "ClientErrorEnum": "drf_standardized_errors.openapi_serializers.ClientErrorEnum",
        "ServerErrorEnum": "drf_standardized_errors.openapi_serializers.ServerErrorEnum",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "drf_standardized_errors.openapi_hooks.postprocess_schema_enums",
    ],
}


# Cross-origin resource sharing (django-cors-headers)
# https://github.com/adamchainz/django-cors-headers#configuration

# A browser sends `Origin: scheme://host:port` with each cross-origin request and keeps the
# response only when `Access-Control-Allow-Origin` names that origin (or is `*`).
# CORS_ALLOWED_ORIGINS in the environment replaces the list below, e.g.
# CORS_ALLOWED_ORIGINS=https://app.example.com,http://localhost:3000
CORS_ALLOWED_ORIGINS = env.list(
    "CORS_ALLOWED_ORIGINS",
    default={{ cookiecutter | allowed_origins | py_list(4) }},
)
# True answers every origin with `Access-Control-Allow-Origin: *`.
CORS_ALLOW_ALL_ORIGINS = env.bool("CORS_ALLOW_ALL_ORIGINS", default={{ cookiecutter.cors_allow_all_origins | boolean }})
# True lets allowed origins send cookies and Authorization headers (fetch credentials: "include").
CORS_ALLOW_CREDENTIALS = {{ cookiecutter.cors_allow_credentials | boolean }}
# Pages on the allowed origins may also send unsafe requests that Django's CSRF check accepts.
# So may the site's own pages where a proxy tells Django https but the browser shows http
# (compose.yaml's nginx on http://localhost:8080): Django would compare them with https://.
CSRF_EXTRA_TRUSTED_ORIGINS = env.list("CSRF_EXTRA_TRUSTED_ORIGINS", default=[])
if DEBUG:  # dev.py's client, on the CLIENT_PORT it was started with (never in production)
    dev_client = env.list("DEV_CLIENT_ORIGINS", default=[])
    CORS_ALLOWED_ORIGINS = list(dict.fromkeys([*CORS_ALLOWED_ORIGINS, *dev_client]))
CSRF_TRUSTED_ORIGINS = [*CORS_ALLOWED_ORIGINS, *CSRF_EXTRA_TRUSTED_ORIGINS]
# A CSRF refusal is JSON under /api/ too, with the code csrf_failed.
CSRF_FAILURE_VIEW = "api.errors.csrf_failure"
# Allow-all in production must be meant: `manage.py check --deploy` warns about it
# (corscheck.W002) unless CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION=True confirms a public API.
CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION = env.bool(
    "CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION", default=False
)


# HTTPS in production (DJANGO_DEBUG=False), behind a proxy that terminates TLS
# https://docs.djangoproject.com/en/stable/topics/security/#ssl-https

# Each can be changed in the environment. Trust X-Forwarded-Proto only behind a proxy that sets it.
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain http requests are redirected to https (False if the proxy already does it).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Except the health check (api/health.py): probes call the server directly, over plain http.
SECURE_REDIRECT_EXEMPT = [r"^api/health/?$"]
# Strict-Transport-Security: browsers use only https for this host for that many seconds. Start
# small; raise to a year (31536000) once every part of the site works over https.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
# Lets the host be submitted to the browsers' preload list (hstspreload.org, which also wants a
# year of max-age); submitting it is a separate step that is slow to undo.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
# Session and CSRF cookies only over https.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG


# Content-Security-Policy
# https://docs.djangoproject.com/en/stable/ref/csp/ (Django 6), https://django-csp.readthedocs.io

# On every page Django serves (the admin, Swagger UI at /api/docs/, the browsable API): scripts
# from this server only, so an injected <script> or onclick= never runs. Inline styles are
# allowed (Swagger UI's page has a <style> block). One policy for both middlewares above.
CONTENT_SECURITY_POLICY_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
SECURE_CSP = CONTENT_SECURITY_POLICY_DIRECTIVES  # Django 6
CONTENT_SECURITY_POLICY = {"DIRECTIVES": CONTENT_SECURITY_POLICY_DIRECTIVES}  # django-csp


# Logging (config/log.py)
# https://docs.djangoproject.com/en/stable/topics/logging/

# Every record at DJANGO_LOG_LEVEL and above to stderr, where gunicorn and process managers collect
# it: each 5xx with its request line and traceback, 4xx warnings, django.security.* events (CSRF
# failures, disallowed hosts). DJANGO_LOG_FORMAT=json writes one JSON object per line instead.
LOGGING = logging_config(
    level=env.str("DJANGO_LOG_LEVEL", default="INFO").upper(),
    fmt=env.str("DJANGO_LOG_FORMAT", default="plain").lower(),
)


# Start-up checks (config/startup_checks.py)
# https://docs.djangoproject.com/en/stable/topics/checks/

# Last, once every setting is known: gunicorn and uvicorn never run the system checks, so with
# DJANGO_DEBUG=False settings that would serve wrongly stop every server here, a line per problem.
refuse_to_serve(globals(), env.ENVIRON)
