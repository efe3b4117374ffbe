"""The real Redis, Celery worker and SMTP server of the alert tests (tests/alerts/worker), for letters to residents."""

from tests.alerts.worker.conftest import broker, frozen_today, mailbox, redis_url, worker  # noqa: F401
