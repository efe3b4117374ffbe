"""Celery tasks: thin wrappers that take ids, call a service, and queue what follows.

Every task is idempotent (the Alert rows decide what has happened), so running one twice, or after a crash, does
no harm; see config/celery.py for the settings that make the broker redeliver rather than drop a task."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alerts.services import (
    alert_deliver,
    alerts_sweep,
    assignment_alert_create,
    digests_create,
    emails_to_deliver,
)
from complaints.calendar import calendar_for
from core.delivery import backoff_seconds, one_connection

logger = logging.getLogger(__name__)

# Enough to keep a delivery task short; a crashed task redoes at most this many claims.
DELIVERY_BATCH = 50


@shared_task(name="alerts.sweep")
def sweep() -> dict:
    result = alerts_sweep(today=timezone.localdate())
    queue_deliveries(result.to_deliver)
    logger.info(
        "Alert sweep: %s created, %s cancelled, %s to deliver", result.created, result.cancelled, len(result.to_deliver)
    )
    return {"created": result.created, "cancelled": result.cancelled, "queued": len(result.to_deliver)}


@shared_task(name="alerts.daily_digest")
def daily_digest() -> int:
    today = timezone.localdate()
    if not calendar_for(settings.ORGANISATION_NATION).is_working_day(today):
        return 0
    alerts_sweep(today=today)
    created = digests_create(today=today)
    queue_deliveries(emails_to_deliver())
    return created


@shared_task(name="alerts.deliver", bind=True, max_retries=8)
def deliver(self, alert_ids: list[int]) -> dict:
    outcomes: dict[str, list[int]] = {}
    with one_connection():
        for alert_id in alert_ids:
            outcomes.setdefault(alert_deliver(alert_id=alert_id), []).append(alert_id)
    failed = outcomes.get("failed")
    if failed and self.request.retries < self.max_retries:
        # The mail server refused or was unreachable: try those again after the backoff alert_deliver set on their
        # rows (1, 2, 4 … minutes). Should the retries run out, the sweep queues them again in any case.
        raise self.retry(args=[failed], countdown=backoff_seconds(self.request.retries + 1))
    return {outcome: len(ids) for outcome, ids in outcomes.items()}


def queue_deliveries(alert_ids: list[int]) -> None:
    for start in range(0, len(alert_ids), DELIVERY_BATCH):
        deliver.delay(alert_ids[start : start + DELIVERY_BATCH])


def alert_new_owner(**assignment: Any) -> None:
    """Registered with complaints.services.base.on_assigned: the alert is written in the assignment's
    transaction and its email queued once that commits."""
    queue_deliveries_on_commit(assignment_alert_create(**assignment))


def queue_deliveries_on_commit(alert_ids: list[int]) -> None:
    """Queue the emails of alerts written in the current transaction once it commits."""
    if alert_ids:
        transaction.on_commit(lambda: _queue_after_commit(alert_ids))


def _queue_after_commit(alert_ids: list[int]) -> None:
    try:
        queue_deliveries(alert_ids)
    except Exception:
        # The broker is unreachable; what was done stands. The alert is saved, and every sweep queues again the
        # emails still unsent.
        logger.exception("Could not queue the email of alerts %s", alert_ids)
