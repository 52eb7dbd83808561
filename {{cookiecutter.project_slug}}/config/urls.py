"""URL routes: the admin, and the API under /api/{% if cookiecutter.auth != "none" %} (logging in under /api/auth/){% endif %}."""

from django.contrib import admin
from django.urls import include, path, re_path

from .not_found import NotFoundView

{{ cookiecutter.project_name | text | py | assignment("admin.site.site_header") }}

urlpatterns = [
    path("admin/", admin.site.urls),
{%- if cookiecutter.auth != "none" %}
    path("api/auth/", include("config.auth_urls")),
{%- endif %}
    path("api/", include("posts.urls")),
    # Last: any other path under /api/ (and /api itself) is a JSON 404, never a redirect.
    re_path(r"^api(/|$)", NotFoundView.as_view()),
]
