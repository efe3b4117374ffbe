"""complaints.services.incoming: an email recorded on its case as received correspondence, with its attachments
through the upload checks."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from complaints.models import CaseEvent, Correspondence, Document, Representative
from complaints.services import incoming, record
from core.email_parsing import parse_email
from inbound.services import mailbox_account
from tests.emails import PNG, PROGRAM_AS_PDF, eml
from tests.factories import ResidentFactory

D = datetime.date


@pytest.fixture
def resident(db):
    return ResidentFactory(name="Ann Resident", email="ann@resident.example")


@pytest.fixture
def complaint(log_complaint):
    return log_complaint(received_on=D(2026, 2, 2))


def email_record(complaint, actor=None, **email):
    return incoming.email_record(actor=actor or mailbox_account(), complaint=complaint, email=parse_email(eml(**email)))


def test_an_email_from_the_resident_is_received_correspondence_dated_the_uk_day_it_was_sent(complaint):
    # 23:30 in New York on 27 February is 04:30 on the 28th in the UK.
    sent = datetime.datetime(2026, 2, 27, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))

    letter = email_record(complaint, subject="Still no heating", body="Nobody came again.", sent_at=sent)

    assert (letter.direction, letter.party, letter.channel.code) == ("in", "resident", "email")
    assert letter.occurred_on == D(2026, 2, 28)
    assert letter.subject == "Still no heating"
    assert (
        letter.body == "From: Ann Resident <ann@resident.example>\nSent: 28 February 2026, 04:30\n\nNobody came again."
    )
    assert letter.recorded_by == mailbox_account()
    assert CaseEvent.objects.filter(
        complaint=complaint,
        kind=CaseEvent.Kind.CORRESPONDENCE,
        description="Received from resident by email on 28 February 2026: Still no heating",
    ).exists()


def test_the_party_is_the_representative_when_they_sent_it_and_another_party_when_nobody_known_did(
    complaint, resident, officer
):
    record.representative_add(
        actor=officer,
        resident=resident,
        name="Rob Advocate",
        relationship="Advocate",
        authority=Representative.Authority.SIGNED_MANDATE,
        authority_given_on=D(2026, 2, 1),
        email="Rob@Advocates.example",
    )

    assert email_record(complaint, sender="Rob <rob@advocates.example>").party == Correspondence.Party.REPRESENTATIVE
    assert email_record(complaint, sender="someone@else.example").party == Correspondence.Party.OTHER


def test_an_attachment_that_fails_the_upload_checks_is_refused_with_its_reason_and_the_rest_is_kept(complaint):
    letter = email_record(
        complaint,
        attachments=[
            ("photo.png", PNG, "image/png"),
            ("invoice.pdf", PROGRAM_AS_PDF, "application/pdf"),
            ("notes.txt", b"The damp is in the bedroom.", "text/plain"),
        ],
    )

    documents = list(Document.objects.filter(correspondence=letter).order_by("id"))
    assert [(d.title, d.content_type) for d in documents] == [
        ("Attachment 1 to the email of 27 February 2026", "image/png"),
        ("Attachment 3 to the email of 27 February 2026", "text/plain"),
    ]
    assert documents[0].file.read() == PNG
    attachments = letter.body.split("\n\nAttachments:\n")[1].split("\n")
    assert attachments[0] == "1. photo.png: added as a document."
    assert attachments[1].startswith(
        "2. invoice.pdf: not added. This file is named as a PDF but its content is not one. Save it as a real PDF"
    )
    assert attachments[2:] == ["3. notes.txt: added as a document."]
    assert letter.body.startswith("From: Ann Resident <ann@resident.example>")
    # The timeline names no file: a file's name may hold personal data.
    assert not CaseEvent.objects.filter(complaint=complaint, description__contains="invoice").exists()


def test_a_date_the_case_cannot_have_is_kept_between_the_day_the_complaint_was_received_and_today(complaint):
    before = email_record(complaint, sent_at=datetime.datetime(2025, 12, 1, 9, 0, tzinfo=datetime.UTC))
    future = email_record(complaint, sent_at=datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC))
    undated = email_record(complaint, sent_at=None)

    assert (before.occurred_on, future.occurred_on, undated.occurred_on) == (
        D(2026, 2, 2),
        D(2026, 3, 2),
        D(2026, 3, 2),
    )


def test_an_email_without_a_subject_or_text_is_still_recorded(complaint):
    letter = email_record(complaint, subject="", body="")
    assert letter.subject == "Email with no subject"
    assert letter.body.endswith("(The email has no text.)")


def test_a_role_that_cannot_record_on_the_case_cannot_record_an_email(complaint, board_member):
    with pytest.raises(PermissionDenied):
        email_record(complaint, actor=board_member)
    assert not Correspondence.objects.filter(complaint=complaint).exists()
