"""URL routes: the admin, and the API under /api/{% if cookiecutter.auth != "none" %} (logging in under /api/auth/){% endif %}."""

from django.contrib import admin
from django.urls import include, path

from .health import HealthView

{{ cookiecutter.project_name | text | py | assignment("admin.site.site_header") }}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/health/", HealthView.as_view(), name="health"),  # for load balancers
{%- if cookiecutter.auth != "none" %}
    path("api/auth/", include("config.auth_urls")),
{%- endif %}
    path("api/", include("posts.urls")),
]
