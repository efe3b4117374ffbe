"""Recording a referral to the Ombudsman, its overall determination, the Ombudsman's findings, orders,
recommendations and Complaint Handling Failure Orders, and our compliance with them. One permission for all of it
(`ombudsman.record_ombudsman`: the case workers); each change also goes on the complaint's timeline."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from complaints.models import CaseEvent, Complaint
from complaints.services.base import check_date, lock_complaint, save_transition
from core.errors import WorkflowError
from core.services import format_date, service_action
from ombudsman.models import Determination, Finding, HandlingFailureOrder, OmbudsmanReferral, Order

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _require(actor: User, complaint: Complaint | None) -> None:
    if not actor.has_perm("ombudsman.record_ombudsman", complaint):
        raise PermissionDenied("Your role cannot record Ombudsman cases.")


def _text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(f"Enter {label}.", field=field)
    return value


def _check_owner(owner: User | None) -> None:
    # The owner is told when the order falls due, so they must be able to read Ombudsman cases.
    if owner is not None and not (owner.is_active and owner.has_perm("ombudsman.view_ombudsman")):
        raise WorkflowError("Choose a complaints officer or senior manager to own this.", field="owner")


def _on_timeline(complaint: Complaint, actor: User, description: str) -> None:
    save_transition(complaint, new_status=None, kind=CaseEvent.Kind.OMBUDSMAN, description=description, actor=actor)


@service_action
def referral_record(
    *, actor: User, complaint: Complaint | int, referred_on: datetime.date, ombudsman_reference: str = ""
) -> OmbudsmanReferral:
    complaint = lock_complaint(complaint, None)
    _require(actor, complaint)
    check_date(
        referred_on,
        "referred_on",
        "referral date",
        not_before=complaint.received_on,
        not_before_label="the date the complaint was received",
    )
    referral = OmbudsmanReferral.objects.create(
        complaint=complaint, referred_on=referred_on, ombudsman_reference=ombudsman_reference, recorded_by=actor
    )
    _on_timeline(complaint, actor, f"Referred to {complaint.regime.ombudsman_name} on {format_date(referred_on)}.")
    return referral


@service_action
def referral_determine(
    *,
    actor: User,
    referral: OmbudsmanReferral,
    determination: str,
    determined_on: datetime.date,
    orders: str = "",
    complaint_handling_failure: bool = False,
    compliance_due: datetime.date | None = None,
) -> OmbudsmanReferral:
    complaint = lock_complaint(referral.complaint_id, None)
    _require(actor, complaint)
    if determination not in OmbudsmanReferral.Determination.values or determination == "pending":
        raise WorkflowError("Choose the Ombudsman's determination.", field="determination")
    check_date(
        determined_on,
        "determined_on",
        "determination date",
        not_before=referral.referred_on,
        not_before_label="the referral",
    )
    referral = OmbudsmanReferral.objects.select_for_update().get(pk=referral.pk)
    referral.determination = determination
    referral.determined_on = determined_on
    referral.orders = orders
    referral.complaint_handling_failure = complaint_handling_failure
    referral.compliance_due = compliance_due
    referral.save()
    _on_timeline(complaint, actor, f"Ombudsman determination: {referral.get_determination_display()}.")
    return referral


@service_action
def finding_record(
    *,
    actor: User,
    referral: OmbudsmanReferral,
    element: str,
    determination: str,
    determined_on: datetime.date,
) -> Finding:
    """The Ombudsman's determination on one element of the complaint."""
    complaint = lock_complaint(referral.complaint_id, None)
    _require(actor, complaint)
    if determination not in Determination.values:
        raise WorkflowError("Choose the Ombudsman's determination.", field="determination")
    check_date(
        determined_on,
        "determined_on",
        "determination date",
        not_before=referral.referred_on,
        not_before_label="the referral",
    )
    finding = Finding.objects.create(
        referral=referral,
        element=_text(element, "element", "the part of the complaint the finding is about"),
        determination=determination,
        determined_on=determined_on,
        recorded_by=actor,
    )
    _on_timeline(
        complaint, actor, f"Ombudsman finding on \u201c{finding.element}\u201d: {finding.get_determination_display()}."
    )
    return finding


@service_action
def order_record(
    *,
    actor: User,
    referral: OmbudsmanReferral,
    kind: str,
    description: str,
    made_on: datetime.date,
    due_on: datetime.date,
    finding: Finding | None = None,
    owner: User | None = None,
) -> Order:
    """An order or recommendation from the Ombudsman, due by a date. Its due date feeds the alert sweep."""
    complaint = lock_complaint(referral.complaint_id, None)
    _require(actor, complaint)
    if kind not in Order.Kind.values:
        raise WorkflowError("Choose whether this is an order or a recommendation.", field="kind")
    if finding is not None and finding.referral_id != referral.pk:
        raise WorkflowError("Choose a finding from this referral.", field="finding")
    check_date(
        made_on,
        "made_on",
        "date of the determination",
        not_before=referral.referred_on,
        not_before_label="the referral",
    )
    if due_on < made_on:
        raise WorkflowError("The due date cannot be before the determination that made it.", field="due_on")
    _check_owner(owner)
    order = Order.objects.create(
        referral=referral,
        finding=finding,
        kind=kind,
        description=_text(description, "description", "what the Ombudsman requires"),
        made_on=made_on,
        due_on=due_on,
        owner=owner,
        recorded_by=actor,
    )
    _on_timeline(
        complaint,
        actor,
        f"Ombudsman {order.get_kind_display().lower()} recorded, due {format_date(due_on)}: {order.description}",
    )
    return order


def _comply[Item: (Order, HandlingFailureOrder)](
    item: Item, complied_on: datetime.date, evidence: str, not_before: datetime.date
) -> Item:
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    # Re-checked under the lock: two people recording compliance at once record it once.
    if locked.complied_on is not None:
        raise WorkflowError(f"Compliance was already recorded on {format_date(locked.complied_on)}.")
    check_date(
        complied_on,
        "complied_on",
        "date of compliance",
        not_before=not_before,
        not_before_label="the date it was recorded",
    )
    locked.complied_on = complied_on
    locked.evidence = _text(evidence, "evidence", "the evidence that it was done")
    locked.save(update_fields=["complied_on", "evidence", "updated_at"])
    return locked


@service_action
def order_comply(*, actor: User, order: Order, complied_on: datetime.date, evidence: str) -> Order:
    complaint = lock_complaint(order.referral.complaint_id, None)
    _require(actor, complaint)
    order = _comply(order, complied_on, evidence, order.made_on)
    _on_timeline(
        complaint, actor, f"Ombudsman {order.get_kind_display().lower()} complied with on {format_date(complied_on)}."
    )
    return order


@service_action
def handling_failure_order_record(
    *,
    actor: User,
    issued_on: datetime.date,
    failure: str,
    order: str,
    due_on: datetime.date,
    complaint: Complaint | None = None,
    ombudsman_reference: str = "",
    owner: User | None = None,
) -> HandlingFailureOrder:
    """A Complaint Handling Failure Order, about one complaint or (when the failure is general) none."""
    if complaint is not None:
        complaint = lock_complaint(complaint, None)
    _require(actor, complaint)
    check_date(issued_on, "issued_on", "date the order was issued")
    if due_on < issued_on:
        raise WorkflowError("The due date cannot be before the order was issued.", field="due_on")
    _check_owner(owner)
    chfo = HandlingFailureOrder.objects.create(
        complaint=complaint,
        ombudsman_reference=ombudsman_reference.strip(),
        issued_on=issued_on,
        failure=_text(failure, "failure", "what the Ombudsman found we failed to do"),
        order=_text(order, "order", "what the Ombudsman ordered"),
        due_on=due_on,
        owner=owner,
        recorded_by=actor,
    )
    if complaint is not None:
        _on_timeline(
            complaint,
            actor,
            f"Complaint Handling Failure Order issued on {format_date(issued_on)}, due {format_date(due_on)}.",
        )
    return chfo


@service_action
def handling_failure_order_comply(
    *, actor: User, chfo: HandlingFailureOrder, complied_on: datetime.date, evidence: str
) -> HandlingFailureOrder:
    complaint = lock_complaint(chfo.complaint_id, None) if chfo.complaint_id else None
    _require(actor, complaint)
    chfo = _comply(chfo, complied_on, evidence, chfo.issued_on)
    if complaint is not None:
        _on_timeline(complaint, actor, f"Complaint Handling Failure Order complied with on {format_date(complied_on)}.")
    return chfo
