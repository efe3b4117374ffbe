"""The residents' pages as calls to the complaints services: the public complaint form, and the resident's own
view of their complaint (reached with a one-time code or the link in a letter's email), from which they read their
letters, ask for stage 2 and send more information. The pages add no rule of their own beyond what a form must
check before it can call them, and who may see which complaint."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from alerts.models import Kind
from alerts.services import case_alert_create
from alerts.tasks import queue_deliveries_on_commit
from complaints.models import (
    Channel,
    CommunicationNeed,
    Complaint,
    Correspondence,
    OutgoingMessage,
    Resident,
)
from complaints.services import record, workflow
from complaints.services.base import current_stage, lock_complaint
from complaints.services.outbox import Addressee, addressee_of, message_queue
from core import roles
from core.errors import WorkflowError
from core.services import format_date, service_action, today
from public_pages.selectors import Checked, Party, emails_on_file, stage_2_choice

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


# --- the resident's own view: showing they may see the complaint ------------------------------------------------

CODE_DIGITS = 6
CODE_MINUTES = 15
CODE_TRIES = 5
CODES_PER_HOUR = 3
LINK_DAYS = 28
LINK_SALT = "public_pages.letter-link"


@dataclass(frozen=True)
class Caller:
    """Someone who has shown they can read an email address on file for the complaint (the resident's, or their
    representative's): what they do online is recorded as coming from them."""

    complaint_id: int
    party: str


@dataclass
class IssuedCode:
    """A one-time code emailed to an address on file. Only its digest is kept (in the session of the browser that
    asked for it), with when it stops working and how many tries it has had."""

    complaint_id: int
    party: str
    digest: str
    expires_at: float
    tries: int = 0

    def attempt(self, code: str, *, now: datetime.datetime) -> str | None:
        """Count one try of `code`: None when it is right, otherwise what to tell the person."""
        if self.tries >= CODE_TRIES:
            return f"You have entered a wrong code {CODE_TRIES} times. Ask us for a new code."
        self.tries += 1
        if now.timestamp() > self.expires_at:
            return "This code has expired. Ask us for a new code."
        if not constant_time_compare(self.digest, _code_digest(self.complaint_id, code)):
            if self.tries >= CODE_TRIES:
                return f"You have entered a wrong code {CODE_TRIES} times. Ask us for a new code."
            return "The code is not right. Check the email we sent you and enter the code again."
        return None

    def caller(self) -> Caller:
        return Caller(complaint_id=self.complaint_id, party=self.party)


def _code_digest(complaint_id: int, code: str) -> str:
    return salted_hmac("public_pages.access-code", f"{complaint_id}:{code.strip()}", algorithm="sha256").hexdigest()


def _address_digest(email: str) -> str:
    return salted_hmac("public_pages.letter-link-address", email.strip().lower(), algorithm="sha256").hexdigest()[:32]


def _code_party(checked: Checked) -> str | None:
    """Whose address the code goes to: the one typed in, when it was one on file; after a postcode, the address
    letters go to (the representative's while one acts, Code 3.6), else whichever address there is."""
    emails = emails_on_file(checked.complaint)
    if checked.email_of in emails:
        return checked.email_of
    preferred = Party.REPRESENTATIVE if addressee_of(checked.complaint).is_representative else Party.RESIDENT
    return preferred if preferred in emails else next(iter(emails), None)


def code_can_be_sent(checked: Checked) -> bool:
    return _code_party(checked) is not None


@service_action
def access_code_send(*, actor: User, checked: Checked) -> IssuedCode:
    """Email a one-time code to an address on file for the complaint, through the outbox like every message to a
    resident (so the page never waits on the mail server). At most CODES_PER_HOUR a complaint: whoever knows a
    reference and its postcode cannot fill the resident's inbox."""
    complaint = lock_complaint(checked.complaint, None)
    party = _code_party(checked)
    if party is None:
        raise WorkflowError(
            "We do not have an email address for this complaint, so we cannot send you a code. Contact us to read "
            "your letters, ask us to look at your complaint again or send us more information."
        )
    since = timezone.now() - datetime.timedelta(hours=1)
    if complaint.outgoing_messages.filter(kind=OutgoingMessage.Kind.CODE, queued_at__gte=since).count() >= (
        CODES_PER_HOUR
    ):
        raise WorkflowError(
            f"We have sent {CODES_PER_HOUR} codes for this complaint in the last hour. Use the code in the latest "
            "email, or try again in an hour."
        )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    # The whole line is the secret, so the stored copy loses the code and nothing else (the digits could
    # appear elsewhere in the email, in the reference say).
    line = f"Your code is {code}"
    person = complaint.representative if party == Party.REPRESENTATIVE else complaint.resident
    assert person is not None  # emails_on_file offers the representative's address only while there is one
    message_queue(
        complaint=complaint,
        kind=OutgoingMessage.Kind.CODE,
        subject=f"Your code to see complaint {complaint.reference} online",
        body=render_to_string(
            "public/email/code.txt",
            {"line": line, "minutes": CODE_MINUTES, "complaint": complaint, "LANDLORD_NAME": settings.LANDLORD_NAME},
        ),
        actor=actor,
        addressee=Addressee(
            name=person.name,
            email=emails_on_file(complaint)[party],
            postal_address="",
            prefers="",
            is_representative=party == Party.REPRESENTATIVE,
        ),
        secret=line,
    )
    expires_at = timezone.now() + datetime.timedelta(minutes=CODE_MINUTES)
    return IssuedCode(
        complaint_id=complaint.pk,
        party=party,
        digest=_code_digest(complaint.pk, code),
        expires_at=expires_at.timestamp(),
    )


def letter_email_link(complaint: Complaint, addressee: Addressee) -> tuple[str, str] | None:
    """The line that ends each letter's email (connected to complaints.services.outbox when the app starts): a link
    that opens the addressee's view of the complaint for LINK_DAYS days, while their address is still on file. It
    carries the complaint's number, whose address it is and a digest of the address: no personal data."""
    if not addressee.email:
        return None
    party = Party.REPRESENTATIVE if addressee.is_representative else Party.RESIDENT
    token = signing.dumps({"c": complaint.pk, "p": party, "a": _address_digest(addressee.email)}, salt=LINK_SALT)
    link = f"{settings.SITE_URL}{reverse('public:open', args=[token])}"
    text = (
        f"You can read our letters about complaint {complaint.reference} and send us more information online: "
        f"{link}\nThe link works for {LINK_DAYS} days. After that, use Check my complaint on our website."
    )
    return text, link


def link_caller(token: str) -> Caller | None:
    """Who a letter's link lets in: None once it has expired, was altered, or its address is no longer on file
    for the complaint (a representative who stopped acting, an address the resident changed)."""
    try:
        data: Any = signing.loads(token, salt=LINK_SALT, max_age=datetime.timedelta(days=LINK_DAYS))
    except signing.BadSignature:
        return None
    complaint = Complaint.objects.select_related("resident", "representative").filter(pk=data["c"]).first()
    if complaint is None:
        return None
    email = emails_on_file(complaint).get(data["p"], "")
    if not email or not constant_time_compare(_address_digest(email), data["a"]):
        return None
    return Caller(complaint_id=complaint.pk, party=data["p"])


# --- the resident's own view: what they can do -------------------------------------------------------------------

INFORMATION_SUBJECT = "Information sent online"
# A second identical send within this long (a double click, a retried post) records nothing more.
REPEAT_WINDOW = datetime.timedelta(minutes=10)


@service_action
def stage_2_request(*, actor: User, caller: Caller, why: str = "") -> Complaint:
    """The resident (or their representative) asks online for stage 2 (Code 6.10-6.12): escalated as any other
    request is, dated today, and recorded as their request through the website. They need give no reason."""
    why = why.strip()
    complaint = workflow.complaint_escalate(
        actor=actor, complaint=caller.complaint_id, requested_on=today(), escalation_reason=why
    )
    regime_stage = stage_2_choice(complaint).regime_stage
    record.correspondence_record(
        actor=actor,
        complaint=complaint,
        direction=Correspondence.Direction.INCOMING,
        party=caller.party,
        channel=Channel.objects.get(code="web_form"),
        occurred_on=today(),
        subject=f"Asked online for the complaint to be looked at again ({regime_stage.name})",
        body=why or "No reason given: none is needed (Code 6.12).",
    )
    return complaint


def _digests(files: list[UploadedFile]) -> list[str]:
    digests = []
    for upload in files:
        hashed = hashlib.sha256()
        for chunk in upload.chunks():
            hashed.update(chunk)
        upload.seek(0)
        digests.append(hashed.hexdigest())
    return sorted(digests)


@service_action
def information_send(
    *, actor: User, caller: Caller, text: str, files: list[UploadedFile] | tuple[UploadedFile, ...] = ()
) -> Correspondence:
    """What the resident adds to an open complaint online: recorded as correspondence received through the website
    (Code 5.12), each file as a document on it after the checks every upload passes, and the handler alerted."""
    complaint = lock_complaint(caller.complaint_id, None)
    if not complaint.is_open:
        raise WorkflowError(
            "We cannot add to this complaint online because it is no longer open. Contact us if you want to tell us "
            "something about it."
        )
    text = text.strip()
    files = list(files)
    if not text and not files:
        raise WorkflowError("Tell us what you want to add, or choose a file to send", field="text")
    web = Channel.objects.get(code="web_form")
    # Under the row lock: a second copy of the same post waits for the first and then finds it.
    last = (
        complaint.correspondence.filter(
            direction=Correspondence.Direction.INCOMING,
            channel=web,
            subject=INFORMATION_SUBJECT,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        )
        .order_by("-pk")
        .first()
    )
    if last and last.body == text and sorted(last.attachments.values_list("sha256", flat=True)) == _digests(files):
        return last
    on = today()
    correspondence = record.correspondence_record(
        actor=actor,
        complaint=complaint,
        direction=Correspondence.Direction.INCOMING,
        party=caller.party,
        channel=web,
        occurred_on=on,
        subject=INFORMATION_SUBJECT,
        body=text,
    )
    for number, upload in enumerate(files, start=1):
        # The file's own name may hold personal data, and a document's title is on the case timeline.
        record.document_add(
            actor=actor,
            complaint=complaint,
            title=f"Attachment {number} sent online on {format_date(on)}",
            upload=upload,
            correspondence=correspondence,
        )
    complaint = Complaint.objects.select_related("current_stage").get(pk=complaint.pk)
    to_send = case_alert_create(
        kind=Kind.INFORMATION_RECEIVED,
        subject_id=correspondence.pk,
        complaint=complaint,
        on=on,
        headline=f"{complaint.reference} stage {complaint.stage}: information sent online {format_date(on)}",
        actor=actor,
    )
    queue_deliveries_on_commit(to_send)
    return correspondence
