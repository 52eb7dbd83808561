"""Django settings: values that differ between machines come from the environment, or from `.env`
(config/env.py). https://docs.djangoproject.com/en/stable/ref/settings/"""

from datetime import timedelta

from config.env import BASE_DIR, env
from config.log import logging_config
from config.startup_checks import refuse_to_serve

# Core settings: https://docs.djangoproject.com/en/stable/howto/deployment/checklist/
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")  # empty: refused at the end, with the fix
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
    "axes",
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
    "corsheaders.middleware.CorsMiddleware",  # first: even a redirect to https gets CORS headers
    "django.middleware.security.SecurityMiddleware",
    "accounts.login_guard.RefuseLockedOutLogins",  # before the stack runs (accounts/login_guard.py)
    "whitenoise.middleware.WhiteNoiseMiddleware",  # the collected static files, in production
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
{%- if cookiecutter.auth != "none" %}
    "allauth.account.middleware.AccountMiddleware",
{%- endif %}
    "csp.middleware.CSPMiddleware",  # the Content-Security-Policy header (below)
    "api.middleware.EitherTrailingSlash",  # /api/ paths with or without the slash, a JSON 404
    "axes.middleware.AxesMiddleware",  # last, as django-axes documents: a locked-out login's 429
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
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

# Database: DATABASE_URL, e.g. postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:////abs/db.sqlite3
{%- if cookiecutter.database == "postgresql" %}
# Unset: the PostgreSQL database named after this project, over the local socket as your OS user.
DATABASES = {"default": env.db("DATABASE_URL", default={{ ("postgres:///" ~ (cookiecutter.project_slug)) | py }})}
{%- else %}
# Unset: SQLite in the project folder.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
{%- endif %}
# Production keeps a connection a minute, checked before reuse; runserver's threads do not.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
{%- if cookiecutter.database == "postgresql" %}
# PostgreSQL stops a statement after this many ms (0: never), before gunicorn's 30 s timeout: a 503.
DATABASE_STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=5000)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # not a DATABASE_URL=sqlite
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
    )
{%- endif %}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache, where the API counts anonymous requests: CACHE_URL. Unset: in production the database's
# table django_cache (`migrate` makes it, api/apps.py); with DEBUG on, this process's memory.
CACHES = {
    "default": env.cache(
        "CACHE_URL", default="locmemcache://" if DEBUG else "dbcache://django_cache"
    )
}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "api.cache.RedisCache"  # memory while Redis is down

# Users and logging in: our own user model from the first migration, so it can grow later.
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The login guard (django-axes, accounts/login_guard.py): AXES_FAILURE_LIMIT failed logins for an
# account from one address lock it out from there for AXES_COOLOFF_MINUTES (a 429).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login, hashing nothing
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# No access log (a row and a session per login); a refused try neither counts nor extends the wait.
AXES_DISABLE_ACCESS_LOG = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# In a cache all servers share (Redis, Memcached); else in axes' table (it refuses the others).
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if CACHES["default"]["BACKEND"].endswith(("RedisCache", "PyMemcacheCache", "PyLibMCCache"))
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
    "OLD_PASSWORD_FIELD_ENABLED": True,  # a stolen token cannot change the password
    "USER_DETAILS_SERIALIZER": "accounts.serializers.UserDetailsSerializer",
}
# Sign-up (allauth behind dj-rest-auth): email optional and never verified, so no mail server.
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"  # a name taken in another case is refused
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
{%- endif %}
{%- if cookiecutter.auth == "session" %}
# Lax for a front end on the same site (another port, app. beside api.example.com); see README.
SESSION_COOKIE_SAMESITE = env("DJANGO_SESSION_COOKIE_SAMESITE", default="Lax")
CSRF_COOKIE_SAMESITE = env("DJANGO_CSRF_COOKIE_SAMESITE", default="Lax")
SESSION_COOKIE_DOMAIN = env("DJANGO_SESSION_COOKIE_DOMAIN", default=None)
CSRF_COOKIE_DOMAIN = env("DJANGO_CSRF_COOKIE_DOMAIN", default=None)
{%- elif cookiecutter.auth == "none" %}

# No login: anyone may write posts; `check --deploy` warns (posts.W001) until this confirms it.
OPEN_API_IN_PRODUCTION = env.bool("OPEN_API_IN_PRODUCTION", default=False)
{%- endif %}

# Internationalization: https://docs.djangoproject.com/en/stable/topics/i18n/
LANGUAGE_CODE = {{ cookiecutter.language_code | language_code | py }}
TIME_ZONE = {{ cookiecutter.time_zone | time_zone | py }}
USE_I18N = True
USE_TZ = True

# Static files, served by WhiteNoise once `manage.py collectstatic` has copied them.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {  # production: compressed, hashed names, cacheable forever
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_ALLOW_ALL_ORIGINS = False  # no `Access-Control-Allow-Origin: *` on static files
WHITENOISE_AUTOREFRESH = DEBUG  # fixed here: the test runner turns DEBUG off

# The API: Django REST framework, its plug-ins in api/. The bounds DRF keeps on classes are there:
# ?search= (api/search.py), ?page_size= (api/pagination.py), a body (api/parsers.py), a post.
REST_FRAMEWORK = {
{%- if cookiecutter.auth == "token" %}
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
{%- elif cookiecutter.auth == "session" %}
    # DRF's, with a CSRF refusal under its own code, csrf_failed.
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.SessionAuthentication"],
{%- else %}
    "DEFAULT_AUTHENTICATION_CLASSES": [],
{%- endif %}
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],  # JSON only, bounded; else a 415
    # Every 4xx and 5xx as {"type": ..., "errors": [{"code": ..., "detail": ..., "attr": ...}]}.
    "EXCEPTION_HANDLER": "drf_standardized_errors.handler.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": env.int("API_PAGE_SIZE", default=20),
    # Requests per client address without a login (api/throttling.py), counted in the cache.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousWriteThrottle",
        "api.throttling.AnonymousReadThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous_write": env("API_ANONYMOUS_WRITE_RATE", default="60/hour"),
        "anonymous_read": env("API_ANONYMOUS_READ_RATE", default="300/minute"),
    },
    # The client's address: this many proxies from the end of X-Forwarded-For; 0 reads REMOTE_ADDR.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0 if DEBUG else 1),
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
}
DRF_STANDARDIZED_ERRORS = {
    "ENABLE_IN_DEBUG_FOR_UNHANDLED_EXCEPTIONS": True,  # the traceback still goes to the log
    # 413 for Django's own body limit too, 503 when the database does not answer in time.
    "EXCEPTION_HANDLER_CLASS": "api.exceptions.APIExceptionHandler",
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
API_VERSION = "1.0.0"  # raise it when the API changes in a way its clients notice
SPECTACULAR_SETTINGS = {
    "TITLE": API_TITLE,
    "DESCRIPTION": API_DESCRIPTION,
    "VERSION": API_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,  # request bodies apart: `id`, `author`, dates never sent
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

# Cross-origin resource sharing (django-cors-headers; the README's "CORS" in plain words): pages
# on these origins may read the API's responses. The variable replaces the list (comma-separated).
CORS_ALLOWED_ORIGINS = env.list(
    "CORS_ALLOWED_ORIGINS",
    default={{ cookiecutter | allowed_origins | py_list(4) }},
)
CORS_URLS_REGEX = r"^/api/.*$"  # only the API: the admin and the schema pages get no CORS headers
# True answers every origin with `Access-Control-Allow-Origin: *`; credentials: cookies too.
CORS_ALLOW_ALL_ORIGINS = env.bool("CORS_ALLOW_ALL_ORIGINS", default={{ cookiecutter.cors_allow_all_origins | boolean }})
CORS_ALLOW_CREDENTIALS = {{ cookiecutter.cors_allow_credentials | boolean }}
CORS_EXPOSE_HEADERS = ["Retry-After"]  # how long to wait after a 429 or a 503, for the page
# Django's CSRF check trusts the allowed origins, and the extra ones: the site's own address where
# a proxy tells Django https but the browser shows http (a local proxy on http://localhost:8080).
CSRF_EXTRA_TRUSTED_ORIGINS = env.list("CSRF_EXTRA_TRUSTED_ORIGINS", default=[])
if DEBUG:  # dev.py's client, on the CLIENT_PORT it was started with (never in production)
    dev_client = env.list("DEV_CLIENT_ORIGINS", default=[])
    CORS_ALLOWED_ORIGINS = list(dict.fromkeys([*CORS_ALLOWED_ORIGINS, *dev_client]))
CSRF_TRUSTED_ORIGINS = [*CORS_ALLOWED_ORIGINS, *CSRF_EXTRA_TRUSTED_ORIGINS]
CSRF_FAILURE_VIEW = "api.errors.csrf_failure"  # a JSON refusal under /api/, code csrf_failed
# Allow-all in production must be confirmed: else a refusal at start-up, and corscheck.W002.
CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION = env.bool(
    "CORS_ALLOW_ALL_ORIGINS_IN_PRODUCTION", default=False
)

# HTTPS in production (DJANGO_DEBUG=False), behind a proxy that terminates TLS (X-Forwarded-Proto).
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain http requests are redirected to https (False if the proxy already does it).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^api/health/?$"]  # probes call the server directly, over plain http
# Strict-Transport-Security: https only, for that many seconds; a year (31536000) once all works.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)  # hstspreload.org
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG  # the cookies only over https

# Content-Security-Policy (django-csp) on the pages Django serves (admin, Swagger UI, browsable
# API): scripts from this server only, so an injected <script> never runs; Swagger UI's <style>.
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

# Logging (config/log.py): records at DJANGO_LOG_LEVEL and above to stderr, plain or json.
LOGGING = logging_config(
    level=env.str("DJANGO_LOG_LEVEL", default="INFO").upper(),
    fmt=env.str("DJANGO_LOG_FORMAT", default="plain").lower(),
)

# Last: gunicorn never runs the system checks, so with DJANGO_DEBUG=False settings that would
# serve wrongly stop every server here, a line per problem (config/startup_checks.py).
refuse_to_serve(globals(), env.ENVIRON)
