"""Reading the complaints mailbox from a real IMAP server (Dovecot): every message recorded once, on the right case,
marked read only once it is; the rest in "New emails"."""

from __future__ import annotations

import datetime
import logging

import pytest

from alerts.models import Alert, Kind
from complaints.models import Correspondence, Document
from config.celery import app
from inbound import mailbox as mailbox_module
from inbound.mailbox import MailboxRun, mailbox_read
from inbound.models import InboundEmail
from inbound.tasks import read_mailbox
from tests.emails import eml
from tests.inbound.scenario import BAD_ATTACHMENT, DUPLICATES, UNIQUE, UNMATCHED, build, complaints_for_scenario

D = datetime.date
SENT = datetime.datetime(2026, 2, 27, 10, 30, tzinfo=datetime.UTC)


@pytest.mark.slow
def test_200_messages_with_duplicates_are_each_recorded_once_and_the_unmatched_wait_in_new_emails(mailbox, officer):
    complaints = complaints_for_scenario(actor=officer, received_on=D(2026, 2, 2))
    scenario = build(complaints, sent_at=SENT)
    mailbox.deliver(*scenario.messages)
    assert (mailbox.count(), mailbox.unread()) == (200, 200)

    run = mailbox_read()

    assert run == MailboxRun(recorded=UNIQUE - UNMATCHED, to_triage=UNMATCHED, duplicates=DUPLICATES)
    assert mailbox.unread() == 0
    emails = {email.message_id: email for email in InboundEmail.objects.select_related("complaint")}
    assert len(emails) == UNIQUE
    assert {
        message_id: email.complaint.reference if email.complaint else "" for message_id, email in emails.items()
    } == (scenario.expected)
    new = [email for email in emails.values() if email.status == InboundEmail.Status.NEW]
    assert sorted(email.sender for email in new) == [f"stranger{number}@elsewhere.example" for number in range(5)]
    # One correspondence per recorded email, none for the others: nothing twice.
    received = Correspondence.objects.filter(direction=Correspondence.Direction.INCOMING, channel__code="email")
    assert received.count() == UNIQUE - UNMATCHED
    assert set(received.values_list("pk", flat=True)) == {
        email.correspondence_id for email in emails.values() if email.correspondence_id
    }
    # The handler (no one has taken these cases yet: every officer) is told of each, once.
    assert Alert.objects.filter(kind=Kind.EMAIL_RECEIVED, recipient=officer).count() == UNIQUE - UNMATCHED

    # The bad attachment is refused with its reason; the rest of that email is kept.
    (letter,) = received.filter(subject__startswith=BAD_ATTACHMENT)
    assert "1. damp.png: added as a document." in letter.body
    assert "2. invoice.pdf: not added. This file is named as a PDF but its content is not one." in letter.body
    assert list(Document.objects.filter(correspondence=letter).values_list("content_type", flat=True)) == ["image/png"]


def test_reading_again_and_rereading_messages_marked_unread_records_nothing_twice(mailbox, officer):
    complaints = complaints_for_scenario(actor=officer, received_on=D(2026, 2, 2), count=2)
    mailbox.deliver(*[eml(subject=f"About {c.reference}", sent_at=SENT) for c in complaints])
    assert mailbox_read() == MailboxRun(recorded=2)

    assert mailbox_read() == MailboxRun()
    # A run killed after its commit and before the server heard: the messages are unread again.
    client = mailbox.client()
    client.select("INBOX")
    client.uid("STORE", "1:*", "-FLAGS", "(\\Seen)")
    client.logout()
    assert mailbox_read() == MailboxRun(duplicates=2)

    assert InboundEmail.objects.count() == Correspondence.objects.filter(direction="in").count() == 2
    assert mailbox.unread() == 0


def test_a_message_that_cannot_be_recorded_stays_unread_and_the_others_are_recorded_without_its_words_in_the_log(
    mailbox, officer, monkeypatch, caplog
):
    (complaint,) = complaints_for_scenario(actor=officer, received_on=D(2026, 2, 2), count=1)
    mailbox.deliver(
        eml(subject=f"Poison pill {complaint.reference}", body="Private words", sent_at=SENT),
        eml(subject=f"Fine {complaint.reference}", sent_at=SENT),
    )
    receive = mailbox_module.email_receive

    def failing_on_the_first(*, actor, raw):
        if b"Poison pill" in raw:
            raise RuntimeError("Poison pill Private words")
        return receive(actor=actor, raw=raw)

    monkeypatch.setattr(mailbox_module, "email_receive", failing_on_the_first)

    with caplog.at_level(logging.INFO):
        assert mailbox_read() == MailboxRun(recorded=1, failed=1)

    assert mailbox.unread() == 1
    assert list(InboundEmail.objects.values_list("subject", flat=True)) == [f"Fine {complaint.reference}"]
    assert "Poison" not in caplog.text and "Private" not in caplog.text
    assert "UID 1 not recorded (RuntimeError)" in caplog.text

    monkeypatch.setattr(mailbox_module, "email_receive", receive)
    assert mailbox_read() == MailboxRun(recorded=1)
    assert mailbox.unread() == 0


def test_a_run_takes_at_most_a_batch_and_leaves_the_rest_unread_for_the_next(mailbox, officer, settings):
    settings.INBOUND_BATCH = 3
    (complaint,) = complaints_for_scenario(actor=officer, received_on=D(2026, 2, 2), count=1)
    mailbox.deliver(*[eml(subject=f"Part {n} of {complaint.reference}", sent_at=SENT) for n in range(5)])

    assert mailbox_read() == MailboxRun(recorded=3, left=2)
    assert mailbox.unread() == 2
    assert mailbox_read() == MailboxRun(recorded=2)
    assert complaint.correspondence.count() == 5


def test_the_beat_task_reads_the_mailbox_and_does_nothing_when_none_is_set(mailbox, officer, settings):
    (complaint,) = complaints_for_scenario(actor=officer, received_on=D(2026, 2, 2), count=1)
    mailbox.deliver(eml(subject=f"About {complaint.reference}", sent_at=SENT))
    assert app.conf.beat_schedule["inbound-read-mailbox"]["task"] == read_mailbox.name

    settings.INBOUND_IMAP_HOST = ""
    assert read_mailbox() == {}
    assert mailbox.unread() == 1

    settings.INBOUND_IMAP_HOST = "127.0.0.1"
    assert read_mailbox() == {"recorded": 1, "to_triage": 0, "duplicates": 0, "failed": 0, "left": 0}
    assert mailbox.unread() == 0
