"""Writes for the personal data lifecycle: the retention schedule, legal holds, rectification and erasure.

Each one locks the resident's row first, so a legal hold placed while the retention task runs either lands
before the task looks (and stops it) or after the task has finished with that resident."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pghistory
from django.db import transaction
from django.utils import timezone

from complaints.models import Complaint, Home, Resident, ServiceRequest
from complaints.postcodes import postcode_normalise
from complaints.services.base import check_date
from core.errors import WorkflowError
from core.services import require_perm
from privacy import anonymise
from privacy.models import Anonymisation, DataRequest, LegalHold
from privacy.selectors import (
    complaints_past_retention,
    holds_in_force,
    resident_is_anonymised,
    residents_past_retention,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

PERMISSION = "privacy.handle_data_requests"


def _lock(resident: Resident | int) -> Resident:
    pk = resident.pk if isinstance(resident, Resident) else resident
    Resident.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True).get()
    return Resident.objects.select_related("home").get(pk=pk)


@dataclass(frozen=True)
class RetentionResult:
    complaints: int
    residents: int
    failed: int


def retention_apply(*, today: datetime.date) -> RetentionResult:
    """Anonymise every complaint past the retention period, then every resident with no live case left. One
    transaction per resident: one that fails (and is logged, by id) does not stop the others, and the next
    run tries it again."""
    complaints = residents = failed = 0
    for resident_id in _distinct(complaints_past_retention(today=today).values_list("resident_id", flat=True)):
        try:
            with transaction.atomic():
                locked = _lock(resident_id)
                # Checked again under the lock: a hold placed a moment ago wins.
                due = list(complaints_past_retention(today=today).filter(resident=locked))
                anonymise.complaints_anonymise(complaints=due, cause=Anonymisation.Cause.RETENTION)
            complaints += len(due)
        except Exception:
            logger.exception("Retention: could not anonymise the complaints of resident %s", resident_id)
            failed += 1
    for resident_id in list(residents_past_retention(today=today).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                locked = _lock(resident_id)
                if residents_past_retention(today=today).filter(pk=locked.pk).exists():
                    anonymise.resident_anonymise(resident=locked, cause=Anonymisation.Cause.RETENTION)
                    residents += 1
        except Exception:
            logger.exception("Retention: could not anonymise resident %s", resident_id)
            failed += 1
    return RetentionResult(complaints=complaints, residents=residents, failed=failed)


def _distinct(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _context(actor: User, action: str) -> pghistory.context:
    return pghistory.context(user=actor.pk, action=action)


def legal_hold_place(*, actor: User, resident: Resident, reason: str) -> LegalHold:
    require_perm(actor, PERMISSION, None, "Your role cannot place legal holds.")
    if not reason.strip():
        raise WorkflowError("Say why the records must be kept.", field="reason")
    with transaction.atomic(), _context(actor, "legal_hold_place"):
        locked = _lock(resident)
        if resident_is_anonymised(locked):
            raise WorkflowError("This resident's personal data has already been anonymised: there is nothing to hold.")
        return LegalHold.objects.create(resident=locked, reason=reason.strip(), placed_by=actor)


def legal_hold_release(*, actor: User, hold: LegalHold, reason: str) -> LegalHold:
    require_perm(actor, PERMISSION, None, "Your role cannot release legal holds.")
    if not reason.strip():
        raise WorkflowError("Say why the hold is no longer needed.", field="reason")
    with transaction.atomic(), _context(actor, "legal_hold_release"):
        _lock(hold.resident_id)
        hold = LegalHold.objects.get(pk=hold.pk)
        if not hold.in_force:
            raise WorkflowError(f"This hold was already released on {timezone.localtime(hold.released_at):%-d %B %Y}.")
        hold.released_by = actor
        hold.released_at = timezone.now()
        hold.release_reason = reason.strip()
        hold.save(update_fields=["released_by", "released_at", "release_reason", "updated_at"])
        return hold


# What a rectification may correct: the resident's own details, and the address of their home.
RESIDENT_FIELDS = ["name", "email", "phone", "preferred_contact", "tenancy_reference"]
HOME_FIELDS = ["address", "postcode"]
FIELD_LABELS = {
    "name": "name",
    "email": "email address",
    "phone": "phone number",
    "preferred_contact": "preferred way of contact",
    "tenancy_reference": "tenancy reference",
    "address": "address",
    "postcode": "postcode",
}


def resident_rectify(
    *, actor: User, resident: Resident, received_on: datetime.date, reason: str, corrections: dict[str, str]
) -> DataRequest:
    """Correct inaccurate personal data (UK GDPR Article 16). The request records who, when and why, and which
    details were corrected; the audit trail keeps the earlier values, as the record of what was corrected."""
    require_perm(actor, PERMISSION, None, "Your role cannot correct residents' personal data.")
    check_date(received_on, "received_on", "date the request was received")
    if not reason.strip():
        raise WorkflowError("Say what the resident asked to be corrected and why.", field="reason")
    unknown = set(corrections) - set(RESIDENT_FIELDS) - set(HOME_FIELDS)
    if unknown:
        raise WorkflowError(f"These details cannot be corrected here: {', '.join(sorted(unknown))}.")
    if "name" in corrections and not corrections["name"].strip():
        raise WorkflowError("Enter the resident's name.", field="name")
    if "postcode" in corrections:
        corrections = {**corrections, "postcode": postcode_normalise(corrections["postcode"])}
    with transaction.atomic(), _context(actor, "resident_rectify"):
        locked = _lock(resident)
        if resident_is_anonymised(locked):
            raise WorkflowError("This resident's personal data has been anonymised: there is nothing to correct.")
        home_changes = {k: v for k, v in corrections.items() if k in HOME_FIELDS and v != getattr(locked.home, k, v)}
        if home_changes and locked.home is None:
            raise WorkflowError("This resident has no home recorded, so there is no address to correct.")
        resident_changes = {k: v for k, v in corrections.items() if k in RESIDENT_FIELDS and getattr(locked, k) != v}
        changed = [*resident_changes, *home_changes]
        if not changed:
            raise WorkflowError("Nothing was changed: correct at least one detail.")
        if resident_changes:
            for name, value in resident_changes.items():
                setattr(locked, name, value)
            locked.full_clean(exclude=["home"])
            locked.save(update_fields=[*resident_changes, "updated_at"])
        if home_changes:
            assert locked.home_id is not None  # refused above when there is no home
            Home.objects.filter(pk=locked.home_id).update(**home_changes, updated_at=timezone.now())
        return DataRequest.objects.create(
            resident=locked,
            kind=DataRequest.Kind.RECTIFICATION,
            received_on=received_on,
            reason=reason.strip(),
            outcome=DataRequest.Outcome.DONE,
            outcome_note="Corrected: " + ", ".join(FIELD_LABELS[name] for name in changed) + ".",
            handled_by=actor,
        )


def erasure_refusal(resident: Resident) -> str | None:
    """Why the resident's personal data cannot be erased now, or None if it can."""
    if resident_is_anonymised(resident):
        return "This resident's personal data has already been anonymised."
    if holds_in_force(resident).exists():
        return (
            "A legal hold is in force for this resident, so their records must be kept. Release the hold first if "
            "it is no longer needed."
        )
    open_complaints = [c.reference for c in resident.complaints.all() if c.is_open]
    if open_complaints:
        return (
            f"The resident has an open complaint ({', '.join(open_complaints)}). Their data cannot be erased while "
            "a complaint is being handled: close, withdraw or refuse it first."
        )
    if resident.service_requests.filter(status=ServiceRequest.Status.OPEN).exists():
        return "The resident has an open service request. Complete it before erasing their data."
    return None


def resident_erase(*, actor: User, resident: Resident, received_on: datetime.date, reason: str) -> DataRequest:
    """Erasure on request (UK GDPR Article 17): everything the retention schedule would remove, now. A refused
    request is recorded too, with the reason given to the person asking, and then raised."""
    require_perm(actor, PERMISSION, None, "Your role cannot erase residents' personal data.")
    check_date(received_on, "received_on", "date the request was received")
    if not reason.strip():
        raise WorkflowError("Record the request and why the data is to be erased.", field="reason")
    with transaction.atomic(), _context(actor, "resident_erase"):
        locked = _lock(resident)
        refusal = erasure_refusal(locked)
        request = DataRequest.objects.create(
            resident=locked,
            kind=DataRequest.Kind.ERASURE,
            received_on=received_on,
            reason=reason.strip(),
            outcome=DataRequest.Outcome.REFUSED if refusal else DataRequest.Outcome.DONE,
            outcome_note=refusal or "",
            handled_by=actor,
        )
        if not refusal:
            complaints = list(Complaint.objects.filter(resident=locked, anonymisation__isnull=True))
            cause = Anonymisation.Cause.ERASURE
            anonymise.complaints_anonymise(complaints=complaints, cause=cause, actor=actor, request=request)
            anonymise.resident_anonymise(resident=locked, cause=cause, actor=actor, request=request)
    if refusal:
        raise WorkflowError(refusal)
    return request
