"""URL routes: the admin, and the API under /api/."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = {{ cookiecutter.project_name | text | py }}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("posts.urls")),
]
