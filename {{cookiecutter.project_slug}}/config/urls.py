"""URL routes: the admin, and the API under /api/."""

from django.contrib import admin
from django.urls import include, path

{{ cookiecutter.project_name | text | py | assignment("admin.site.site_header") }}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("posts.urls")),
]
