"""Health endpoint for load balancers and monitoring."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from stcoop import __version__


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 with ``{"status": "ok"}`` when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": type(exc).__name__, "version": __version__}, status=503
        )
    return JsonResponse(
        {"status": "ok", "database": connection.vendor, "version": __version__}, status=200
    )
