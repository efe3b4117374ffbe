"""Messages to residents and representatives: who each goes to and by which route (Code 3.6), queued in the
transaction of the action that issues it, delivered by email exactly once (core.delivery) or posted by staff
from the day's batch. The case timeline follows each message: queued, sent, failed, moved to post, posted."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, make_msgid
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from pypdf import PdfReader, PdfWriter

from complaints.models import CaseEvent, Channel, Complaint, Correspondence, Document, OutgoingMessage, Resident
from complaints.selectors import document_read
from complaints.services.base import record_event
from core.delivery import DELIVERY_ERRORS, Outbox, describe
from core.errors import WorkflowError
from core.services import format_date, require_perm, service_action, today

logger = logging.getLogger(__name__)

# What stands in the stored body for a one-time link or code once the email has gone.
LINK_REMOVED = "[removed once sent]"

Route = OutgoingMessage.Route

# The emails still owed: core.delivery drains them.
EMAILS = Outbox(
    model=OutgoingMessage,
    pending=Q(route=Route.EMAIL, sent_at__isnull=True, given_up_on__isnull=True),
    sent_at="sent_at",
    attempts="attempts",
    error="error",
)


@dataclass(frozen=True)
class Addressee:
    name: str
    email: str
    postal_address: str
    prefers: str
    is_representative: bool

    def route_for(self, kind: str) -> str | None:
        """A letter goes by their preference when it can be met, otherwise by whichever of email or post we have
        an address for. Receipts and surveys are emails only (a survey is a web page; a receipt confirms what
        was sent from an email address)."""
        by_email = Route.EMAIL if self.email else None
        if kind != OutgoingMessage.Kind.LETTER:
            return by_email
        by_post = Route.POST if self.postal_address else None
        if self.prefers == Resident.ContactMethod.LETTER:
            return by_post or by_email
        return by_email or by_post


def _lines(*parts: str) -> str:
    return "\n".join(line.strip() for part in parts for line in part.splitlines() if line.strip())


def addressee_of(complaint: Complaint) -> Addressee:
    """Code 3.6: what we send goes to the representative when one acts for the resident, at their own address
    and by the means they prefer; otherwise to the resident at the home the complaint is about."""
    representative = complaint.representative
    if representative is not None and representative.authority_ended_on is None:
        return Addressee(
            name=representative.name,
            email=representative.email,
            postal_address=_lines(representative.address, representative.postcode),
            prefers=representative.preferred_contact,
            is_representative=True,
        )
    resident = complaint.resident
    home = complaint.home or resident.home
    return Addressee(
        name=resident.name,
        email=resident.email,
        postal_address=_lines(home.address, home.postcode) if home else "",
        prefers=resident.preferred_contact,
        is_representative=False,
    )


def no_address_error(addressee: Addressee, what: str) -> WorkflowError:
    whose = "the representative" if addressee.is_representative else "the resident"
    return WorkflowError(
        f"The {what} cannot be sent: {whose}, {addressee.name}, has no email address and no postal address "
        f"recorded. Record one of them, then try again."
    )


# The line that ends each letter's email: a link to read the letters online. The residents' pages, above this app,
# connect it when they start. Given the complaint and the addressee, it returns the text and the link in it (taken
# out of the stored body once the email has gone, like a survey's), or None.
LetterEmailLink = Callable[[Complaint, Addressee], tuple[str, str] | None]
_letter_email_link: LetterEmailLink | None = None


def letter_email_link_connect(link: LetterEmailLink) -> None:
    global _letter_email_link
    _letter_email_link = link


def message_queue(
    *,
    complaint: Complaint,
    kind: str,
    subject: str,
    body: str,
    actor: Any,
    correspondence: Correspondence | None = None,
    document: Document | None = None,
    addressee: Addressee | None = None,
    secret: str = "",
) -> OutgoingMessage:
    """Queue one message for the addressee, inside the caller's transaction, and note it on the timeline. The
    email goes once the transaction commits; a letter by post waits in the day's batch. `secret` (a survey's
    link, say) is taken out of the stored body as soon as the email has been sent."""
    addressee = addressee or addressee_of(complaint)
    route = addressee.route_for(kind)
    if route is None:
        raise no_address_error(addressee, OutgoingMessage.Kind(kind).label.lower())
    if kind == OutgoingMessage.Kind.LETTER and route == Route.EMAIL and _letter_email_link and not secret:
        added = _letter_email_link(complaint, addressee)
        if added:
            body, secret = f"{body}\n\n{added[0]}", added[1]
    if correspondence is None:
        # Code 5.12: every message to the resident is part of the case's record (a one-time link is not).
        correspondence = Correspondence.objects.create(
            complaint=complaint,
            stage=complaint.stage,
            direction=Correspondence.Direction.OUTGOING,
            party=Correspondence.Party.REPRESENTATIVE if addressee.is_representative else Correspondence.Party.RESIDENT,
            channel=Channel.objects.get(code="email" if route == Route.EMAIL else "letter"),
            occurred_on=today(),
            subject=subject,
            body=body.replace(secret, LINK_REMOVED) if secret else body,
            recorded_by=actor,
        )
    message = OutgoingMessage.objects.create(
        complaint=complaint,
        correspondence=correspondence,
        document=document,
        kind=kind,
        route=route,
        addressee=addressee.name,
        email=addressee.email if route == Route.EMAIL else "",
        postal_address=addressee.postal_address if route == Route.POST else "",
        subject=subject,
        body=body,
        secret=secret,
        message_id=make_msgid(domain=settings.MESSAGE_ID_DOMAIN),
    )
    where = "email" if route == Route.EMAIL else "the post batch"
    record_event(
        complaint, CaseEvent.Kind.DELIVERY, f"{message.get_kind_display()} “{subject}” queued for {where}.", actor
    )
    if route == Route.EMAIL:
        transaction.on_commit(lambda: _queue_delivery([message.pk]))
    return message


def _queue_delivery(message_ids: list[int]) -> None:
    from complaints.tasks import deliver_messages

    try:
        deliver_messages.delay(message_ids)
    except Exception:
        # The broker is unreachable. The message is saved as owed, and the minute's sweep queues it again.
        logger.exception("Could not queue the delivery of messages %s", message_ids)


def messages_to_deliver() -> list[int]:
    return EMAILS.due_ids()


def _email(message: OutgoingMessage) -> EmailMessage:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        to=[message.email],
        reply_to=[settings.LANDLORD_EMAIL],
        # The same Message-ID on every attempt: a receiving server that saw it before can tell.
        headers={"Message-ID": message.message_id},
    )
    if message.document is not None:
        name = f"{message.complaint.reference}-{slugify(message.subject)[:60] or 'letter'}.pdf"
        email.attach(name, document_read(message.document), message.document.content_type)
    return email


def message_deliver(*, message_id: int) -> str:
    """Send one queued email at most once. A failure is kept on the message and tried again after a backoff;
    after the last try the message moves to the post batch (when there is an address to post it to) and the
    handler is alerted (alerts watch messages given up on). Returns what happened, for the task's log."""
    if not EMAILS.claim(message_id, seconds=settings.MESSAGE_CLAIM_SECONDS):
        return "not pending"
    message = OutgoingMessage.objects.select_related("complaint", "document").get(pk=message_id)
    complaint = message.complaint
    try:
        EMAILS.send(
            message_id,
            _email(message),
            body=message.body.replace(message.secret, LINK_REMOVED) if message.secret else message.body,
            secret="",
            then=lambda: record_event(
                complaint,
                CaseEvent.Kind.DELIVERY,
                f"{message.get_kind_display()} “{message.subject}” emailed to {message.email} at "
                f"{timezone.localtime():%-d %B %Y %H:%M}.",
                None,
            ),
        )
    except DELIVERY_ERRORS as error:
        attempts = message.attempts + 1
        logger.warning("Message %s email failed (attempt %s): %s", message_id, attempts, type(error).__name__)
        with transaction.atomic():
            if attempts >= settings.MESSAGE_EMAIL_ATTEMPTS:
                _give_up(message, attempts, error)
            else:
                next_attempt = EMAILS.failed(message_id, attempts=attempts, error=error)
                record_event(
                    complaint,
                    CaseEvent.Kind.DELIVERY,
                    f"Email of “{message.subject}” to {message.email} failed ({describe(error)}); trying again "
                    f"at {timezone.localtime(next_attempt):%H:%M}.",
                    None,
                )
        return "failed"
    return "sent"


def _give_up(message: OutgoingMessage, attempts: int, error: BaseException) -> None:
    addressee = addressee_of(message.complaint)
    to_post = message.kind == OutgoingMessage.Kind.LETTER and bool(addressee.postal_address)
    EMAILS.release(
        message.pk,
        attempts=attempts,
        error=describe(error),
        given_up_on=timezone.localdate(),
        **({"route": Route.POST, "postal_address": addressee.postal_address} if to_post else {}),
    )
    then = "moved to the post batch" if to_post else "there is no postal address to post it to"
    record_event(
        message.complaint,
        CaseEvent.Kind.DELIVERY,
        f"Email of “{message.subject}” to {message.email} failed {attempts} times ({describe(error)}); {then}.",
        None,
    )


# --- the post batch -------------------------------------------------------------------------------------


def letters_to_post() -> QuerySet[OutgoingMessage]:
    return (
        OutgoingMessage.objects.filter(route=Route.POST, posted_at__isnull=True)
        .select_related("complaint", "document")
        .order_by("queued_at", "pk")
    )


def post_batch_pdf(messages: Iterable[OutgoingMessage]) -> bytes:
    """The letters to post as one PDF to print double-sided: each letter exactly as issued (the PDF kept on the
    case), starting on a new sheet, its address placed for a DL window envelope."""
    batch = PdfWriter()
    for message in messages:
        if message.document is None:
            raise WorkflowError(f"{message.complaint.reference}: “{message.subject}” has no PDF to print.")
        letter = PdfReader(io.BytesIO(document_read(message.document)))
        for page in letter.pages:
            batch.add_page(page)
        if len(letter.pages) % 2:
            # The back of the letter's last sheet stays blank, so the next letter starts on a sheet of its own.
            batch.add_blank_page()
    output = io.BytesIO()
    batch.write(output)
    return output.getvalue()


@service_action
def letters_mark_posted(*, actor: Any, message_ids: list[int]) -> int:
    """Staff confirm that these letters went in the post: who and when, on each case's timeline."""
    require_perm(actor, "complaints.post_letters", None, "Your role cannot post letters.")
    messages = list(letters_to_post().select_for_update(of=("self",)).filter(pk__in=message_ids))
    if not messages:
        raise WorkflowError("Choose at least one letter that is waiting to be posted.", field="message_ids")
    now = timezone.now()
    name = actor.get_full_name() or actor.get_username()
    for message in messages:
        message.posted_at, message.posted_by = now, actor
        message.save(update_fields=["posted_at", "posted_by"])
        record_event(
            message.complaint,
            CaseEvent.Kind.DELIVERY,
            f"{message.get_kind_display()} “{message.subject}” posted to {message.addressee} by {name} on "
            f"{format_date(timezone.localdate())}.",
            actor,
        )
    return len(messages)
