from django.conf import settings
from django.db import models


class Post(models.Model):
    """A blog post: the sample resource the API serves at /api/posts/."""

    title = models.CharField(max_length=200)
    content = models.TextField(blank=True)
    # Who wrote it: the logged-in user who created it. Empty for posts written without logging
    # in (auth=none) and for the sample posts.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="posts",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title
