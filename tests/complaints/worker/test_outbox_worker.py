"""Letters to residents through a real Celery worker, a real Redis and a real SMTP server: each delivered once,
whatever happens to the worker or the broker."""

from __future__ import annotations

import email
import time

from django.db import transaction
from django.utils import timezone

from complaints.models import OutgoingMessage
from complaints.services import workflow
from complaints.tasks import sweep_messages
from tests.alerts.worker.conftest import CLAIM_SECONDS, VISIBILITY_TIMEOUT, broker_is_idle, wait_for
from tests.conftest import POINTS
from tests.factories import ResidentFactory

REDELIVERY_WAIT = VISIBILITY_TIMEOUT * 5 + 20


def acknowledged(log_complaint, officer, count: int) -> list:
    complaints = []
    for _ in range(count):
        complaint = log_complaint(resident=ResidentFactory(), received_on=timezone.localdate())
        with transaction.atomic():
            workflow.complaint_acknowledge(
                actor=officer, complaint=complaint, acknowledged_on=timezone.localdate(), points=POINTS
            )
        complaints.append(complaint)
    return complaints


def message_ids(box) -> list[str]:
    return sorted(email.message_from_string(raw)["Message-ID"] for raw in box.messages)


def test_twenty_acknowledgements_reach_twenty_residents_once_each(log_complaint, officer, worker, broker, mailbox):
    box, _ = mailbox
    worker.start()
    complaints = acknowledged(log_complaint, officer, 20)  # each queues its delivery as it commits
    sweep_messages.delay()  # and the sweep finds them all again: still one email each
    wait_for(lambda: len(box.messages) >= 20 and broker_is_idle(broker), 120, "twenty letters")
    wait_for(lambda: not OutgoingMessage.objects.filter(sent_at__isnull=True).exists(), 30, "the sent marks")

    queued = OutgoingMessage.objects.all()
    assert message_ids(box) == sorted(message.message_id for message in queued)
    assert sorted(box.recipients()) == sorted(complaint.resident.email for complaint in complaints)
    assert all(message.attempts == 1 for message in queued)
    first = email.message_from_string(box.messages[0])
    assert [part.get_content_type() for part in first.walk() if part.get_filename()] == ["application/pdf"]


def test_a_worker_killed_while_sending_delivers_the_letter_once_after_it_restarts(
    log_complaint, officer, worker, broker, mailbox
):
    box, _ = mailbox
    box.hold.set()
    worker.start()
    (complaint,) = acknowledged(log_complaint, officer, 1)
    wait_for(lambda: box.attempts == 1, 60, "the worker to start sending")
    worker.kill()  # SIGKILL, mid-message: the mail server never accepted it
    box.release.set()
    box.hold.clear()
    (message,) = OutgoingMessage.objects.all()
    assert message.sent_at is None and box.messages == []

    worker.start()
    sweep_messages.delay()
    wait_for(lambda: len(box.messages) == 1, REDELIVERY_WAIT, "the letter after the restart")
    wait_for(lambda: OutgoingMessage.objects.filter(sent_at__isnull=False).exists(), 10, "the sent mark")
    # Give a second (wrong) delivery every chance: another claim lapse, a visibility timeout and another sweep.
    time.sleep(CLAIM_SECONDS + VISIBILITY_TIMEOUT + 2)
    sweep_messages.delay()
    wait_for(lambda: broker_is_idle(broker), 30, "the queue to empty")
    assert box.recipients() == [complaint.resident.email]
    assert len(box.messages) == 1


def test_flushing_redis_loses_no_letter(log_complaint, officer, worker, broker, mailbox):
    box, _ = mailbox
    acknowledged(log_complaint, officer, 1)  # its delivery is queued, but no worker runs yet
    assert broker.llen("celery") == 1
    broker.flushall()

    worker.start()
    sweep_messages.delay()
    wait_for(lambda: len(box.messages) == 1 and broker_is_idle(broker), 60, "the letter after the flush")
    assert OutgoingMessage.objects.get().sent_at is not None
