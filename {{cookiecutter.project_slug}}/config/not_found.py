"""The answer to any path under /api/ that no route matches, for every method: a 404 in the
API's JSON error shape, not Django's HTML page (which DEBUG shows whatever handler404 says)."""

from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


class NotFoundView(APIView):
    # Nothing to authenticate, permit or throttle: the path is wrong whoever asks. APIView is
    # exempt from Django's CSRF check, so a PATCH gets this 404, not an HTML 403.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    schema = None  # not an endpoint of the API

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound()
