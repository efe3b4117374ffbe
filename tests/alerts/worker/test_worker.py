"""Alerts through a real Celery worker and a real Redis: exactly once, whatever happens to the worker or the broker."""

from __future__ import annotations

import datetime
import time

from django.utils import timezone

from alerts.models import Alert, Kind, Timing
from alerts.services import alerts_sweep
from alerts.tasks import queue_deliveries, sweep
from complaints.services import workflow
from tests.alerts.worker.conftest import CLAIM_SECONDS, VISIBILITY_TIMEOUT, broker_is_idle, wait_for
from tests.conftest import POINTS
from tests.factories import UserFactory

# Long enough for a redelivery after the visibility timeout and the worker's check for abandoned tasks.
REDELIVERY_WAIT = VISIBILITY_TIMEOUT * 5 + 20


def overdue_acknowledgement(log_complaint, actor=None):
    """A complaint received 30 days ago and never acknowledged: whatever day the test runs, it is overdue."""
    return log_complaint(received_on=timezone.localdate() - datetime.timedelta(days=30), actor=actor)


def test_the_sweep_run_three_times_two_at_once_sends_one_email_and_one_alert_per_recipient(
    log_complaint, officer, worker, broker, mailbox
):
    box, _ = mailbox
    second_officer = UserFactory(role="Complaints officers", username="oscar")
    complaint = overdue_acknowledgement(log_complaint)
    worker.start()

    sweep.delay()
    sweep.delay()  # two at once: the worker runs two processes and takes one task each
    wait_for(lambda: Alert.objects.exists() and broker_is_idle(broker), 60, "the first sweeps")
    sweep.delay()
    wait_for(lambda: len(box.messages) >= 2 and broker_is_idle(broker), 60, "two emails")
    wait_for(lambda: not Alert.objects.filter(email_sent_at__isnull=True).exists(), 30, "sent marks")

    assert box.recipients() == sorted([officer.email, second_officer.email])
    alerts = Alert.objects.all()
    assert sorted((a.recipient.username, a.kind, a.timing, a.subject_id) for a in alerts) == [
        ("olivia", Kind.ACKNOWLEDGEMENT_DUE, Timing.OVERDUE, complaint.current_stage.pk),
        ("oscar", Kind.ACKNOWLEDGEMENT_DUE, Timing.OVERDUE, complaint.current_stage.pk),
    ]
    assert all(alert.email_attempts == 1 for alert in alerts)


def test_a_worker_killed_while_sending_delivers_the_alert_once_after_it_restarts(
    log_complaint, officer, worker, broker, mailbox
):
    box, _ = mailbox
    complaint = overdue_acknowledgement(log_complaint)
    workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)  # one handler, one alert
    box.hold.set()
    worker.start()

    sweep.delay()
    wait_for(lambda: box.attempts == 1, 60, "the worker to start sending")
    worker.kill()  # SIGKILL, mid-message: the mail server never accepted it
    box.release.set()
    box.hold.clear()
    (alert,) = Alert.objects.all()
    assert alert.email_sent_at is None
    assert box.messages == []

    worker.start()
    wait_for(lambda: len(box.messages) == 1, REDELIVERY_WAIT, "the redelivered alert")
    wait_for(lambda: broker_is_idle(broker), 30, "the queue to empty")
    wait_for(lambda: Alert.objects.filter(email_sent_at__isnull=False).exists(), 10, "the sent mark")

    assert box.recipients() == [officer.email]
    alert.refresh_from_db()
    assert alert.email_sent_at is not None
    # Give a second (wrong) delivery every chance to happen: another claim lapse and visibility timeout.
    time.sleep(CLAIM_SECONDS + VISIBILITY_TIMEOUT + 2)
    assert len(box.messages) == 1


def test_flushing_redis_between_sweeps_loses_no_alert(log_complaint, officer, worker, broker, mailbox):
    box, _ = mailbox
    complaint = overdue_acknowledgement(log_complaint)
    workflow.complaint_define(actor=officer, complaint=complaint, points=POINTS)

    # The first sweep decides the alert is due and queues its email, but no worker is running yet.
    first = alerts_sweep(today=timezone.localdate())
    queue_deliveries(first.to_deliver)
    assert broker.llen("celery") == 1
    broker.flushall()  # the queued delivery is gone

    worker.start()
    sweep.delay()
    wait_for(lambda: len(box.messages) == 1 and broker_is_idle(broker), 60, "the alert after the flush")
    wait_for(lambda: Alert.objects.filter(email_sent_at__isnull=False).exists(), 10, "the sent mark")

    assert box.recipients() == [officer.email]
    assert Alert.objects.count() == 1
