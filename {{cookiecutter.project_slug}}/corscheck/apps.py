from django.apps import AppConfig


class CorscheckConfig(AppConfig):
    name = "corscheck"
    verbose_name = "CORS check"

    def ready(self):
        # Registers the system checks of the CORS settings.
        from . import checks  # noqa: F401
