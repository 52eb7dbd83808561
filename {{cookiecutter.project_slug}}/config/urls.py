"""URL routes: the admin, and the API under /api/."""

from django.contrib import admin
from django.urls import include, path

from .health import HealthView

{{ cookiecutter.project_name | text | py | assignment("admin.site.site_header") }}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/health/", HealthView.as_view(), name="health"),  # for load balancers
    path("api/", include("posts.urls")),
]
