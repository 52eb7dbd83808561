from rest_framework import filters, permissions, viewsets

from api.search import SearchFilter
from api.search_slots import SearchSlots

from .models import Post
from .serializers import PostSerializer
{%- if cookiecutter.auth != "none" %}


class IsAuthorOrReadOnly(permissions.BasePermission):
    """Anyone may read a post; only its author may change or delete it."""

    message = "Only the author of a post may change or delete it."

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or obj.author_id == request.user.pk
{%- endif %}


class PostViewSet(SearchSlots, viewsets.ModelViewSet):
    """List, create, retrieve, update and delete posts.
{%- if cookiecutter.auth == "none" %}

    Open to anyone (auth=none), so CORS can be learnt without logging in: `manage.py check
    --deploy` warns about it (posts.W001). Require a login before you put real data behind it.
{%- else %}

    Anyone may read; creating needs a logged-in user, who becomes the author; changing and
    deleting a post are for its author only (403 for others).
{%- endif %}
    """

    queryset = Post.objects.select_related("author")
    serializer_class = PostSerializer
    # ?search=words finds posts with every word in the title or the content (at most
    # API_SEARCH_MAX_TERMS words, api/search.py; PostgreSQL indexes these fields for it,
    # posts/migrations/0002, and runs a few searches at once, api/search_slots.py);
    # ?ordering=title (or -created_at, updated_at, ...) sorts the list, newest first by default.
    filter_backends = [SearchFilter, filters.OrderingFilter]
    search_fields = ["title", "content"]
    ordering_fields = ["created_at", "updated_at", "title"]
{%- if cookiecutter.auth == "none" %}
    permission_classes = [permissions.AllowAny]
{%- else %}
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, IsAuthorOrReadOnly]
{%- endif %}

    def perform_create(self, serializer):
        user = self.request.user
        serializer.save(author=user if user.is_authenticated else None)
