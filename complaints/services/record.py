"""The rest of the full record (Code 5.12): correspondence, documents, remedies, outstanding actions, service
requests, and what we know about residents. Ombudsman referrals are `ombudsman.services`'."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile

from complaints.models import (
    CaseEvent,
    Category,
    Channel,
    CommunicationNeed,
    Complaint,
    ContactRestriction,
    Correspondence,
    Disclosure,
    Document,
    Home,
    OutstandingAction,
    ReasonableAdjustment,
    Remedy,
    RemedyKind,
    Representative,
    Resident,
    ServiceRequest,
    Stage,
)
from complaints.postcodes import postcode_normalise
from complaints.services.base import check_date, current_stage, lock_complaint, record_event, save_transition
from complaints.services.deadlines import stage_refresh_due_dates
from core.errors import WorkflowError
from core.services import format_date, next_reference, require_perm, service_action, today
from core.uploads import DOCUMENT_TYPES, upload_check

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@service_action
def correspondence_record(
    *,
    actor: User,
    complaint: Complaint | int,
    direction: str,
    party: str,
    channel: Channel,
    occurred_on: datetime.date,
    subject: str,
    body: str = "",
    expected_version: int | None = None,
) -> Correspondence:
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.record_on_complaint", complaint, "Your role cannot record correspondence.")
    if direction not in Correspondence.Direction.values:
        raise WorkflowError("Say whether the correspondence was received or sent.", field="direction")
    if party not in Correspondence.Party.values:
        raise WorkflowError("Say who the correspondence was with.", field="party")
    if not subject.strip():
        raise WorkflowError("Give the correspondence a subject or short summary.", field="subject")
    check_date(
        occurred_on,
        "occurred_on",
        "date of the correspondence",
        not_before=complaint.received_on,
        not_before_label="the date the complaint was received",
    )
    letter = Correspondence.objects.create(
        complaint=complaint,
        stage=complaint.stage,
        direction=direction,
        party=party,
        channel=channel,
        occurred_on=occurred_on,
        subject=subject,
        body=body,
        recorded_by=actor,
    )
    # An update sent to the resident restarts the agreed update interval (Code 5.9).
    if letter.keeps_resident_informed:
        stage_refresh_due_dates(current_stage(complaint))
    verb = "Received from" if direction == Correspondence.Direction.INCOMING else "Sent to"
    save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.CORRESPONDENCE,
        description=f"{verb} {letter.get_party_display().lower()} by {channel.name.lower()} on "
        f"{format_date(occurred_on)}: {subject}",
        actor=actor,
    )
    return letter


@service_action
def document_add(
    *,
    actor: User,
    complaint: Complaint | int,
    title: str,
    upload: UploadedFile,
    correspondence: Correspondence | None = None,
) -> Document:
    complaint = lock_complaint(complaint, None)
    require_perm(actor, "complaints.record_on_complaint", complaint, "Your role cannot add documents.")
    if not title.strip():
        raise WorkflowError("Give the document a title.", field="title")
    if correspondence and correspondence.complaint_id != complaint.pk:
        raise WorkflowError("That correspondence belongs to another complaint.", field="correspondence")
    # The type comes from the content, never from the name or the browser's claim.
    checked = upload_check(upload, allowed=DOCUMENT_TYPES)
    document = Document(
        complaint=complaint,
        correspondence=correspondence,
        title=title,
        size=checked.size,
        content_type=checked.content_type,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.file.save(document.sha256, upload, save=False)
    document.save()
    record_event(complaint, CaseEvent.Kind.DOCUMENT, f"Document added: {title}.", actor)
    return document


def remedy_check(
    *,
    stage: Stage,
    kind: RemedyKind,
    description: str,
    amount: Decimal | None,
    completed_on: datetime.date | None = None,
) -> None:
    """What every remedy needs, whether it is offered in a response or on its own (Code 5.13, 7.3). Raises
    WorkflowError naming the input at fault."""
    if not kind.active:
        raise WorkflowError(f"{kind.name} is no longer offered as a remedy.", field="kind")
    if not description.strip():
        raise WorkflowError("Say what will happen to put things right (Code 7.3).", field="description")
    if kind.is_financial and (amount is None or amount <= 0):
        raise WorkflowError("A financial remedy needs its amount.", field="amount")
    if completed_on:
        _completion_check(stage, completed_on)


def _completion_check(stage: Stage, completed_on: datetime.date) -> None:
    check_date(
        completed_on,
        "completed_on",
        "completion date",
        not_before=stage.requested_on,
        not_before_label="the start of the stage it was offered at",
    )


@service_action
def remedy_add(
    *,
    actor: User,
    complaint: Complaint | int,
    kind: RemedyKind,
    description: str,
    due_on: datetime.date,
    amount: Decimal | None = None,
    agreed_with_resident: bool = False,
    expected_version: int | None = None,
) -> Remedy:
    """A remedy can be offered at any stage, without waiting for escalation (Code 5.13)."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.handle_complaint", complaint, "Your role cannot offer remedies.")
    stage = current_stage(complaint)
    remedy_check(stage=stage, kind=kind, description=description, amount=amount)
    remedy = Remedy.objects.create(
        complaint=complaint,
        stage=stage,
        kind=kind,
        description=description,
        amount=amount,
        due_on=due_on,
        offered_on=today(),
        agreed_with_resident=agreed_with_resident,
        owner=actor,
    )
    save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.REMEDY,
        description=f"Remedy offered: {kind.name}, by {format_date(due_on)}.",
        actor=actor,
    )
    return remedy


@service_action
def remedy_complete(*, actor: User, remedy: Remedy, completed_on: datetime.date) -> Remedy:
    """Record that a remedy was carried out (Code 7.3: followed through to completion)."""
    complaint = lock_complaint(remedy.complaint_id, None)
    require_perm(actor, "complaints.record_on_complaint", complaint, "Your role cannot complete remedies.")
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    if remedy.completed_on:
        raise WorkflowError(f"This remedy was already completed on {format_date(remedy.completed_on)}.")
    _completion_check(remedy.stage, completed_on)
    remedy.completed_on = completed_on
    remedy.save(update_fields=["completed_on", "updated_at"])
    save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.REMEDY,
        description=f"Remedy completed on {format_date(completed_on)}: {remedy.kind.name}.",
        actor=actor,
    )
    return remedy


@service_action
def outstanding_action_add(
    *,
    actor: User,
    complaint: Complaint | int,
    description: str,
    due_on: datetime.date,
    owner: User | None = None,
    expected_version: int | None = None,
) -> OutstandingAction:
    """Work still to do for the resident, tracked to completion with an owner and a due date (Code 6.6, 6.17)."""
    complaint = lock_complaint(complaint, expected_version)
    require_perm(actor, "complaints.handle_complaint", complaint, "Your role cannot set outstanding actions.")
    if not description.strip():
        raise WorkflowError("Describe what still needs doing.", field="description")
    action = OutstandingAction.objects.create(
        complaint=complaint,
        stage=current_stage(complaint),
        description=description,
        due_on=due_on,
        owner=owner or actor,
    )
    save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.OUTSTANDING_ACTION,
        description=f"Outstanding action set, due {format_date(due_on)}.",
        actor=actor,
    )
    return action


@service_action
def outstanding_action_complete(
    *, actor: User, action: OutstandingAction, completed_on: datetime.date
) -> OutstandingAction:
    """Record that an outstanding action was done (Code 6.6, 6.17)."""
    complaint = lock_complaint(action.complaint_id, None)
    require_perm(actor, "complaints.record_on_complaint", complaint, "Your role cannot complete actions.")
    action = OutstandingAction.objects.select_for_update().get(pk=action.pk)
    if action.completed_on:
        raise WorkflowError(f"This action was already completed on {format_date(action.completed_on)}.")
    check_date(
        completed_on,
        "completed_on",
        "completion date",
        not_before=action.stage.requested_on,
        not_before_label="the start of the stage it was set at",
    )
    action.completed_on = completed_on
    action.save(update_fields=["completed_on", "updated_at"])
    save_transition(
        complaint,
        new_status=None,
        kind=CaseEvent.Kind.OUTSTANDING_ACTION,
        description=f"Outstanding action completed on {format_date(completed_on)}.",
        actor=actor,
    )
    return action


@service_action
def service_request_log(
    *,
    actor: User,
    resident: Resident,
    channel: Channel,
    description: str,
    reported_on: datetime.date,
    category: Category | None = None,
    home: Home | None = None,
) -> ServiceRequest:
    """A request for a service (Code 1.4): recorded, monitored and reviewed, but not a complaint."""
    require_perm(actor, "complaints.log_complaint", None, "Your role cannot log service requests.")
    if not description.strip():
        raise WorkflowError("Describe what the resident asked for.", field="description")
    check_date(reported_on, "reported_on", "date reported")
    return ServiceRequest.objects.create(
        reference=next_reference("complaints_service_request_reference_seq", "SR-"),
        resident=resident,
        home=home or resident.home,
        category=category,
        channel=channel,
        description=description,
        reported_on=reported_on,
        logged_by=actor,
    )


@service_action
def service_request_complete(
    *, actor: User, service_request: ServiceRequest, completed_on: datetime.date
) -> ServiceRequest:
    require_perm(actor, "complaints.log_complaint", None, "Your role cannot update service requests.")
    service_request = ServiceRequest.objects.select_for_update().get(pk=service_request.pk)
    if service_request.status == ServiceRequest.Status.COMPLETED:
        raise WorkflowError("This service request is already completed.")
    check_date(
        completed_on,
        "completed_on",
        "completion date",
        not_before=service_request.reported_on,
        not_before_label="the date it was reported",
    )
    service_request.status = ServiceRequest.Status.COMPLETED
    service_request.completed_on = completed_on
    service_request.save(update_fields=["status", "completed_on", "updated_at"])
    return service_request


@service_action
def representative_add(
    *,
    actor: User,
    resident: Resident,
    name: str,
    relationship: str,
    authority: str,
    authority_given_on: datetime.date,
    authority_evidence: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    postcode: str = "",
    preferred_contact: str = "",
) -> Representative:
    """Someone acting for the resident (Code 3.6), with how they showed their authority to act, and where and how
    they want what we send: letters go to them, not the resident."""
    require_perm(actor, "complaints.log_complaint", None, "Your role cannot record representatives.")
    if not name.strip():
        raise WorkflowError("Give the representative's name.", field="name")
    if not relationship.strip():
        raise WorkflowError("Say how the representative is related to the resident.", field="relationship")
    if authority not in Representative.Authority.values:
        raise WorkflowError("Say how the representative's authority to act was given.", field="authority")
    check_date(authority_given_on, "authority_given_on", "date authority was given")
    if preferred_contact and preferred_contact not in Resident.ContactMethod.values:
        raise WorkflowError("Choose how the representative prefers to be contacted.", field="preferred_contact")
    return Representative.objects.create(
        resident=resident,
        name=name,
        relationship=relationship,
        authority=authority,
        authority_given_on=authority_given_on,
        authority_evidence=authority_evidence,
        email=email,
        phone=phone,
        address=address.strip(),
        postcode=postcode_normalise(postcode),
        preferred_contact=preferred_contact,
    )


def _require_special_category(actor: User) -> None:
    require_perm(
        actor,
        "complaints.view_special_category",
        None,
        "Your role cannot see or change disabilities, vulnerabilities or contact restrictions.",
    )


@service_action
def disclosure_record(
    *, actor: User, resident: Resident, kind: str, description: str, disclosed_on: datetime.date
) -> Disclosure:
    """A disability or vulnerability the resident disclosed (Code 5.10, 6.1)."""
    _require_special_category(actor)
    if kind not in Disclosure.Kind.values:
        raise WorkflowError("Say whether this is a disability or a vulnerability.", field="kind")
    if not description.strip():
        raise WorkflowError("Describe what the resident disclosed.", field="description")
    check_date(disclosed_on, "disclosed_on", "date disclosed")
    return Disclosure.objects.create(
        resident=resident, kind=kind, description=description, disclosed_on=disclosed_on, recorded_by=actor
    )


@service_action
def adjustment_agree(
    *,
    actor: User,
    resident: Resident,
    agreed_on: datetime.date,
    review_due: datetime.date,
    need: str = CommunicationNeed.OTHER,
    adjustment: str = "",
    language: str = "",
) -> ReasonableAdjustment:
    """A reasonable adjustment agreed with the resident, with the date it is next reviewed (Code 5.10): one of the
    communication needs residents state (large print, another language...), or another adjustment in words."""
    _require_special_category(actor)
    if need not in CommunicationNeed.values:
        raise WorkflowError("Choose the need the adjustment meets, or another adjustment.", field="need")
    if need == CommunicationNeed.OTHER and not adjustment.strip():
        raise WorkflowError("Describe the adjustment agreed.", field="adjustment")
    if need == CommunicationNeed.OTHER_LANGUAGE and not language.strip():
        raise WorkflowError("Say which language the resident needs.", field="language")
    if need != CommunicationNeed.OTHER_LANGUAGE and language.strip():
        raise WorkflowError("A language is recorded only for another language.", field="language")
    check_date(agreed_on, "agreed_on", "date agreed")
    if review_due <= agreed_on:
        raise WorkflowError(
            "The review date must be after the date agreed: adjustments are kept under active review (Code 5.10).",
            field="review_due",
        )
    # Locked so that the same need is not recorded twice at once; another adjustment may be any number of things.
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    if need != CommunicationNeed.OTHER:
        same = resident.adjustments.in_place().filter(need=need, language__iexact=language.strip()).first()
        if same is not None:
            raise WorkflowError(
                f"{same.summary} is already recorded, with a review by {format_date(same.review_due)}: review "
                "that one instead.",
                field="need",
            )
    return ReasonableAdjustment.objects.create(
        resident=resident,
        need=need,
        language=language.strip(),
        adjustment=adjustment.strip(),
        agreed_on=agreed_on,
        review_due=review_due,
        recorded_by=actor,
    )


@service_action
def restriction_impose(
    *,
    actor: User,
    resident: Resident,
    reason: str,
    evidence: str,
    scope: str,
    equality_considerations: str,
    starts_on: datetime.date,
    review_due: datetime.date,
) -> ContactRestriction:
    """Restrict contact for unacceptable behaviour, with evidence and a review date (Code 5.14, 5.15)."""
    _require_special_category(actor)
    for name, value, message in [
        ("reason", reason, "Give the reason for the restriction (Code 5.14)."),
        ("evidence", evidence, "Record the evidence for the restriction (Code 5.14)."),
        ("scope", scope, "Say what contact is restricted and how the resident can still contact us."),
        (
            "equality_considerations",
            equality_considerations,
            "Record how the Equality Act 2010 was considered (Code 5.15).",
        ),
    ]:
        if not value.strip():
            raise WorkflowError(message, field=name)
    if review_due <= starts_on:
        raise WorkflowError(
            "The review date must be after the start: restrictions are kept under regular review (Code 5.14).",
            field="review_due",
        )
    return ContactRestriction.objects.create(
        resident=resident,
        reason=reason,
        evidence=evidence,
        scope=scope,
        equality_considerations=equality_considerations,
        starts_on=starts_on,
        review_due=review_due,
        recorded_by=actor,
    )


@service_action
def special_category_review(
    *,
    actor: User,
    item: ReasonableAdjustment | ContactRestriction,
    reviewed_on: datetime.date,
    next_review_due: datetime.date | None,
    ended: bool = False,
) -> ReasonableAdjustment | ContactRestriction:
    """Review an adjustment or restriction: keep it with a new review date, or end it."""
    _require_special_category(actor)
    item = type(item).objects.select_for_update().get(pk=item.pk)
    began = item.agreed_on if isinstance(item, ReasonableAdjustment) else item.starts_on
    check_date(reviewed_on, "reviewed_on", "review date", not_before=began, not_before_label="its start")
    if item.ended_on:
        raise WorkflowError("This has already ended.")
    fields = ["last_reviewed_on", "updated_at"]
    item.last_reviewed_on = reviewed_on
    if isinstance(item, ContactRestriction):
        item.last_reviewed_by = actor
        fields.append("last_reviewed_by")
    if ended:
        item.ended_on = reviewed_on
        fields.append("ended_on")
    else:
        if next_review_due is None or next_review_due <= reviewed_on:
            raise WorkflowError("Set the next review date, after today's review.", field="next_review_due")
        item.review_due = next_review_due
        fields.append("review_due")
    item.save(update_fields=fields)
    return item
