"""The real Redis and Celery worker of the alert tests (tests/alerts/worker), for the receipt of the public form."""

from tests.alerts.worker.conftest import broker, frozen_today, redis_url, worker  # noqa: F401
