from rest_framework import permissions, viewsets

from .models import Post
from .serializers import PostSerializer


class PostViewSet(viewsets.ModelViewSet):
    """List, create, retrieve, update and delete posts.

    Open to anyone so the sample client works out of the box: require authentication
    (e.g. permissions.IsAuthenticatedOrReadOnly) before you put real data behind it.
    """

    queryset = Post.objects.all()
    serializer_class = PostSerializer
    permission_classes = [permissions.AllowAny]
