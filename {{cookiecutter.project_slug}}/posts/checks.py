"""A system check of the posts API: writable without logging in, in production (posts.W001,
deploy), unless that is what is meant."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.checks import Tags, Warning, register
from django.http import HttpRequest

from .views import PostViewSet


def anonymous_may_create_posts():
    """What the posts API's own permissions say to a POST from someone not logged in."""
    request = HttpRequest()
    request.method, request.user = "POST", AnonymousUser()
    view = PostViewSet(action="create", request=request, format_kwarg=None)
    return all(permission.has_permission(request, view) for permission in view.get_permissions())


@register(Tags.security, deploy=True)
def check_writes_need_a_login(app_configs=None, **kwargs):
    """An API anyone may write to (auth=none) in production must be a decision too."""
    if getattr(settings, "OPEN_API_IN_PRODUCTION", False) or not anonymous_may_create_posts():
        return []
    return [
        Warning(
            "Anyone may create, change and delete posts without logging in: the posts API "
            "allows anonymous writes, from any page on an allowed origin and from any script.",
            hint=(
                "Require a login (bake with auth=token or auth=session, or set the permission "
                "classes of posts/views.py); or, if an open API is meant, confirm with "
                "OPEN_API_IN_PRODUCTION=True."
            ),
            obj="posts.views.PostViewSet",
            id="posts.W001",
        )
    ]
