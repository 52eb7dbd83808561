"""GET /api/health/ for a load balancer or an orchestrator: 200 while the database and the shared
cache (CACHE_URL=redis://...) answer, 503 with the reason and Retry-After when one does not. With
Redis down the API still answers (api/cache.py), but each server counts its limits alone: a
balancer should send the traffic to a server that shares them.

Cheap on purpose: one `SELECT 1` (and a PING to Redis), no migrations check, no session or user
lookup (no authentication), never throttled. Plain http is exempt from the https redirect
(SECURE_REDIRECT_EXEMPT in settings.py), since probes call the server directly.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema, inline_serializer
from redis.exceptions import RedisError
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .exceptions import RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)


HEALTHY = inline_serializer("Healthy", {"status": serializers.CharField()})
UNHEALTHY = inline_serializer(
    "Unhealthy", {"status": serializers.CharField(), "reason": serializers.CharField()}
)


class HealthView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        summary="Is the API up, with its database and cache?",
        responses={200: HEALTHY, 503: UNHEALTHY},
        auth=[],
    )
    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as error:
            return unavailable("the database", error)
        try:
            getattr(cache, "check", lambda: None)()  # api/cache.py's Redis, else nothing to ask
        except RedisError as error:
            return unavailable("the cache", error)
        return Response({"status": "ok"})


def unavailable(what: str, error: Exception) -> Response:
    # The details (host names, paths) go to the log, not to whoever asks.
    logger.warning("Health check: %s is unreachable: %s", what, error)
    reason = f"{what} is unreachable ({type(error).__name__})"
    response = Response({"status": "unavailable", "reason": reason}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response._has_been_logged = True  # the line above; Django's request logger would add one
    return response
