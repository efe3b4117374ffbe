"""The personal data the case domain holds (complaints, which cannot import privacy, so it is declared here) and the
records privacy keeps itself. See privacy.registry for what a declaration says; the apps above declare theirs in
their own `personal_data.py`."""

from __future__ import annotations

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

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
    Letter,
    OutgoingMessage,
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
from complaints.postcodes import postcode_district
from privacy.anonymise import ANONYMOUS_NAME, DOCUMENT_TITLE, REMOVED
from privacy.models import Anonymisation, DataRequest, LegalHold, SpecialCategoryView
from privacy.registry import Anonymising, Export, PersonalData, Then, declare

# --- the resident ---------------------------------------------------------------------------------------------


def _still_in_place_end(rows: models.QuerySet, anonymising: Anonymising) -> None:
    """Nobody should be asked to review an adjustment or restriction for a person no longer on record."""
    rows.filter(ended_on__isnull=True).update(ended_on=anonymising.today)


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


def _homes_anonymise(rows: models.QuerySet, anonymising: Anonymising) -> None:
    """A home is shared (a household, the next tenant): its address goes only when nobody still on record needs
    it, and the postcode is cut to the district that statistics may keep. The homes of the resident's cases count
    too, not only the one in `rows` that they live in."""
    for resident in anonymising.residents:
        for home_id in _homes_no_longer_needed(resident):
            home = Home.objects.get(pk=home_id)
            district = postcode_district(home.postcode)
            Home.objects.filter(pk=home_id).update(address=REMOVED, postcode=district)
            Home.pgh_event_model.objects.filter(pgh_obj_id=home_id).update(address=REMOVED, postcode=district)


declare(
    PersonalData(
        Resident,
        export="resident",
        shows=("name", "email", "phone", "preferred_contact", "tenancy_reference"),
        remove={"name": ANONYMOUS_NAME, "email": "", "phone": "", "tenancy_reference": "", "preferred_contact": ""},
    ),
    PersonalData(
        Home,
        via="residents",
        export="home",
        order=10,
        one=True,
        shows=("address", "postcode", "nation", "tenure"),
        then=Then(("address", "postcode"), _homes_anonymise),
    ),
    PersonalData(
        Representative,
        via="resident",
        export="representatives",
        order=20,
        shows=(
            "name",
            "relationship",
            "email",
            "phone",
            "address",
            "postcode",
            "preferred_contact",
            "authority",
            "authority_given_on",
            "authority_evidence",
            "authority_ended_on",
        ),
        remove={
            "name": REMOVED,
            "relationship": REMOVED,
            "email": "",
            "phone": "",
            "address": REMOVED,
            "postcode": "",
            "authority_evidence": REMOVED,
        },
    ),
    PersonalData(
        Disclosure,
        via="resident",
        export="disabilities_and_vulnerabilities",
        order=30,
        shows=("kind", "description", "disclosed_on"),
        remove={"description": REMOVED},
    ),
    PersonalData(
        ReasonableAdjustment,
        via="resident",
        export="reasonable_adjustments",
        order=40,
        shows=("need", "language", "adjustment", "agreed_on", "review_due", "last_reviewed_on", "ended_on"),
        remove={"adjustment": REMOVED, "language": REMOVED},
        then=Then((), _still_in_place_end),
    ),
    PersonalData(
        ContactRestriction,
        via="resident",
        export="contact_restrictions",
        order=50,
        shows=(
            "reason",
            "evidence",
            "scope",
            "equality_considerations",
            "starts_on",
            "review_due",
            "last_reviewed_on",
            "ended_on",
        ),
        remove={"reason": REMOVED, "evidence": REMOVED, "scope": REMOVED, "equality_considerations": REMOVED},
        then=Then((), _still_in_place_end),
    ),
    PersonalData(
        ServiceRequest,
        via="resident",
        export="service_requests",
        order=60,
        shows=("reference", "description", "reported_on", "status", "completed_on", "channel"),
        remove={"description": REMOVED},
    ),
)

# --- a complaint ----------------------------------------------------------------------------------------------


def _placeholder(today: datetime.date, cause: str) -> bytes:
    why = "the retention period ended" if cause == Anonymisation.Cause.RETENTION else "the resident asked for erasure"
    return f"This document held personal data. It was removed on {today:%-d %B %Y} because {why}.\n".encode()


def _documents_replace(rows: models.QuerySet, anonymising: Anonymising) -> None:
    """Each stored file (uploads and issued letters) is replaced by a short note; the old files are deleted
    once the transaction commits, so a rollback leaves the record and its files as they were."""
    content = _placeholder(anonymising.today, anonymising.cause)
    digest = hashlib.sha256(content).hexdigest()
    old_names = []
    for document in rows.exclude(sha256=digest):
        old_names.append(document.file.name)
        document.sha256 = digest
        document.size = len(content)
        document.content_type = "text/plain"
        document.title = DOCUMENT_TITLE
        document.file.save("removed.txt", ContentFile(content), save=False)
        document.save(update_fields=["sha256", "size", "content_type", "title", "file", "updated_at"])
        Document.pgh_event_model.objects.filter(pgh_obj_id=document.pk).update(
            file=document.file.name, sha256=digest, size=len(content), content_type="text/plain"
        )
    if old_names:
        storage = Document._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in old_names if storage.exists(name)])


def _added_on(document: Document, export: Export) -> datetime.date:
    return timezone.localtime(document.created_at).date()


def _file(document: Document, export: Export) -> str:
    return export.files.get(document.pk, "The stored file no longer matches the one recorded; ask for it separately.")


def _letter_file(letter: Letter, export: Export) -> str | None:
    return export.files.get(letter.document_id)


def _attachments(correspondence: Correspondence, export: Export) -> list[str]:
    return [export.files[d.pk] for d in correspondence.attachments.all() if d.pk in export.files]


# Timeline entries whose description quotes what someone wrote (a subject line, a document's title, a note).
FREE_TEXT_EVENTS = [
    CaseEvent.Kind.CORRESPONDENCE,
    CaseEvent.Kind.DOCUMENT,
    CaseEvent.Kind.LETTER,
    CaseEvent.Kind.DELIVERY,
    CaseEvent.Kind.WITHDRAWN,
    CaseEvent.Kind.REOPENED,
]


def _free_text_events_describe(rows: models.QuerySet, anonymising: Anonymising) -> None:
    for kind in FREE_TEXT_EVENTS:
        rows.filter(kind=kind).update(description=f"{kind.label}: details removed with the personal data.")


declare(
    PersonalData(
        Complaint,
        via="resident",
        export="complaints",
        order=70,
        order_by=("received_on", "id"),
        shows=(
            "reference",
            "received_on",
            "first_knew_on",
            "summary",
            "time_limit_waived_because",
            "status",
            "stage",
            "nation",
            "closed_on",
            "channel",
            "categories",
            "representative",
        ),
        remove={"summary": REMOVED, "time_limit_waived_because": REMOVED},
    ),
    PersonalData(
        Stage,
        via="complaint",
        export="stages",
        order=10,
        shows=(
            "number",
            "requested_on",
            "acknowledgement_due",
            "acknowledged_on",
            "response_due",
            "responded_on",
            "extension_days",
            "escalation_reason",
            "moved_to_investigation_on",
            "investigation_reason",
            "handler",
        ),
        remove={"escalation_reason": REMOVED, "investigation_reason": REMOVED},
    ),
    # Superseded points too: everything held, not only the definition as it stands.
    PersonalData(
        DefinitionPoint,
        via="stage",
        export="complaint_definition",
        order=10,
        order_by=("superseded_at", "position"),
        shows=("position", "point", "outcome_sought", "landlord_responsible", "responsibility_note", "superseded_at"),
        remove={"point": REMOVED, "outcome_sought": REMOVED, "responsibility_note": REMOVED},
    ),
    PersonalData(
        Extension,
        via="stage",
        export="extensions",
        order=20,
        shows=("working_days", "reason", "good_reason", "previous_due", "new_due", "resident_informed_on"),
        remove={"reason": REMOVED, "good_reason": REMOVED},
    ),
    PersonalData(
        Response,
        via="stage",
        export="response",
        order=30,
        one=True,
        shows=("responded_on", "decision", "reasons", "next_step"),
        remove={"reasons": REMOVED},
    ),
    PersonalData(
        PointDecision,
        via="response",
        export="decisions_on_each_point",
        order=10,
        shows=(("point", "point.position"), "decision", "reason"),
        remove={"reason": REMOVED},
    ),
    PersonalData(
        Remedy,
        via="complaint",
        export="remedies",
        order=20,
        shows=("kind", "description", "amount", "due_on", "agreed_with_resident", "completed_on"),
        remove={"description": REMOVED},
    ),
    PersonalData(
        OutstandingAction,
        via="complaint",
        export="outstanding_actions",
        order=30,
        shows=("description", "due_on", "completed_on"),
        remove={"description": REMOVED},
    ),
    # A refusal's explanation and evidence are replaced, not emptied: "was a reason recorded?" (Code 2.1) keeps
    # its answer.
    PersonalData(
        Refusal,
        via="complaint",
        export="refusals",
        order=40,
        shows=("reason", "explanation", "evidence", "discretion_note", "decided_on"),
        remove={"explanation": REMOVED, "evidence": REMOVED, "discretion_note": REMOVED},
    ),
    PersonalData(
        Correspondence,
        via="complaint",
        export="correspondence",
        order=50,
        shows=("occurred_on", "direction", "party", "subject", "body", "channel", ("attachments", _attachments)),
        remove={"subject": REMOVED, "body": REMOVED},
    ),
    PersonalData(
        OutgoingMessage,
        via="complaint",
        export="letters_and_emails_sent",
        order=55,
        shows=("kind", "route", "addressee", "email", "postal_address", "subject", "queued_at", "sent_at", "posted_at"),
        remove={
            "addressee": REMOVED,
            # Not blank: an email or a letter always names where it went (a database check says so).
            "email": REMOVED,
            "postal_address": REMOVED,
            "subject": REMOVED,
            "body": REMOVED,
            "secret": "",
            "error": "",
        },
    ),
    PersonalData(
        Document,
        via="complaint",
        export="documents",
        order=60,
        shows=("title", "content_type", "size", ("added_on", _added_on), ("file", _file)),
        remove={"title": DOCUMENT_TITLE},
        then=Then(("file",), _documents_replace),
        protected_by=("documents_are_immutable",),
    ),
    # The letter's file is a document, replaced with the others.
    PersonalData(
        Letter,
        via="complaint",
        export="letters",
        order=70,
        shows=("kind", "stage", "issued_on", ("file", _letter_file)),
    ),
    # The timeline quotes some of what other records hold (an Ombudsman finding's element, an order's wording).
    PersonalData(
        CaseEvent,
        via="complaint",
        export="timeline",
        order=120,
        shows=("at", ("what", "kind"), "description", ("by", "actor")),
        redact=("description",),
        then=Then(("description",), _free_text_events_describe),
        protected_by=("events_are_append_only",),
    ),
)

# --- privacy's own records ------------------------------------------------------------------------------------

declare(
    # Which resident was seen, by whom and where: never the data itself, so nothing to remove.
    PersonalData(
        SpecialCategoryView,
        via="resident",
        export="who_saw_special_category_data",
        order=80,
        order_by=("viewed_at", "id"),
        shows=(("when", "viewed_at"), ("who", "viewer"), ("where", "shown_on")),
    ),
    # Legal holds and data requests are the landlord's record of what it did with the data and why: kept whole,
    # with the names taken out.
    PersonalData(
        DataRequest,
        via="resident",
        export="requests_about_this_data",
        order=90,
        order_by=("handled_at", "id"),
        shows=("kind", "received_on", "reason", "outcome", "outcome_note", "handled_by", "handled_at"),
        redact=("reason", "outcome_note"),
    ),
    PersonalData(
        LegalHold,
        via="resident",
        export="legal_holds",
        order=100,
        order_by=("placed_at", "id"),
        shows=("reason", "placed_by", "placed_at", "released_by", "released_at", "release_reason"),
        redact=("reason", "release_reason"),
    ),
)
