"""Django settings: values that differ between machines come from the environment, or from `.env`
beside manage.py (see .env.example). https://docs.djangoproject.com/en/stable/ref/settings/"""

from datetime import timedelta
from pathlib import Path

import environ

from config.log import logging_config
from config.startup_checks import refuse_to_serve

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # variables set in the environment win over .env's


# Core settings: https://docs.djangoproject.com/en/stable/howto/deployment/checklist/

# Empty when unset: the start-up checks at the end refuse it with the fix.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])


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
    # First: every API response, even a redirect to https, carries the CORS headers (below).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A locked-out login refused before the rest of the stack runs (accounts/login_guard.py).
    "accounts.login_guard.RefuseLockedOutLogins",
    # Serves the collected static files (the admin's, the browsable API's) in production.
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
    # The Content-Security-Policy header (django-csp; the policy is below).
    "csp.middleware.CSPMiddleware",
    # /api/ paths with or without the trailing slash, and the JSON 404 (api/middleware.py).
    "api.middleware.EitherTrailingSlash",
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


# Database: https://django-environ.readthedocs.io/en/latest/types.html
# DATABASE_URL picks it, e.g. postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:////abs/path.sqlite3.
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
# Production keeps a connection a minute, checked before reuse; runserver's threads do not.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
{%- if cookiecutter.database == "postgresql" %}
# PostgreSQL stops a statement after this many ms (0: never), well before gunicorn's 30 s timeout,
# and the API answers 503 (api/exceptions.py). A long migration: DATABASE_STATEMENT_TIMEOUT_MS=0.
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=5000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # not a DATABASE_URL=sqlite
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )
{%- endif %}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Cache: https://docs.djangoproject.com/en/stable/topics/cache/
# Where the API counts anonymous requests, and, when CACHE_URL names Redis, the login guard its
# failures. Unset: in production the database's table django_cache, shared by every worker and
# server (`migrate` makes it, api/apps.py); with DEBUG on, this process's memory.
CACHES = {
    "default": env.cache(
        "CACHE_URL", default="locmemcache://" if DEBUG else "dbcache://django_cache"
    )
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's, counting in this process's memory while Redis is down (api/cache.py).
    CACHES["default"]["BACKEND"] = "api.cache.RedisCache"


# Users and logging in: https://docs.djangoproject.com/en/stable/topics/auth/customizing/

# Our own user model from the first migration (accounts/models.py), so it can grow later.
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The login guard (django-axes; why and how in accounts/login_guard.py): LOGIN_FAILURE_LIMIT failed
# logins for an account from one address lock it out from there for LOGIN_LOCKOUT_MINUTES (a 429
# before any password is hashed). Unlock early: `python manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login, hashing nothing
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# No access log (a row and a session per login); a refused try neither counts nor extends the wait.
AXES_DISABLE_ACCESS_LOG = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# In the cache when CACHE_URL names one that all servers share (Redis, Memcached); else in the
# database (axes refuses a per-process or file cache: axes.W001; a database cache would count
# less exactly than axes' own table).
SHARED_CACHES = ("RedisCache", "PyMemcacheCache", "PyLibMCCache")
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if CACHES["default"]["BACKEND"].endswith(SHARED_CACHES)
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_CLIENT_IP_CALLABLE = "accounts.login_guard.client_address"
AXES_USERNAME_CALLABLE = "accounts.login_guard.account_name"
AXES_LOCKOUT_CALLABLE = "accounts.login_guard.lockout_response"
{%- if cookiecutter.auth == "token" %}

# auth=token: login answers {"key": ...}, sent back as `Authorization: Token <key>`: no cookie,
# so no CSRF token, from a front end on any site.
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
    # A password change asks for the old one too: a stolen token cannot take the account over.
    "OLD_PASSWORD_FIELD_ENABLED": True,
    "USER_DETAILS_SERIALIZER": "accounts.serializers.UserDetailsSerializer",
}
# Sign-up (django-allauth behind dj-rest-auth): email optional and never verified, so no mail
# server is needed (mail goes to the console unless DJANGO_EMAIL_BACKEND names a backend).
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

# No login (auth=none): anyone may create, edit and delete posts, to learn CORS without it first.
# `manage.py check --deploy` warns about it (posts.W001) until this confirms it.
OPEN_API_IN_PRODUCTION = env.bool("OPEN_API_IN_PRODUCTION", default=False)
{%- endif %}


# Internationalization: https://docs.djangoproject.com/en/stable/topics/i18n/
LANGUAGE_CODE = {{ cookiecutter.language_code | language_code | py }}
TIME_ZONE = {{ cookiecutter.time_zone | time_zone | py }}
USE_I18N = True
USE_TZ = True


# Static files (the admin's, the browsable API's, Swagger UI's), served by WhiteNoise once
# `manage.py collectstatic` has copied them: https://whitenoise.readthedocs.io/en/stable/django.html
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: compressed copies with the content's hash in their names, cacheable forever.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# No `Access-Control-Allow-Origin: *` of WhiteNoise's own on static files.
WHITENOISE_ALLOW_ALL_ORIGINS = False
# Files looked up per request in development; fixed here as the test runner turns DEBUG off.
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
    # A page at a time (?page=2), API_PAGE_SIZE items unless ?page_size= asks otherwise.
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=20),
    # Requests per client address without a login (api/throttling.py), counted in the cache:
    # writes ("60/hour", "10/minute", ...), and reads, generous: against scrapers and loops.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousWriteThrottle",
        "api.throttling.AnonymousReadThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous_write": env("API_ANONYMOUS_WRITE_RATE", default="60/hour"),
        "anonymous_read": env("API_ANONYMOUS_READ_RATE", default="300/minute"),
    },
    # The client's address is the one this many proxies put last in X-Forwarded-For (production:
    # one TLS proxy); 0 reads REMOTE_ADDR. The login guard counts by the same address.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0 if DEBUG else 1),
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
}
# The API's other bounds: words and characters of ?search= (api/search.py), a post's content in
# characters (the title's 200 is in the model), ?page_size=, a request body in bytes (413).
API_SEARCH_MAX_TERMS = env.int("API_SEARCH_MAX_TERMS", default=10)
API_SEARCH_MAX_LENGTH = env.int("API_SEARCH_MAX_LENGTH", default=200)
POST_CONTENT_MAX_LENGTH = env.int("POST_CONTENT_MAX_LENGTH", default=10_000)
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=100)
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=128 * 1024)

DRF_STANDARDIZED_ERRORS = {
    # A 500 is JSON in development too; the traceback still goes to the console log.
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,
    # 413 for Django's own body limit too, 503 when the database does not answer in time.
    "EXCEPTION_HANDLER_CLASS": "api.exceptions.APIExceptionHandler",
    # The error responses the schema documents (api/schema.py).
    "ALLOWED_ERROR_STATUS_CODES": [
        *("400", "401", "403", "404", "405", "406", "413", "415", "429", "500", "503"),
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
# response only when `Access-Control-Allow-Origin` names that origin (or is `*`). The variable
# replaces the list, e.g. CORS_ALLOWED_ORIGINS=https://app.example.com,http://localhost:3000
CORS_ALLOWED_ORIGINS = env.list(
    "CORS_ALLOWED_ORIGINS",
    default={{ cookiecutter | allowed_origins | py_list(4) }},
)
# Only the API answers other origins: the admin and the schema pages get no CORS headers.
CORS_URLS_REGEX = r"^/api/.*$"
# True answers every origin with `Access-Control-Allow-Origin: *`.
CORS_ALLOW_ALL_ORIGINS = env.bool("CORS_ALLOW_ALL_ORIGINS", default={{ cookiecutter.cors_allow_all_origins | boolean }})
# True lets allowed origins send cookies and Authorization headers (fetch credentials: "include").
CORS_ALLOW_CREDENTIALS = {{ cookiecutter.cors_allow_credentials | boolean }}
# A page may read how long to wait after a 429 or a 503 (the clients' messageOf says it).
CORS_EXPOSE_HEADERS = ["Retry-After"]
# Pages on the allowed origins may also send unsafe requests that Django's CSRF check accepts.
# So may the site's own pages where a proxy tells Django https but the browser shows http
# (a local proxy on http://localhost:8080, say): Django would compare them with https://.
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
# Trust X-Forwarded-Proto only behind a proxy that sets it.
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain http requests are redirected to https (False if the proxy already does it).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Not the health check (api/health.py): probes call the server directly, over plain http.
SECURE_REDIRECT_EXEMPT = [r"^api/health/?$"]
# Strict-Transport-Security: https only, for that many seconds; a year (31536000) once all works.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
# Lets the host be submitted to the browsers' preload list (hstspreload.org), slow to undo.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
# Session and CSRF cookies only over https.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG


# Content-Security-Policy (django-csp): https://django-csp.readthedocs.io/en/latest/
# On every page Django serves (the admin, Swagger UI, the browsable API): scripts from this server
# only, so an injected <script> or onclick= never runs; inline styles for Swagger UI's <style>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}


# Logging (config/log.py): every record at DJANGO_LOG_LEVEL and above to stderr, each 5xx with its
# request line and traceback; DJANGO_LOG_FORMAT=json writes one JSON object per line instead.
LOGGING = logging_config(
    level=env.str("DJANGO_LOG_LEVEL", default="INFO").upper(),
    fmt=env.str("DJANGO_LOG_FORMAT", default="plain").lower(),
)


# Start-up checks (config/startup_checks.py), last: gunicorn never runs the system checks, so with
# DJANGO_DEBUG=False settings that would serve wrongly stop every server here, a line per problem.
refuse_to_serve(globals(), env.ENVIRON)
