"""What residents send in: an email, read from the complaints mailbox or uploaded as a file, recorded on its case as
received correspondence (Code 5.12), its attachments as documents on that correspondence."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from complaints.models import Channel, Complaint, Correspondence
from complaints.services import record
from complaints.services.base import lock_complaint
from core.email_parsing import Attachment, ParsedEmail
from core.errors import WorkflowError
from core.services import format_date, service_action, today
from core.uploads import upload_check

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NO_SUBJECT = "Email with no subject"


@service_action
def email_record(*, actor: User, complaint: Complaint | int, email: ParsedEmail) -> Correspondence:
    """Record an email as received correspondence on the case, dated the day it was sent (UK time), with each of
    its attachments that passes the upload checks as a document. An attachment that fails them is left out, and
    the correspondence says which and why; the rest of the email is kept."""
    complaint = lock_complaint(complaint, None)
    occurred_on = _occurred_on(complaint, email.sent_at)
    outcomes = [_attachment_outcome(attachment) for attachment in email.attachments]
    correspondence = record.correspondence_record(
        actor=actor,
        complaint=complaint,
        direction=Correspondence.Direction.INCOMING,
        party=_party(complaint, email.sender),
        channel=Channel.objects.get(code="email"),
        occurred_on=occurred_on,
        subject=(email.subject or NO_SUBJECT)[:200],
        body=_body(email, outcomes),
    )
    for number, (attachment, refusal) in enumerate(zip(email.attachments, outcomes, strict=True), start=1):
        if refusal is None:
            # The file's own name may hold personal data, and a document's title is on the case timeline.
            record.document_add(
                actor=actor,
                complaint=complaint,
                title=f"Attachment {number} to the email of {format_date(occurred_on)}",
                upload=_upload(attachment),
                correspondence=correspondence,
            )
    return correspondence


def _occurred_on(complaint: Complaint, sent_at: datetime.datetime | None) -> datetime.date:
    """The day the email was sent, in UK time. A sender's clock can be wrong: the date is kept between the day the
    complaint was received and today, the dates correspondence on the case can have."""
    sent_on = timezone.localdate(sent_at) if sent_at else today()
    return min(max(sent_on, complaint.received_on), today())


def _party(complaint: Complaint, sender: str) -> str:
    if sender and sender == complaint.resident.email.lower():
        return Correspondence.Party.RESIDENT
    representatives = complaint.resident.representatives.exclude(email="").values_list("email", flat=True)
    if sender and sender in {address.lower() for address in representatives}:
        return Correspondence.Party.REPRESENTATIVE
    return Correspondence.Party.OTHER


def _upload(attachment: Attachment) -> SimpleUploadedFile:
    return SimpleUploadedFile(attachment.filename, attachment.content, content_type=attachment.content_type)


def _attachment_outcome(attachment: Attachment) -> str | None:
    """Why the attachment cannot be added, or None when it passes the checks every upload passes."""
    try:
        upload_check(_upload(attachment))
    except WorkflowError as refusal:
        return refusal.message
    return None


def _body(email: ParsedEmail, outcomes: list[str | None]) -> str:
    sender = f"{email.sender_name} <{email.sender}>" if email.sender_name else email.sender
    lines = [f"From: {sender or 'unknown'}"]
    if email.sent_at:
        lines.append(f"Sent: {timezone.localtime(email.sent_at):%-d %B %Y, %H:%M}")
    text = "\n".join(lines) + "\n\n" + (email.body or "(The email has no text.)")
    if email.attachments:
        text += "\n\nAttachments:"
        for number, (attachment, refusal) in enumerate(zip(email.attachments, outcomes, strict=True), start=1):
            outcome = f"not added. {refusal}" if refusal else "added as a document."
            text += f"\n{number}. {attachment.filename}: {outcome}"
    return text
