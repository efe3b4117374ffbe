"""/health/: is this instance able to serve? Checks the database and the Celery broker, for load balancers and
the docker-compose health checks. Says nothing about cases."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse

from config.celery import app


def health(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # any failure means unhealthy; the type is reported
        checks["database"] = f"failing: {type(error).__name__}"
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as error:
        checks["broker"] = f"failing: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503)
