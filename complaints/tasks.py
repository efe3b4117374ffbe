"""Celery tasks for messages to residents: thin wrappers that take ids and call the outbox services.

Idempotent (the OutgoingMessage rows decide what has happened): running one twice, or after a crash, does no harm."""

from __future__ import annotations

from celery import shared_task

from complaints.services.outbox import message_deliver, messages_to_deliver
from core.delivery import backoff_seconds, one_connection

# Enough to keep a delivery task short; a crashed task redoes at most this many claims.
DELIVERY_BATCH = 50


@shared_task(name="complaints.deliver_messages", bind=True, max_retries=8)
def deliver_messages(self, message_ids: list[int]) -> dict:
    outcomes: dict[str, list[int]] = {}
    with one_connection():
        for message_id in message_ids:
            outcomes.setdefault(message_deliver(message_id=message_id), []).append(message_id)
    failed = outcomes.get("failed")
    if failed and self.request.retries < self.max_retries:
        # Tried again after the backoff message_deliver set on each row; the sweep also finds them in any case.
        raise self.retry(args=[failed], countdown=backoff_seconds(self.request.retries + 1))
    return {outcome: len(ids) for outcome, ids in outcomes.items()}


@shared_task(name="complaints.sweep_messages")
def sweep_messages() -> int:
    """Queue every email still owed: after a Redis flush, a lost task or a backoff, nothing waits for long."""
    pending = messages_to_deliver()
    for start in range(0, len(pending), DELIVERY_BATCH):
        deliver_messages.delay(pending[start : start + DELIVERY_BATCH])
    return len(pending)
