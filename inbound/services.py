"""Emails that come in become correspondence on the right case, once each.

An email from the mailbox is matched to a case by the complaint reference it quotes (the subject first, then the
text), else by its sender being the resident or representative of exactly one open case. A matched email is
recorded on its case and the handler alerted; the rest wait in the "New emails" queue, where a case worker attaches
each to a case, logs a new complaint from it, or marks it as not a complaint. An email saved as a file and
uploaded to a case is recorded the same way.

Each email is one InboundEmail row whose Message-ID is unique: the row, the correspondence and the alert are
written in one transaction, so an email is either wholly recorded or not at all, and never twice."""

from __future__ import annotations

import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from alerts.models import Kind
from alerts.services import case_alert_create
from alerts.tasks import queue_deliveries_on_commit
from complaints.models import Category, Channel, Complaint, Correspondence, Document, Representative, Resident
from complaints.selectors import complaints_referenced_in, open_complaints_of_address
from complaints.services import incoming, record, workflow
from core.email_parsing import ParsedEmail, parse_email
from core.errors import WorkflowError
from core.services import format_date, require_perm, service_action
from core.uploads import upload_check
from inbound.models import InboundEmail

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The files "Upload a document" records as the emails they are, rather than storing them as they stand.
EMAIL_FILES = frozenset({".eml", ".msg"})

RECORDED = "recorded"
TO_TRIAGE = "to triage"
DUPLICATE = "duplicate"


def mailbox_account_create(*, using: str = "default") -> User:
    """The account emails from the mailbox are recorded by: in no role, with no usable password; the rules let it
    record correspondence and documents on a case (complaints.rules.is_mailbox_account)."""
    User = get_user_model()
    user, created = User.objects.using(using).get_or_create(
        username=settings.INBOUND_EMAIL_USERNAME, defaults={"first_name": "Complaints", "last_name": "mailbox"}
    )
    if created:
        user.set_unusable_password()
        user.save(using=using, update_fields=["password"])
    return user


def mailbox_account() -> User:
    return get_user_model().objects.get(username=settings.INBOUND_EMAIL_USERNAME)


def email_match(email: ParsedEmail) -> tuple[Complaint | None, str]:
    """The case the email belongs to, and how it was found; (None, "") when it is not clear which."""
    # A reply quotes earlier messages, which may name other cases: the subject speaks first.
    for text in (email.subject, email.body):
        named = complaints_referenced_in(text)
        if len(named) == 1:
            return named[0], InboundEmail.Match.REFERENCE
    of_sender = open_complaints_of_address(email.sender)
    if len(of_sender) == 1:
        return of_sender[0], InboundEmail.Match.SENDER
    return None, ""


@service_action
def email_receive(*, actor: User, raw: bytes) -> str:
    """One message from the mailbox: recorded on its case, put in the "New emails" queue, or, if it was received
    before, nothing. Returns which."""
    parsed = parse_email(raw)
    try:
        # Its own savepoint: another run inserting the same Message-ID waits on the unique index, then fails here.
        with transaction.atomic():
            email = _email_row(parsed, raw, source=InboundEmail.Source.MAILBOX, outlook=False)
    except IntegrityError:
        return DUPLICATE
    complaint, matched_by = email_match(parsed)
    if complaint is None:
        return TO_TRIAGE
    _record(actor=actor, email=email, parsed=parsed, complaint=complaint, matched_by=matched_by, handled_by=None)
    return RECORDED


def _email_row(parsed: ParsedEmail, raw: bytes, *, source: str, outlook: bool) -> InboundEmail:
    return InboundEmail.objects.create(
        message_id=parsed.message_id,
        source=source,
        sender=parsed.sender[:320],
        sender_name=parsed.sender_name[:200],
        sent_at=parsed.sent_at or timezone.now(),
        subject=parsed.subject,
        body=parsed.body,
        raw=raw,
        outlook=outlook,
    )


def _record(
    *,
    actor: User,
    email: InboundEmail,
    parsed: ParsedEmail,
    complaint: Complaint,
    matched_by: str,
    handled_by: User | None,
    status: str = InboundEmail.Status.RECORDED,
    alert: bool = True,
) -> Correspondence:
    correspondence = incoming.email_record(actor=actor, complaint=complaint, email=parsed)
    email.status = status
    email.matched_by = matched_by
    email.complaint = complaint
    email.correspondence = correspondence
    email.handled_by = handled_by
    email.handled_at = timezone.now() if handled_by else None
    email.save(
        update_fields=["status", "matched_by", "complaint", "correspondence", "handled_by", "handled_at", "updated_at"]
    )
    if alert:
        complaint = Complaint.objects.select_related("current_stage").get(pk=complaint.pk)
        to_send = case_alert_create(
            kind=Kind.EMAIL_RECEIVED,
            subject_id=correspondence.pk,
            complaint=complaint,
            on=correspondence.occurred_on,
            headline=f"{complaint.reference} stage {complaint.stage}: email received "
            f"{format_date(correspondence.occurred_on)}",
            actor=actor,
        )
        queue_deliveries_on_commit(to_send)
    return correspondence


def _locked_new(email: InboundEmail) -> InboundEmail:
    """The email, locked, if nobody has dealt with it yet: two case workers deciding at once cannot both win."""
    email = InboundEmail.objects.select_for_update().get(pk=email.pk)
    if email.status != InboundEmail.Status.NEW:
        raise WorkflowError(f"Someone has already dealt with this email: {email.get_status_display().lower()}.")
    return email


def _parsed(email: InboundEmail) -> ParsedEmail:
    return parse_email(bytes(email.raw), outlook=email.outlook)


@service_action
def email_attach(*, actor: User, email: InboundEmail, complaint: Complaint) -> Correspondence:
    """A case worker says which case a new email belongs to: it is recorded there and the handler alerted."""
    require_perm(actor, "inbound.triage_emails", None, "Your role cannot deal with new emails.")
    email = _locked_new(email)
    return _record(
        actor=actor,
        email=email,
        parsed=_parsed(email),
        complaint=complaint,
        matched_by=InboundEmail.Match.STAFF,
        handled_by=actor,
    )


@service_action
def email_log_complaint(
    *,
    actor: User,
    email: InboundEmail,
    resident: Resident,
    received_on: datetime.date,
    channel: Channel,
    summary: str,
    nation: str | None = None,
    representative: Representative | None = None,
    categories: list[Category] | tuple[Category, ...] = (),
    stage_2_reason: str = "",
    first_knew_on: datetime.date | None = None,
    time_limit_waived_because: str = "",
) -> Complaint:
    """A new email is a new complaint (Code 3.2): logged, and the email recorded on it as its first
    correspondence, in one transaction."""
    require_perm(actor, "inbound.triage_emails", None, "Your role cannot deal with new emails.")
    email = _locked_new(email)
    complaint = workflow.complaint_log(
        actor=actor,
        resident=resident,
        received_on=received_on,
        channel=channel,
        summary=summary,
        nation=nation,
        representative=representative,
        categories=categories,
        stage_2_reason=stage_2_reason,
        first_knew_on=first_knew_on,
        time_limit_waived_because=time_limit_waived_because,
    )
    # Whoever logs it has read it; the new complaint's own alerts (acknowledgement due) follow from the sweep.
    _record(
        actor=actor,
        email=email,
        parsed=_parsed(email),
        complaint=complaint,
        matched_by=InboundEmail.Match.STAFF,
        handled_by=actor,
        status=InboundEmail.Status.LOGGED,
        alert=False,
    )
    return complaint


@service_action
def email_mark_not_a_complaint(*, actor: User, email: InboundEmail, reason: str) -> InboundEmail:
    require_perm(actor, "inbound.triage_emails", None, "Your role cannot deal with new emails.")
    if not reason.strip():
        raise WorkflowError("Say why this email is not a complaint.", field="reason")
    email = _locked_new(email)
    email.status = InboundEmail.Status.NOT_A_COMPLAINT
    email.not_a_complaint_reason = reason
    email.handled_by = actor
    email.handled_at = timezone.now()
    email.save(update_fields=["status", "not_a_complaint_reason", "handled_by", "handled_at", "updated_at"])
    return email


def case_document_add(
    *, actor: User, complaint: Complaint, title: str, upload: UploadedFile
) -> Document | Correspondence:
    """The case page's "Upload a document": an email saved as a file (.eml, .msg) is recorded as the correspondence
    it is, with its attachments; any other file is stored as a document."""
    if PurePath((upload.name or "").replace("\\", "/")).suffix.lower() in EMAIL_FILES:
        return email_upload(actor=actor, complaint=complaint, upload=upload)
    return record.document_add(actor=actor, complaint=complaint, title=title, upload=upload)


@service_action
def email_upload(*, actor: User, complaint: Complaint, upload: UploadedFile) -> Correspondence:
    """An email uploaded to a case is recorded on it as if the mailbox had matched it there. One already waiting
    in "New emails" is taken from there; one already recorded on a case is refused, saying where."""
    require_perm(actor, "complaints.record_on_complaint", complaint, "Your role cannot record correspondence.")
    checked = upload_check(upload, allowed=EMAIL_FILES)
    outlook = checked.file_type.extension == ".msg"
    raw = b"".join(upload.chunks())
    parsed = parse_email(raw, outlook=outlook)
    email = InboundEmail.objects.select_for_update().filter(message_id=parsed.message_id).first()
    if email and email.complaint is not None:
        raise WorkflowError(f"This email is already recorded on complaint {email.complaint.reference}.", field="file")
    if email is None:
        try:
            with transaction.atomic():
                email = _email_row(parsed, raw, source=InboundEmail.Source.UPLOAD, outlook=outlook)
        except IntegrityError:
            raise WorkflowError(
                "This email was recorded a moment ago. Reload the case to see it.", field="file"
            ) from None
    return _record(
        actor=actor,
        email=email,
        parsed=parsed,
        complaint=complaint,
        matched_by=InboundEmail.Match.STAFF,
        handled_by=actor,
    )
