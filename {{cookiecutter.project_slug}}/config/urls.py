"""URL routes: the admin, and the API under /api/{% if cookiecutter.auth != "none" %} (logging in under /api/auth/){% endif %}, described
at /api/schema/ and /api/docs/."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.health import HealthView

{{ cookiecutter.project_name | text | py | assignment("admin.site.site_header") }}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/health/", HealthView.as_view(), name="health"),  # for load balancers
{%- if cookiecutter.auth != "none" %}
    path("api/auth/", include("accounts.urls")),
{%- endif %}
    # The OpenAPI schema (YAML; ?format=json for JSON) and Swagger UI, which reads it; its
    # script from a URL of its own (?script), not inline, as the Content-Security-Policy wants.
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    # Your apps' routes: a line each, under api/ (README: "Add your own app"). Every route under
    # /api/ answers with and without its trailing slash, and any other path there is a JSON 404
    # (api/middleware.py).
    path("api/", include("posts.urls")),
]

# What fails before a view runs (a Host not in ALLOWED_HOSTS, a crash in a middleware): JSON under
# /api/ too. A path no route matches never gets this far (api/middleware.py answers it).
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler500 = "api.errors.server_error"
