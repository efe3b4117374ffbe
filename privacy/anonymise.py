"""Anonymisation: removing a resident's personal data from the record while keeping every figure the landlord
reports (UK GDPR Article 5(1)(e), storage limitation; Article 17, erasure).

What stays, so dashboards, the Regulator's figures (TSM CH01/CH02), the self-assessment and approved reports
come out the same: every row (nothing is deleted), its dates, stage, status, nation, regime, channel,
categories, decisions, extensions, refusal reasons, remedy kinds and amounts, Ombudsman determinations, the
timeline's kinds and dates, who on the staff did what, and at most the postcode district of the home.

What goes: the resident's name, contact details and tenancy reference; the home's address lines; the
representatives; the text of disabilities, vulnerabilities, adjustments and restrictions (adjustments and
restrictions still in place are ended, so nobody is asked to review them); and every piece of free text written
about the case (summary, definition points, reasons, correspondence, survey comments, documents and letters).
Free text is replaced by "[removed]" rather than emptied: a blank stays blank, and a figure that asks "was a
reason recorded?" (a refusal's explanation and evidence, Code 2.1) gets the same answer as before. Text kept for
what it says about the service (Ombudsman findings and orders, learning points, the timeline) or as the
landlord's record of what it did (legal holds, data requests) stays, with the names taken out (`Redaction`).

The record is protected by database triggers: nothing can be deleted, documents, letters and timeline entries
cannot be changed, and the audit trail is append-only. Anonymisation must still change them in place, so this
module, and only this module, sets those triggers aside for its own statements with `pgtrigger.ignore`, naming
each trigger it needs; deletes stay refused even here.

The audit trail (pghistory event rows) holds every earlier value of every field, so a history that kept the old
name would defeat erasure. Decision: the history is anonymised with the record. Each event row of an anonymised
record has the same fields replaced the same way (blank stays blank), and everything else in it is kept: which
record, what kind of change, when, by whom, and every non-personal value. The trail still shows that a
definition point was changed by an officer on a given day; it no longer shows the words. The anonymisation
itself is written to the trail as an update under the context `personal_data_anonymise`, and as an
`Anonymisation` row saying when, why and by whom."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pghistory
import pgtrigger
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Case, F, Func, Value, When
from django.db.models.functions import Replace
from django.utils import timezone

from alerts.models import Alert
from alerts.models import Kind as AlertKind
from complaints.models import (
    CaseEvent,
    Complaint,
    ContactRestriction,
    Correspondence,
    DefinitionPoint,
    Disclosure,
    Document,
    Extension,
    Home,
    OutstandingAction,
    PointDecision,
    ReasonableAdjustment,
    Refusal,
    Remedy,
    Representative,
    Resident,
    Response,
    ServiceRequest,
    Stage,
)
from learning.models import LearningPoint
from ombudsman.models import Finding, HandlingFailureOrder, OmbudsmanReferral, Order
from privacy.models import Anonymisation, DataRequest, LegalHold
from surveys.models import Survey

REMOVED = "[removed]"
NAME_REMOVED = "[name removed]"
ANONYMOUS_NAME = "Anonymised resident"
DOCUMENT_TITLE = "Document removed"


@dataclass(frozen=True)
class Scrub:
    """Fields of one model to replace, for the rows `owner` (a lookup ending in a complaint or resident id)
    points to. The model's history rows have the same fields and foreign keys, so the same filter and the same
    replacement apply to them, including rows of records later deleted (a redefined complaint's old points)."""

    model: type[models.Model]
    owner: str
    replace: dict[str, str] = field(default_factory=dict)

    def rows(self, model: type[models.Model], ids: Iterable[int]) -> models.QuerySet:
        # The base manager: a default manager may hide rows (superseded definition points) that still hold text.
        return model._base_manager.filter(**{f"{self.owner}__in": list(ids)})

    def values(self) -> dict[str, Any]:
        # A blank stays blank: "was anything recorded here?" keeps its answer.
        return {
            name: Case(When(**{name: ""}, then=Value("")), default=Value(new)) if new else Value("")
            for name, new in self.replace.items()
        }


# Free text about the case, owned by the complaint.
COMPLAINT_SCRUBS = [
    Scrub(Complaint, "id", {"summary": REMOVED}),
    Scrub(Stage, "complaint", {"escalation_reason": REMOVED}),
    Scrub(
        DefinitionPoint,
        "stage__complaint",
        {"point": REMOVED, "outcome_sought": REMOVED, "responsibility_note": REMOVED},
    ),
    Scrub(Extension, "stage__complaint", {"reason": REMOVED, "good_reason": REMOVED}),
    Scrub(Response, "stage__complaint", {"reasons": REMOVED}),
    Scrub(PointDecision, "response__stage__complaint", {"reason": REMOVED}),
    Scrub(Remedy, "complaint", {"description": REMOVED}),
    Scrub(OutstandingAction, "complaint", {"description": REMOVED}),
    Scrub(Refusal, "complaint", {"explanation": REMOVED, "evidence": REMOVED, "discretion_note": REMOVED}),
    Scrub(Correspondence, "complaint", {"subject": REMOVED, "body": REMOVED}),
    Scrub(Document, "complaint", {"title": DOCUMENT_TITLE}),
    # The resident's own words; the ratings stay for the satisfaction figures (Code 1.6).
    Scrub(Survey, "complaint", {"comments": REMOVED}),
    Scrub(Order, "referral__complaint", {"evidence": REMOVED}),
    Scrub(HandlingFailureOrder, "complaint", {"evidence": REMOVED}),
]

# The person: owned by the resident.
RESIDENT_SCRUBS = [
    Scrub(
        Resident,
        "id",
        {"name": ANONYMOUS_NAME, "email": "", "phone": "", "tenancy_reference": "", "preferred_contact": ""},
    ),
    Scrub(
        Representative,
        "resident",
        {"name": REMOVED, "relationship": REMOVED, "email": "", "phone": "", "authority_evidence": REMOVED},
    ),
    Scrub(Disclosure, "resident", {"description": REMOVED}),
    Scrub(ReasonableAdjustment, "resident", {"adjustment": REMOVED}),
    Scrub(
        ContactRestriction,
        "resident",
        {"reason": REMOVED, "evidence": REMOVED, "scope": REMOVED, "equality_considerations": REMOVED},
    ),
    Scrub(ServiceRequest, "resident", {"description": REMOVED}),
]


@dataclass(frozen=True)
class Redaction:
    """Text kept for what it says about the service, which the board, the annual report (Code 8.1, 9.7) or the
    landlord's own accountability rely on, with the resident's name, its parts, their contact details and their
    representatives' names taken out of it. Erring towards removing a common word is the safe side."""

    model: type[models.Model]
    owner: str
    fields: tuple[str, ...]


COMPLAINT_REDACTIONS = [
    Redaction(OmbudsmanReferral, "complaint", ("orders",)),
    Redaction(Finding, "referral__complaint", ("element",)),
    Redaction(Order, "referral__complaint", ("description",)),
    Redaction(HandlingFailureOrder, "complaint", ("failure", "order")),
    Redaction(LearningPoint, "complaint", ("learning",)),
    # The timeline quotes some of the above (an Ombudsman finding's element, an order's wording).
    Redaction(CaseEvent, "complaint", ("description",)),
]
# Legal holds and data requests are the landlord's record of what it did with the data and why: kept whole.
RESIDENT_REDACTIONS = [
    Redaction(LegalHold, "resident", ("reason", "release_reason")),
    Redaction(DataRequest, "resident", ("reason", "outcome_note")),
]

# Timeline entries whose description quotes what someone wrote (a subject line, a document's title, a note).
FREE_TEXT_EVENTS = [
    CaseEvent.Kind.CORRESPONDENCE,
    CaseEvent.Kind.DOCUMENT,
    CaseEvent.Kind.LETTER,
    CaseEvent.Kind.WITHDRAWN,
    CaseEvent.Kind.REOPENED,
]


def _history_model(model: type[models.Model]) -> type[models.Model]:
    return model.pgh_event_model


def _with_history(model: type[models.Model]) -> list[type[models.Model]]:
    return [model, model.pgh_event_model] if hasattr(model, "pgh_event_models") else [model]


def _triggers_to_set_aside() -> list[str]:
    audited = {s.model for s in [*COMPLAINT_SCRUBS, *RESIDENT_SCRUBS, *COMPLAINT_REDACTIONS, *RESIDENT_REDACTIONS]}
    audited.add(Home)
    return [
        *(
            f"{_history_model(model)._meta.label}:append_only"
            for model in audited
            if hasattr(model, "pgh_event_models")
        ),
        "complaints.Document:documents_are_immutable",
        "complaints.CaseEvent:events_are_append_only",
    ]


def _apply(scrubs: list[Scrub], ids: list[int]) -> None:
    for scrub in scrubs:
        for model in (scrub.model, _history_model(scrub.model)):
            scrub.rows(model, ids).update(**scrub.values())


def identifying_words(residents: Iterable[Resident]) -> set[str]:
    """The resident's name and each part of it, their contact details, and their representatives' names."""
    values = []
    for resident in residents:
        values += [resident.name, resident.email, resident.phone]
        for representative in resident.representatives.all():
            values += [representative.name, representative.email, representative.phone]
    return {word for value in values if value for word in [value, *value.split()] if len(word) >= 3}


def _redact(redactions: list[Redaction], ids: list[int], words: set[str]) -> None:
    if not words:
        return
    # A PostgreSQL regular expression: \m and \M are word boundaries; the longest first, so a full name goes whole.
    pattern = "|".join(rf"\m{re.escape(w)}\M" for w in sorted(words, key=len, reverse=True))
    for redaction in redactions:
        for model in _with_history(redaction.model):
            model._base_manager.filter(**{f"{redaction.owner}__in": ids}).update(
                **{
                    name: Func(F(name), Value(pattern), Value(NAME_REMOVED), Value("gi"), function="regexp_replace")
                    for name in redaction.fields
                }
            )


@contextlib.contextmanager
def _anonymising(actor: Any, cause: str) -> Iterator[None]:
    """The context every anonymising statement runs in: the protective triggers named above set aside for this
    thread's statements only (this is the one place that may change protected rows, and only to remove personal
    data), and the audit trail told who did it and why."""
    # In this order: pghistory only tags statements that start with INSERT, UPDATE or DELETE, so its wrapper must
    # see each statement before pgtrigger puts its own SELECT in front.
    with (
        pghistory.context(user=actor.pk if actor else None, action="personal_data_anonymise", cause=cause),
        pgtrigger.ignore(*_triggers_to_set_aside()),
    ):
        yield


def _placeholder(today: datetime.date, cause: str) -> bytes:
    why = "the retention period ended" if cause == Anonymisation.Cause.RETENTION else "the resident asked for erasure"
    return f"This document held personal data. It was removed on {today:%-d %B %Y} because {why}.\n".encode()


def _replace_documents(complaint_ids: list[int], today: datetime.date, cause: str) -> None:
    """Each stored file (uploads and issued letters) is replaced by a short note; the old files are deleted
    once the transaction commits, so a rollback leaves the record and its files as they were."""
    content = _placeholder(today, cause)
    digest = hashlib.sha256(content).hexdigest()
    history = _history_model(Document)
    old_names = []
    for document in Document.objects.filter(complaint_id__in=complaint_ids).exclude(sha256=digest):
        old_names.append(document.file.name)
        document.sha256 = digest
        document.size = len(content)
        document.content_type = "text/plain"
        document.title = DOCUMENT_TITLE
        document.file.save("removed.txt", ContentFile(content), save=False)
        document.save(update_fields=["sha256", "size", "content_type", "title", "file", "updated_at"])
        history.objects.filter(pgh_obj_id=document.pk).update(
            file=document.file.name, sha256=digest, size=len(content), content_type="text/plain"
        )
    if old_names:
        storage = Document._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in old_names if storage.exists(name)])


def complaints_anonymise(*, complaints: list[Complaint], cause: str, actor: Any = None, request: Any = None) -> None:
    """Remove the personal data written about these cases. The caller holds the residents' row locks and has
    checked that no legal hold stops it."""
    ids = [c.pk for c in complaints]
    if not ids:
        return
    today = timezone.localdate()
    words = identifying_words(Resident.objects.filter(complaints__in=ids).distinct())
    with _anonymising(actor, cause):
        _apply(COMPLAINT_SCRUBS, ids)
        _redact(COMPLAINT_REDACTIONS, ids, words)
        _replace_documents(ids, today, cause)
        for kind in FREE_TEXT_EVENTS:
            CaseEvent.objects.filter(complaint_id__in=ids, kind=kind).update(
                description=f"{kind.label}: details removed with the personal data."
            )
    Anonymisation.objects.bulk_create(
        Anonymisation(complaint_id=pk, cause=cause, anonymised_by=actor, request=request) for pk in ids
    )


def postcode_district(postcode: str) -> str:
    """The outward code ("SW1A" of "SW1A 1AA"): the most of a postcode that statistics may keep."""
    compact = postcode.upper().replace(" ", "")
    return compact[:-3] if len(compact) > 3 else ""


def resident_anonymise(*, resident: Resident, cause: str, actor: Any = None, request: Any = None) -> None:
    """Remove the person: called once every case of theirs is anonymised. The caller holds the resident's row
    lock and has checked that no legal hold stops it."""
    name = resident.name
    words = identifying_words([resident])
    adjustments = list(resident.adjustments.values_list("pk", flat=True))
    restrictions = list(resident.contact_restrictions.values_list("pk", flat=True))
    with _anonymising(actor, cause):
        _apply(RESIDENT_SCRUBS, [resident.pk])
        today = timezone.localdate()
        # Nobody should be asked to review an adjustment or restriction for a person no longer on record.
        resident.adjustments.filter(ended_on__isnull=True).update(ended_on=today)
        resident.contact_restrictions.filter(ended_on__isnull=True).update(ended_on=today)
        _redact(RESIDENT_REDACTIONS, [resident.pk], words)
        Alert.objects.filter(
            models.Q(kind=AlertKind.ADJUSTMENT_REVIEW, subject_id__in=adjustments)
            | models.Q(kind=AlertKind.RESTRICTION_REVIEW, subject_id__in=restrictions)
        ).update(title=Replace("title", Value(name), Value(ANONYMOUS_NAME)))
        for home_id in _homes_no_longer_needed(resident):
            _home_anonymise(home_id)
    Anonymisation.objects.create(resident=resident, cause=cause, anonymised_by=actor, request=request)


def _homes_no_longer_needed(resident: Resident) -> list[int]:
    """Homes this resident or their cases point to that no one still on record does."""
    home_ids = {resident.home_id, *resident.complaints.values_list("home_id", flat=True)}
    home_ids |= set(resident.service_requests.values_list("home_id", flat=True))
    home_ids.discard(None)
    still_needed = set(
        Resident.objects.filter(home_id__in=home_ids, anonymisation__isnull=True)
        .exclude(pk=resident.pk)
        .values_list("home_id", flat=True)
    )
    still_needed |= set(
        Complaint.objects.filter(home_id__in=home_ids, anonymisation__isnull=True)
        .exclude(resident=resident)
        .values_list("home_id", flat=True)
    )
    return sorted(home_ids - still_needed)


def _home_anonymise(home_id: int) -> None:
    home = Home.objects.get(pk=home_id)
    district = postcode_district(home.postcode)
    Home.objects.filter(pk=home_id).update(address=REMOVED, postcode=district)
    _history_model(Home).objects.filter(pgh_obj_id=home_id).update(address=REMOVED, postcode=district)
