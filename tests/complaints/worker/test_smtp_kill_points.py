"""A Celery worker killed with SIGKILL at each point of the SMTP conversation, delivering a staff alert and a
letter to a resident at once (both go through core.delivery): once it is restarted, each arrives exactly once.

The mail server (aiosmtpd) holds the conversation at the chosen point, without answering, until the worker has
been killed; it then refuses whatever it was holding, as a server whose client has gone would drop it. The one
window that cannot be closed (README, "Sending email") is tested too: the server has answered DATA but the worker
dies before its "sent" mark commits, and the message arrives twice, with the same Message-ID for a letter. And a
worker killed part way through a batch sent over one connection: counted, none lost and none twice."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.utils import timezone

from alerts.models import Alert
from complaints.models import OutgoingMessage
from complaints.services import workflow
from complaints.tasks import sweep_messages
from tests.alerts.worker.conftest import wait_for
from tests.complaints.worker.conversation import (  # noqa: F401 (the fixtures are used by name)
    SENDS,
    Conversation,
    an_alert_and_a_letter_queued,
    conversation_mailbox,
    settle,
)
from tests.conftest import POINTS
from tests.factories import ResidentFactory

pytestmark = pytest.mark.slow


def kill_at(point: str, conversation: Conversation, worker) -> None:
    conversation.hold_at = point
    worker.start()
    wait_for(lambda: conversation.reached == SENDS, 60, f"both deliveries to reach {point}")
    worker.kill()
    conversation.hold_at = None
    conversation.release.set()


@pytest.mark.parametrize("point", Conversation.POINTS)
def test_a_worker_killed_at_any_point_of_the_conversation_delivers_each_message_exactly_once(
    point, an_alert_and_a_letter, worker, broker, mailbox
):
    conversation, _ = mailbox
    officer_email, resident_email = an_alert_and_a_letter

    kill_at(point, conversation, worker)
    accepted_before_the_kill = point in ("before QUIT", "after QUIT")
    assert len(conversation.messages) == (SENDS if accepted_before_the_kill else 0)
    # What the database says matches what the server has: accepted means marked sent, and nothing else is.
    assert Alert.objects.filter(email_sent_at__isnull=False).count() == (1 if accepted_before_the_kill else 0)
    assert OutgoingMessage.objects.filter(sent_at__isnull=False).count() == (1 if accepted_before_the_kill else 0)

    worker.start()
    settle(broker)

    assert conversation.received() == {officer_email: 1, resident_email: 1}
    (message,) = OutgoingMessage.objects.all()
    (letter,) = [m for m in conversation.messages if m["To"] == resident_email]
    assert letter["Message-ID"] == message.message_id


def test_a_worker_killed_after_the_server_accepted_but_before_the_sent_mark_committed_sends_it_twice(
    an_alert_and_a_letter, worker, broker, mailbox
):
    """The window README states: between the server's answer to DATA and the commit of one UPDATE. The test widens
    it by holding a lock on both rows, so that the worker, told 250, waits to mark them sent and is killed there."""
    conversation, _ = mailbox
    officer_email, resident_email = an_alert_and_a_letter
    conversation.accept_held_data = True
    conversation.hold_at = "DATA"
    worker.start()
    wait_for(lambda: conversation.reached == SENDS, 60, "both deliveries to reach DATA")
    with transaction.atomic():
        list(Alert.objects.select_for_update())
        list(OutgoingMessage.objects.select_for_update())
        conversation.release.set()  # the server answers 250 to both
        wait_for(lambda: waiting_on_a_lock() == SENDS, 30, "the worker to wait to mark both sent")
        worker.kill()
    assert len(conversation.messages) == SENDS
    conversation.hold_at = None

    worker.start()
    settle(broker)

    assert conversation.received() == {officer_email: 2, resident_email: 2}
    # A letter carries the same Message-ID both times, so the resident's mail program can show it once.
    (message,) = OutgoingMessage.objects.all()
    assert [m["Message-ID"] for m in conversation.messages if m["To"] == resident_email] == [message.message_id] * 2


def waiting_on_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_worker_killed_part_way_through_a_batch_of_thirty_letters_loses_none_and_repeats_none(
    log_complaint, officer, worker, broker, mailbox
):
    conversation, _ = mailbox
    residents = [ResidentFactory(email=f"resident-{n}@resident.example") for n in range(30)]
    complaints = [log_complaint(resident=resident, received_on=timezone.localdate()) for resident in residents]
    for complaint in complaints:
        with transaction.atomic():
            workflow.complaint_acknowledge(
                actor=officer, complaint=complaint, acknowledged_on=timezone.localdate(), points=POINTS
            )
    # Their tasks are lost (a Redis flush): the minute's sweep queues all thirty as one batch, on one connection.
    broker.flushall()
    worker.start()
    sweep_messages.delay()
    wait_for(lambda: len(conversation.messages) >= 10, 60, "the first letters")
    conversation.hold_at = "DATA"
    wait_for(lambda: conversation.reached >= 1, 30, "a letter mid-message")
    worker.kill()
    conversation.hold_at = None
    conversation.release.set()
    before = len(conversation.messages)
    assert 10 <= before < 30, "The worker finished before it was killed: the test proves nothing."
    assert OutgoingMessage.objects.filter(sent_at__isnull=False).count() == before

    worker.start()
    settle(broker)

    received = conversation.received()
    assert sorted(received) == sorted(resident.email for resident in residents)  # none lost
    assert set(received.values()) == {1}  # none twice
