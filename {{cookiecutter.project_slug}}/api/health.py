"""GET /api/health/ for a load balancer or an orchestrator: 200 while the database answers, 503
with the reason when it does not.

Cheap on purpose: one `SELECT 1`, no migrations check, no session or user lookup (no
authentication), never throttled. Plain http is exempt from the https redirect
(SECURE_REDIRECT_EXEMPT in settings.py), since probes call the server directly.
"""

import logging

from django.db import DatabaseError, connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

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
        summary="Is the API up, with its database?",
        responses={200: HEALTHY, 503: UNHEALTHY},
        auth=[],
    )
    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as error:
            # The details (host names, paths) go to the log, not to whoever asks.
            logger.warning("Health check: the database is unreachable: %s", error)
            reason = f"the database is unreachable ({type(error).__name__})"
            return Response({"status": "unavailable", "reason": reason}, status=503)
        return Response({"status": "ok"})
