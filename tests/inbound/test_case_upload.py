"""An email saved as a file (.eml, .msg) and uploaded with "Upload a document" on the case page becomes the
correspondence it is, with its attachments, rather than a file nobody reads."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alerts.models import Alert
from complaints.models import Correspondence, Document
from inbound import services
from inbound.models import InboundEmail
from tests.emails import PNG, PROGRAM_AS_PDF, eml, outlook_msg
from tests.factories import UserFactory

D = datetime.date


@pytest.fixture
def complaint(log_complaint):
    return log_complaint(received_on=D(2026, 2, 2))


@pytest.fixture
def as_officer(client, officer, login_with_mfa):
    login_with_mfa(client, officer)
    return client


def upload(as_officer, complaint, name: str, content: bytes):
    return as_officer.post(
        reverse("casework:complaint-action", args=[complaint.reference, "document"]),
        {"title": "Email from the resident", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize("name", ["reply.eml", "reply.msg"])
def test_an_uploaded_email_becomes_received_correspondence_with_its_attachments(as_officer, complaint, name):
    attachments = [("wall.png", PNG, "image/png"), ("bill.pdf", PROGRAM_AS_PDF, "application/pdf")]
    sender = complaint.resident.email
    content = (
        outlook_msg(subject="The damp is back", sender=sender, attachments=attachments)
        if name.endswith(".msg")
        else eml(subject="The damp is back", sender=sender, attachments=attachments)
    )
    colleague = UserFactory(role="Complaints officers", username="oscar")

    answer = upload(as_officer, complaint, name, content)

    assert answer.status_code == 302
    letter = Correspondence.objects.get(complaint=complaint)
    assert (letter.direction, letter.channel.code, letter.subject, letter.occurred_on) == (
        "in",
        "email",
        "The damp is back",
        D(2026, 2, 27),
    )
    assert "2. bill.pdf: not added. This file is named as a PDF but its content is not one." in letter.body
    # The email itself is not kept as an opaque file: its one good attachment is the only document.
    assert list(Document.objects.filter(complaint=complaint).values_list("content_type", "correspondence")) == [
        ("image/png", letter.pk)
    ]
    email = InboundEmail.objects.get()
    assert (email.source, email.status, email.complaint, email.outlook) == (
        "upload",
        "recorded",
        complaint,
        name.endswith(".msg"),
    )
    assert [alert.recipient for alert in Alert.objects.all()] == [colleague]
    page = as_officer.get(reverse("casework:complaint", args=[complaint.reference])).content.decode()
    assert "Received from resident by email, 27 February 2026: The damp is back" in page


def test_an_email_already_on_a_case_is_refused_saying_where(as_officer, complaint, log_complaint):
    message = eml(subject="The damp is back")
    upload(as_officer, complaint, "reply.eml", message)
    other = log_complaint(received_on=D(2026, 2, 3))

    page = upload(as_officer, other, "again.eml", message).content.decode()

    assert f"This email is already recorded on complaint {complaint.reference}." in page
    assert Correspondence.objects.count() == InboundEmail.objects.count() == 1


def test_an_email_waiting_in_new_emails_is_taken_from_there(as_officer, officer, complaint):
    message = eml(subject="Hello", sender="unknown@elsewhere.example")
    assert services.email_receive(actor=services.mailbox_account(), raw=message) == services.TO_TRIAGE

    upload(as_officer, complaint, "hello.eml", message)

    email = InboundEmail.objects.get()
    assert (email.source, email.status, email.complaint, email.handled_by) == (
        "mailbox",
        "recorded",
        complaint,
        officer,
    )


def test_a_file_named_as_an_email_that_is_not_one_is_refused(as_officer, complaint):
    page = upload(as_officer, complaint, "reply.eml", b"<html><body>Not an email</body></html>").content.decode()
    assert "does not start with an email&#x27;s headers" in page
    assert not Correspondence.objects.exists() and not Document.objects.exists()


def test_any_other_file_is_still_a_document(as_officer, complaint):
    upload(as_officer, complaint, "photo.png", PNG)
    assert Document.objects.get().title == "Email from the resident"
    assert not Correspondence.objects.exists()
