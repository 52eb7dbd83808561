from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"

    def ready(self):
        # Registers the system check of the posts API.
        from . import checks  # noqa: F401
