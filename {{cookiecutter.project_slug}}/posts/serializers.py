from rest_framework import serializers

from config.env import env

from .models import Post

# A post's content in characters (the title's 200 is in the model).
CONTENT_MAX_LENGTH = env.int("API_POST_CONTENT_MAX_LENGTH", default=10_000)


class PostSerializer(serializers.ModelSerializer):
    # The author's user name, or null; set from the request, never from the body.
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Post
        fields = ["id", "title", "content", "author", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {"content": {"max_length": CONTENT_MAX_LENGTH}}
