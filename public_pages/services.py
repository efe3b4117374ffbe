"""The public complaint form, as calls to the complaints services: the form adds no rule of its own beyond
what a form must check before it can call them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from complaints.models import Channel, CommunicationNeed, Complaint, OutgoingMessage, Resident
from complaints.services import record, workflow
from complaints.services.base import current_stage
from complaints.services.outbox import message_queue
from core import roles
from core.services import today

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class WebComplaint:
    token: uuid.UUID
    what_happened: str
    outcome_wanted: str
    name: str
    email: str
    phone: str
    preferred_contact: str
    address: str
    postcode: str
    nation: str
    # Code 5.10: the ways of communicating the resident needs (large print...), and anything else in their words.
    communication_needs: tuple[str, ...] = ()
    language: str = ""
    needs: str = ""
    # Set when someone complains for the resident (Code 3.6): `name`, `email` and `phone` are then theirs.
    resident_name: str = ""
    relationship: str = ""
    authority: str = ""
    attachments: list[UploadedFile] = field(default_factory=list)

    @property
    def for_someone_else(self) -> bool:
        return bool(self.resident_name)


def web_form_account_create(*, using: str = "default") -> User:
    """The account web form complaints are logged by: a member of staff in the rules' eyes (any staff member may
    log a complaint, Code 3.2), with no usable password, so nobody can sign in as it."""
    User = get_user_model()
    user, created = User.objects.using(using).get_or_create(
        username=settings.WEB_FORM_USERNAME, defaults={"first_name": "Online", "last_name": "complaint form"}
    )
    if created:
        user.set_unusable_password()
        user.save(using=using, update_fields=["password"])
    user.groups.add(Group.objects.using(using).get(name=roles.STAFF))
    return user


def web_form_account() -> User:
    return get_user_model().objects.get(username=settings.WEB_FORM_USERNAME)


def web_complaint_submit(*, submission: WebComplaint) -> tuple[Complaint, bool]:
    """Log the complaint as received today through the web form channel. Returns the complaint and whether it
    is new: a repeat of a form already submitted (same token) returns the first complaint and logs nothing."""
    existing = Complaint.objects.filter(submission_token=submission.token).first()
    if existing:
        return existing, False
    actor = web_form_account()
    try:
        with transaction.atomic():
            complaint = _log(actor, submission)
    except IntegrityError:
        # Another request with this token committed first (a double click, a retry): that one stands.
        existing = Complaint.objects.filter(submission_token=submission.token).first()
        if existing is None:
            raise
        return existing, False
    return complaint, True


def _needs_record(actor: User, resident: Resident, complaint: Complaint, submission: WebComplaint) -> None:
    """What the resident asked us to do differently, as reasonable adjustments (Code 5.10): special-category data,
    kept on the resident where only case workers see it, never in the complaint. Letters follow them from the
    acknowledgement on; a case worker confirms them with the resident by the stage's first deadline, their review."""
    stated = [(need, "") for need in submission.communication_needs]
    if submission.needs.strip():
        stated.append((CommunicationNeed.OTHER, f": {submission.needs.strip()}"))
    review_due = current_stage(complaint).next_due()
    assert review_due is not None  # a complaint just logged is working towards its first deadline
    for need, words in stated:
        record.adjustment_agree(
            actor=actor,
            resident=resident,
            need=need,
            language=submission.language if need == CommunicationNeed.OTHER_LANGUAGE else "",
            adjustment=f"Asked for on the online complaint form{words}",
            agreed_on=complaint.received_on,
            review_due=review_due,
        )


def _log(actor: User, submission: WebComplaint) -> Complaint:
    received_on = today()
    own = not submission.for_someone_else
    resident = workflow.resident_create(
        actor=actor,
        details=workflow.ResidentInput(
            name=submission.resident_name or submission.name,
            email=submission.email if own else "",
            phone=submission.phone if own else "",
            address=submission.address,
            postcode=submission.postcode,
            preferred_contact=submission.preferred_contact if own else "",
        ),
        nation=submission.nation,
    )
    representative = None
    if not own:
        representative = record.representative_add(
            actor=actor,
            resident=resident,
            name=submission.name,
            relationship=submission.relationship,
            authority=submission.authority,
            authority_given_on=received_on,
            authority_evidence="Stated on the online complaint form; to be confirmed with the resident.",
            email=submission.email,
            phone=submission.phone,
        )
    summary = f"What happened:\n{submission.what_happened}\n\nOutcome wanted:\n{submission.outcome_wanted}"
    if representative:
        contact = dict(Resident.ContactMethod.choices).get(submission.preferred_contact, "")
        summary += f"\n\nMade on the resident's behalf by {representative}; prefers contact by {contact.lower()}."
    complaint = workflow.complaint_log(
        actor=actor,
        resident=resident,
        received_on=received_on,
        channel=Channel.objects.get(code="web_form"),
        summary=summary,
        nation=submission.nation,
        representative=representative,
        submission_token=submission.token,
    )
    _needs_record(actor, resident, complaint, submission)
    if submission.email:
        # A receipt to whoever filled in the form (the representative, when they did: Code 3.6), through the
        # outbox: the page never waits on the mail server, and a server that is down loses nothing.
        context = {"complaint": complaint, "stage": complaint.current_stage, "LANDLORD_NAME": settings.LANDLORD_NAME}
        message_queue(
            complaint=complaint,
            kind=OutgoingMessage.Kind.RECEIPT,
            subject=f"We have received your complaint: {complaint.reference}",
            body=render_to_string("public/email/receipt.txt", context),
            actor=actor,
        )
    for number, upload in enumerate(submission.attachments, start=1):
        # The file's own name may hold personal data, and the title appears in the case timeline.
        record.document_add(
            actor=actor, complaint=complaint, title=f"Attachment {number} from the online form", upload=upload
        )
    return complaint
