"""The real Redis and Celery worker of the alert tests (tests/alerts/worker), for the PDF renders."""

from tests.alerts.worker.conftest import broker, frozen_today, mailbox, redis_url, worker  # noqa: F401
