from django.apps import AppConfig


class ProjectConfig(AppConfig):
    """The project package as an app, so its system checks are registered at start-up."""

    name = "config"
    verbose_name = "Project configuration"

    def ready(self):
        from . import checks  # noqa: F401  (importing registers them)
