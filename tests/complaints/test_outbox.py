"""Letters and emails to residents (complaints.services.outbox): queued with the action that issues them, sent to
the right person by the route they prefer (Code 3.6), delivered once, failures kept and retried, then posted."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
import weasyprint
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from alerts.models import Alert, Kind
from alerts.services import alerts_sweep
from complaints.models import CaseEvent, Complaint, Correspondence, Document, OutgoingMessage
from complaints.selectors import document_read
from complaints.services import outbox, workflow
from core.errors import WorkflowError
from tests.conftest import POINTS
from tests.factories import ResidentFactory

D = datetime.date
Route = OutgoingMessage.Route

pytestmark = pytest.mark.django_db


def acknowledge(officer, complaint):
    return workflow.complaint_acknowledge(
        actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=POINTS
    )


def letters_of(complaint):
    return OutgoingMessage.objects.filter(complaint=complaint, kind=OutgoingMessage.Kind.LETTER)


def representative_for(resident, **fields):
    return resident.representatives.create(
        name="Sam Advocate",
        relationship="Advocate",
        authority="signed_mandate",
        authority_given_on=D(2026, 1, 5),
        **fields,
    )


# --- who it goes to, and how -----------------------------------------------------------------------------------


def test_an_acknowledgement_is_emailed_once_committed_with_its_pdf_and_the_letter_as_text(
    log_complaint, officer, django_capture_on_commit_callbacks
):
    complaint = log_complaint()
    with django_capture_on_commit_callbacks(execute=True):
        acknowledge(officer, complaint)

    (queued,) = letters_of(complaint)
    (email,) = mail.outbox
    assert email.to == [complaint.resident.email]
    assert email.extra_headers["Message-ID"] == queued.message_id
    # The letter as text, then the link to read it online (public_pages.services.letter_email_link).
    assert email.body.startswith(queued.correspondence.body) and "Dear" in email.body
    ((name, content, content_type),) = email.attachments
    assert content_type == "application/pdf" and name.startswith(complaint.reference)
    assert content == document_read(queued.document)
    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 1 and queued.state == "Sent"
    assert complaint.timeline.filter(
        kind=CaseEvent.Kind.DELIVERY, description__contains=f"emailed to {complaint.resident.email}"
    ).exists()


def test_nothing_is_sent_before_the_action_commits(log_complaint, officer, django_capture_on_commit_callbacks):
    complaint = log_complaint()
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        acknowledge(officer, complaint)
    (queued,) = letters_of(complaint)
    assert mail.outbox == [] and queued.sent_at is None and queued.state == "Queued"
    assert len(waiting) == 1


def test_an_action_that_is_refused_queues_nothing(log_complaint, officer):
    complaint = log_complaint()
    with pytest.raises(WorkflowError):
        workflow.complaint_acknowledge(
            actor=officer, complaint=complaint, acknowledged_on=D(2026, 2, 4), points=[]
        )  # no definition (Code 5.6)
    assert not OutgoingMessage.objects.exists() and not Correspondence.objects.exists()


def test_a_representative_gets_the_letter_by_their_own_preference_at_their_own_address(
    log_complaint, officer, resident
):
    representative = representative_for(
        resident, email="sam@advice.example", address="Advice Centre\n2 High Street", postcode="LS2 7AB",
        preferred_contact="letter",
    )  # fmt: skip
    complaint = log_complaint(representative=representative)
    acknowledge(officer, complaint)

    (queued,) = letters_of(complaint)
    assert queued.route == Route.POST and queued.addressee == "Sam Advocate"
    assert queued.postal_address == "Advice Centre\n2 High Street\nLS2 7AB" and queued.email == ""
    assert queued.correspondence.party == Correspondence.Party.REPRESENTATIVE
    assert queued.correspondence.channel.code == "letter"
    assert list(outbox.letters_to_post()) == [queued]


def test_a_representative_whose_authority_has_ended_no_longer_gets_the_letters(log_complaint, officer, resident):
    representative = representative_for(resident, email="sam@advice.example", authority_ended_on=D(2026, 2, 3))
    complaint = log_complaint(representative=representative)
    acknowledge(officer, complaint)
    (queued,) = letters_of(complaint)
    assert queued.email == complaint.resident.email and queued.addressee == complaint.resident.name


def test_a_resident_who_prefers_letters_but_has_no_address_is_emailed(log_complaint, officer):
    resident = ResidentFactory(preferred_contact="letter", home=None)
    complaint = log_complaint(resident=resident)
    acknowledge(officer, complaint)
    (queued,) = letters_of(complaint)
    assert queued.route == Route.EMAIL and queued.email == resident.email


def test_a_letter_to_someone_with_no_email_and_no_address_is_refused_and_the_case_is_unchanged(log_complaint, officer):
    complaint = log_complaint(resident=ResidentFactory(email="", home=None))
    version = Complaint.objects.get(pk=complaint.pk).version
    with pytest.raises(WorkflowError, match="has no email address and no postal address recorded"):
        acknowledge(officer, complaint)
    complaint.refresh_from_db()
    assert complaint.version == version and complaint.current_stage.acknowledged_on is None
    assert not OutgoingMessage.objects.exists() and not Document.objects.exists()


# --- failures, retries, the post batch ---------------------------------------------------------------------------


def test_a_failed_email_is_kept_with_its_reason_and_tried_again_only_after_a_backoff(
    log_complaint, officer, unreachable_mail_server
):
    complaint = log_complaint()
    acknowledge(officer, complaint)
    (queued,) = letters_of(complaint)

    assert outbox.message_deliver(message_id=queued.pk) == "failed"
    queued.refresh_from_db()
    assert queued.attempts == 1 and "ConnectionRefusedError" in queued.error and queued.sent_at is None
    assert queued.state == "Failed, trying again"
    assert outbox.messages_to_deliver() == []
    assert outbox.message_deliver(message_id=queued.pk) == "not pending"
    assert complaint.timeline.filter(kind=CaseEvent.Kind.DELIVERY, description__contains="failed").exists()


def test_after_the_last_try_a_letter_moves_to_the_post_batch_and_the_handler_is_alerted(
    log_complaint, officer, unreachable_mail_server, settings
):
    settings.MESSAGE_EMAIL_ATTEMPTS = 1
    complaint = log_complaint()
    acknowledge(officer, complaint)
    (queued,) = letters_of(complaint)

    assert outbox.message_deliver(message_id=queued.pk) == "failed"
    queued.refresh_from_db()
    assert queued.route == Route.POST and queued.given_up_on == D(2026, 3, 2)
    assert queued.postal_address.startswith(complaint.resident.home.address.splitlines()[0])
    assert list(outbox.letters_to_post()) == [queued]
    assert complaint.timeline.filter(description__contains="moved to the post batch").exists()

    alerts_sweep(today=D(2026, 3, 2))
    (alert,) = Alert.objects.filter(kind=Kind.MESSAGE_UNDELIVERED)
    assert alert.recipient == officer and alert.complaint_id == complaint.pk
    # Nothing personal in the email about it.
    assert complaint.resident.name not in alert.email_subject + alert.email_body


def test_a_message_held_by_one_delivery_is_not_sent_by_another(log_complaint, officer):
    complaint = log_complaint()
    acknowledge(officer, complaint)
    (queued,) = letters_of(complaint)
    assert outbox.EMAILS.claim(queued.pk, seconds=600)
    assert outbox.message_deliver(message_id=queued.pk) == "not pending"
    assert mail.outbox == []


def _letter_to_post(log_complaint, officer):
    """A letter waiting in the post batch: its resident prefers letters."""
    complaint = log_complaint(resident=ResidentFactory(preferred_contact="letter"))
    acknowledge(officer, complaint)
    (queued,) = letters_of(complaint)
    return queued


def _pages(document) -> int:
    return len(PdfReader(io.BytesIO(document_read(document))).pages)


def _waiting_to_post(complaint, officer, pages: int) -> OutgoingMessage:
    """A letter in the post batch whose stored PDF has `pages` pages, each saying which page it is."""
    writer = PdfWriter()
    for number in range(1, pages + 1):
        writer.add_blank_page(width=595, height=842)
        writer.pages[-1].merge_page(_page_saying(f"{complaint.reference} page {number}"))
    content = io.BytesIO()
    writer.write(content)
    pdf = content.getvalue()
    document = Document(
        complaint=complaint, title="Letter", content_type="application/pdf", size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(), uploaded_by=officer,
    )  # fmt: skip
    document.file.save("letter.pdf", ContentFile(pdf), save=False)
    document.save()
    return OutgoingMessage.objects.create(
        complaint=complaint, document=document, kind=OutgoingMessage.Kind.LETTER, route=Route.POST,
        addressee="A Resident", postal_address="1 Test Street\nLS1 1AA", subject="Letter", body="Letter",
        message_id=f"<{complaint.reference}.{pages}@test>",
    )  # fmt: skip


def _page_saying(text: str):
    """A page holding one line of text (drawn by WeasyPrint, as every PDF the product makes)."""
    drawn = weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()
    return PdfReader(io.BytesIO(drawn)).pages[0]


def test_the_post_batch_starts_each_letter_on_a_new_sheet(log_complaint, officer):
    first, second = log_complaint(), log_complaint()
    _waiting_to_post(first, officer, pages=3)
    _waiting_to_post(second, officer, pages=2)
    batch = PdfReader(io.BytesIO(outbox.post_batch_pdf(outbox.letters_to_post())))
    # Double-sided: the first letter's third page has a blank back, so the second starts on a sheet of its own.
    texts = [page.extract_text().strip() for page in batch.pages]
    assert texts == [
        f"{first.reference} page 1",
        f"{first.reference} page 2",
        f"{first.reference} page 3",
        "",
        f"{second.reference} page 1",
        f"{second.reference} page 2",
    ]


def test_staff_record_letters_as_posted_and_each_case_says_who_and_when(log_complaint, officer, manager):
    first = _letter_to_post(log_complaint, officer)
    second = _letter_to_post(log_complaint, officer)
    assert outbox.letters_mark_posted(actor=manager, message_ids=[first.pk]) == 1
    first.refresh_from_db()
    assert first.posted_by == manager and first.posted_at is not None and first.state == "Posted"
    assert list(outbox.letters_to_post()) == [second]
    assert first.complaint.timeline.filter(
        kind=CaseEvent.Kind.DELIVERY, description__contains=f"posted to {first.addressee} by", actor=manager
    ).exists()
    with pytest.raises(WorkflowError, match="Choose at least one letter"):
        outbox.letters_mark_posted(actor=manager, message_ids=[first.pk])  # already posted


def test_roles_that_do_not_handle_complaints_cannot_post_letters(log_complaint, officer, board_member, staff_member):
    queued = _letter_to_post(log_complaint, officer)
    for user in (board_member, staff_member):
        with pytest.raises(PermissionDenied):
            outbox.letters_mark_posted(actor=user, message_ids=[queued.pk])
    queued.refresh_from_db()
    assert queued.posted_at is None


def test_the_letters_to_post_page_gives_the_batch_and_records_posting(client, login_with_mfa, log_complaint, officer):
    queued = _letter_to_post(log_complaint, officer)
    login_with_mfa(client, officer)
    page = client.get(reverse("casework:letters-to-post"))
    assert page.status_code == 200 and queued.complaint.reference in page.content.decode()
    batch = client.get(reverse("casework:letters-to-post-pdf"))
    assert batch["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(batch.content)).pages) == _pages(queued.document) + _pages(queued.document) % 2
    answer = client.post(reverse("casework:letters-to-post"), {"letter": [queued.pk]})
    assert answer.status_code == 302
    queued.refresh_from_db()
    assert queued.posted_by == officer


def test_the_board_cannot_see_the_letters_to_post(client, login_with_mfa, board_member):
    login_with_mfa(client, board_member)
    assert client.get(reverse("casework:letters-to-post")).status_code == 403
    assert client.get(reverse("casework:letters-to-post-pdf")).status_code == 403


def test_the_case_page_says_where_each_letter_is(client, login_with_mfa, log_complaint, officer):
    complaint = log_complaint()
    acknowledge(officer, complaint)
    login_with_mfa(client, officer)
    page = client.get(reverse("casework:complaint", args=[complaint.reference])).content.decode()
    assert "To resident by email (queued)" in page
    assert "Sent to resident by email" not in page
