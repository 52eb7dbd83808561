"""URL routes: the admin, and the API under /api/{% if cookiecutter.auth != "none" %} (logging in under /api/auth/){% endif %}, described
at /api/schema/ and /api/docs/."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.errors import NotFoundView
from api.health import HealthView
from api.routing import API_PATHS, api_path

{{ cookiecutter.project_name | text | py | assignment("admin.site.site_header") }}

urlpatterns = [
    path("admin/", admin.site.urls),
    api_path("api/health", HealthView.as_view(), name="health"),  # for load balancers
{%- if cookiecutter.auth != "none" %}
    path("api/auth/", include("accounts.urls")),
{%- endif %}
    # The OpenAPI schema (YAML; ?format=json for JSON) and Swagger UI, which reads it.
    api_path("api/schema", SpectacularAPIView.as_view(), name="schema"),
    api_path("api/docs", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/", include("posts.urls")),
    # Last: any other path under /api/ (and /api itself) is a JSON 404, never a redirect.
    re_path(API_PATHS, NotFoundView.as_view()),
]

# What fails before a view runs (a Host not in ALLOWED_HOSTS, a crash in a middleware): JSON under
# /api/ too. A 404 there never gets this far (the catch-all above answers it).
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler500 = "api.errors.server_error"
