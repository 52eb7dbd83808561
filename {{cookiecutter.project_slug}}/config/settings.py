"""Django settings for this project.

Values that differ between machines come from the environment, or from `.env` beside manage.py
(see .env.example). https://docs.djangoproject.com/en/stable/ref/settings/
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables already set in the environment win over the ones in .env.
environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("DJANGO_SECRET_KEY")
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
    "posts",
    "corscheck",  # manage.py corscheck ORIGIN, and a system check of the allowed origins
]

MIDDLEWARE = [
    # First: every response, even a redirect from APPEND_SLASH or HTTPS, must carry CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = {{ cookiecutter.language_code | language_code | py }}
TIME_ZONE = {{ cookiecutter.time_zone | time_zone | py }}
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}

# Cross-origin resource sharing (django-cors-headers).
# A browser sends `Origin: scheme://host:port` with each cross-origin request and keeps the
# response only when `Access-Control-Allow-Origin` names that origin (or is `*`).
# CORS_ALLOWED_ORIGINS in the environment replaces the list below, e.g.
# CORS_ALLOWED_ORIGINS=https://app.example.com,http://localhost:3000
CORS_ALLOWED_ORIGINS = env.list(
    "CORS_ALLOWED_ORIGINS",
    default={{ cookiecutter.cors_allowed_origins | origins | py_list(4) }},
)
# True answers every origin with `Access-Control-Allow-Origin: *`.
CORS_ALLOW_ALL_ORIGINS = env.bool("CORS_ALLOW_ALL_ORIGINS", default={{ cookiecutter.cors_allow_all_origins | boolean }})
# True lets allowed origins send cookies and Authorization headers (fetch credentials: "include").
CORS_ALLOW_CREDENTIALS = {{ cookiecutter.cors_allow_credentials | boolean }}
# Pages on the allowed origins may also send unsafe requests that Django's CSRF check accepts.
CSRF_TRUSTED_ORIGINS = CORS_ALLOWED_ORIGINS
