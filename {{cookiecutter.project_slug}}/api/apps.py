from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API's plumbing, shared by every app's endpoints: the error shape, the health check,
    request parsing, pages, throttling, the schema's additions and the routes' optional slash."""

    name = "api"
