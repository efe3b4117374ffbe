from __future__ import annotations

from django.db.models import QuerySet

from core.email_parsing import parse_email
from inbound.models import InboundEmail


def new_emails() -> QuerySet[InboundEmail]:
    """The "New emails" queue: emails no case claimed, oldest first, without the stored messages."""
    return InboundEmail.objects.filter(status=InboundEmail.Status.NEW).defer("raw").order_by("sent_at", "id")


def new_email_count() -> int:
    return InboundEmail.objects.filter(status=InboundEmail.Status.NEW).count()


def email_attachments(email: InboundEmail) -> list[tuple[str, int]]:
    """The name and size of each file the email carries, read from the stored message."""
    parsed = parse_email(bytes(email.raw), outlook=email.outlook)
    return [(attachment.filename, len(attachment.content)) for attachment in parsed.attachments]
