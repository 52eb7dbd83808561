from django.apps import AppConfig


class CorscheckConfig(AppConfig):
    name = "corscheck"
    verbose_name = "CORS check"

    def ready(self):
        # Registers the system check that flags allowed origins no browser ever sends.
        from . import checks  # noqa: F401
