"""Subject access (UK GDPR Article 15): everything held about a resident, as one zip of a tagged PDF to read, the
same as JSON for a machine, and the documents and letters themselves.

Everything is read here, in one place, so the export and the anonymisation (privacy.anonymise) can be checked
against each other: what one lists, the other removes."""

from __future__ import annotations

import datetime
import io
import json
import mimetypes
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from complaints.data_protection import special_category_views_record
from complaints.models import Complaint, DefinitionPoint, Document, Resident
from complaints.selectors import DocumentAlteredError, document_read
from complaints.services.base import check_date
from core.errors import WorkflowError
from core.pdf import render_pdf
from core.services import require_perm
from privacy.models import DataRequest, SpecialCategoryView
from privacy.selectors import resident_is_anonymised


def _person(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


def _pick(obj: Any, *names: str) -> dict[str, Any]:
    row = {}
    for name in names:
        value = getattr(obj, name)
        display = getattr(obj, f"get_{name}_display", None)
        row[name] = display() if display and value else value
    return row


def _complaint(complaint: Complaint, files: dict[int, str]) -> dict[str, Any]:
    stages = []
    for stage in complaint.stages.all():
        response = getattr(stage, "response", None)
        stages.append(
            {
                **_pick(
                    stage,
                    "number",
                    "requested_on",
                    "acknowledgement_due",
                    "acknowledged_on",
                    "response_due",
                    "responded_on",
                    "extension_days",
                    "escalation_reason",
                ),
                "handler": _person(stage.handler),
                # Superseded points too: everything held, not only the definition as it stands.
                "complaint_definition": [
                    {
                        **_pick(
                            p, "position", "point", "outcome_sought", "landlord_responsible", "responsibility_note"
                        ),
                        "superseded_at": p.superseded_at,
                    }
                    for p in DefinitionPoint.with_superseded.filter(stage=stage).order_by("superseded_at", "position")
                ],
                "extensions": [
                    {
                        **_pick(e, "working_days", "reason", "good_reason", "previous_due", "new_due"),
                        "resident_informed_on": e.resident_informed_on,
                    }
                    for e in stage.extensions.all()
                ],
                "response": {
                    **_pick(response, "responded_on", "decision", "reasons", "next_step"),
                    "decisions_on_each_point": [
                        {"point": d.point.position, **_pick(d, "decision", "reason")}
                        for d in response.point_decisions.all()
                    ],
                }
                if response
                else None,
            }
        )
    return {
        **_pick(complaint, "reference", "received_on", "summary", "status", "stage", "nation", "closed_on"),
        "channel": complaint.channel.name,
        "categories": [c.name for c in complaint.categories.all()],
        "representative": str(complaint.representative) if complaint.representative else None,
        "stages": stages,
        "remedies": [
            {"kind": r.kind.name, **_pick(r, "description", "amount", "due_on", "agreed_with_resident", "completed_on")}
            for r in complaint.remedies.all()
        ],
        "outstanding_actions": [
            _pick(a, "description", "due_on", "completed_on") for a in complaint.outstanding_actions.all()
        ],
        "refusals": [
            {"reason": r.reason.name, **_pick(r, "explanation", "evidence", "discretion_note", "decided_on")}
            for r in complaint.refusals.all()
        ],
        "correspondence": [
            {
                **_pick(c, "occurred_on", "direction", "party", "subject", "body"),
                "channel": c.channel.name,
                "attachments": [files[d.pk] for d in c.attachments.all() if d.pk in files],
            }
            for c in complaint.correspondence.all()
        ],
        "documents": [
            {
                **_pick(d, "title", "content_type", "size"),
                "added_on": timezone.localtime(d.created_at).date(),
                "file": files.get(d.pk, "The stored file no longer matches the one recorded; ask for it separately."),
            }
            for d in complaint.documents.all()
        ],
        "letters": [
            {**_pick(letter, "kind", "stage", "issued_on"), "file": files.get(letter.document_id)}
            for letter in complaint.letters.all()
        ],
        "ombudsman_referrals": [
            {
                **_pick(r, "referred_on", "ombudsman_reference", "determination", "determined_on", "orders"),
                "findings": [_pick(f, "element", "determination", "determined_on") for f in r.findings.all()],
                "orders_and_recommendations": [
                    _pick(o, "kind", "description", "made_on", "due_on", "complied_on", "evidence")
                    for o in r.ombudsman_orders.all()
                ],
            }
            for r in complaint.ombudsman_referrals.all()
        ],
        "complaint_handling_failure_orders": [
            _pick(o, "ombudsman_reference", "issued_on", "failure", "order", "due_on", "complied_on", "evidence")
            for o in complaint.handling_failure_orders.all()
        ],
        "satisfaction_surveys": [
            _pick(v, "stage", "sent_on", "answered_at", "handling", "outcome", "comments")
            for v in complaint.surveys.all()
        ],
        "learning_points": [_pick(p, "learning", "recorded_on") for p in complaint.learning_points.all()],
        "timeline": [
            {"at": e.at, "what": e.get_kind_display(), "description": e.description, "by": _person(e.actor)}
            for e in complaint.timeline.select_related("actor")
        ],
    }


def _file_name(document: Document, reference: str) -> str:
    extension = mimetypes.guess_extension(document.content_type) or ""
    return f"documents/{reference}/{document.pk}-{slugify(document.title)[:60] or 'document'}{extension}"


def resident_personal_data(resident: Resident) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Everything held about the resident, and the stored files by the name they have in the export."""
    complaints = list(
        resident.complaints.select_related("channel", "representative")
        .prefetch_related("categories", "documents", "letters")
        .order_by("received_on", "id")
    )
    files: dict[str, bytes] = {}
    names: dict[int, str] = {}
    for complaint in complaints:
        for document in complaint.documents.all():
            try:
                content = document_read(document)
            except DocumentAlteredError:
                continue
            names[document.pk] = _file_name(document, complaint.reference)
            files[names[document.pk]] = content
    home = resident.home
    views = SpecialCategoryView.objects.filter(resident=resident).select_related("viewer").order_by("viewed_at", "id")
    data = {
        "resident": _pick(resident, "name", "email", "phone", "preferred_contact", "tenancy_reference"),
        "home": _pick(home, "address", "postcode", "nation", "tenure") if home else None,
        "representatives": [
            _pick(
                r,
                "name",
                "relationship",
                "email",
                "phone",
                "authority",
                "authority_given_on",
                "authority_evidence",
                "authority_ended_on",
            )
            for r in resident.representatives.all()
        ],
        "disabilities_and_vulnerabilities": [
            _pick(d, "kind", "description", "disclosed_on") for d in resident.disclosures.all()
        ],
        "reasonable_adjustments": [
            _pick(a, "adjustment", "agreed_on", "review_due", "last_reviewed_on", "ended_on")
            for a in resident.adjustments.all()
        ],
        "contact_restrictions": [
            _pick(
                r,
                "reason",
                "evidence",
                "scope",
                "equality_considerations",
                "starts_on",
                "review_due",
                "last_reviewed_on",
                "ended_on",
            )
            for r in resident.contact_restrictions.all()
        ],
        "service_requests": [
            {
                **_pick(s, "reference", "description", "reported_on", "status", "completed_on"),
                "channel": s.channel.name,
            }
            for s in resident.service_requests.select_related("channel")
        ],
        "complaints": [_complaint(c, names) for c in complaints],
        "who_saw_special_category_data": [
            {"when": v.viewed_at, "who": _person(v.viewer), "where": v.shown_on} for v in views
        ],
        "requests_about_this_data": [
            {
                **_pick(r, "kind", "received_on", "reason", "outcome", "outcome_note"),
                "handled_by": _person(r.handled_by),
                "handled_at": r.handled_at,
            }
            for r in resident.data_requests.select_related("handled_by").order_by("handled_at", "id")
        ],
        "legal_holds": [
            {
                "reason": h.reason,
                "placed_by": _person(h.placed_by),
                "placed_at": h.placed_at,
                "released_by": _person(h.released_by),
                "released_at": h.released_at,
                "release_reason": h.release_reason,
            }
            for h in resident.legal_holds.select_related("placed_by", "released_by").order_by("placed_at", "id")
        ],
    }
    return data, files


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Block:
    """One heading of the PDF with its label and value rows: the JSON's tree, laid out for reading."""

    title: str
    level: int
    rows: list[tuple[str, Any]]
    empty: bool = False


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _readable(value: Any) -> Any:
    if value is None or value == "":
        return "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "None"
    return value


def blocks(title: str, value: Any, level: int = 2) -> list[Block]:
    level = min(level, 6)
    if isinstance(value, dict):
        scalars = [(_label(k), _readable(v)) for k, v in value.items() if not _nested(v)]
        out = [Block(title, level, scalars)]
        for key, nested in value.items():
            if _nested(nested):
                out += blocks(_label(key), nested, level + 1)
        return out
    if isinstance(value, list):
        if not value:
            return [Block(title, level, [], empty=True)]
        out = [Block(title, level, [])]
        for number, item in enumerate(value, start=1):
            out += blocks(f"{title} {number}", item, level + 1)
        return out
    return [Block(title, level, [("Value", _readable(value))])]


def _nested(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value))


def subject_access_export(
    *, actor: Any, resident: Resident, received_on: datetime.date, reason: str
) -> tuple[DataRequest, bytes]:
    """The zip for the resident, with the request recorded (who, when, why) and the showing of their
    special-category data logged like any other."""
    require_perm(actor, "privacy.handle_data_requests", None, "Your role cannot export residents' personal data.")
    check_date(received_on, "received_on", "date the request was received")
    if not reason.strip():
        raise WorkflowError("Record the request: who asked, and how.", field="reason")
    if resident_is_anonymised(resident):
        raise WorkflowError("This resident's personal data has been anonymised: nothing identifiable is held.")
    data, files = resident_personal_data(resident)
    now = timezone.now()
    with transaction.atomic():
        request = DataRequest.objects.create(
            resident=resident,
            kind=DataRequest.Kind.SUBJECT_ACCESS,
            received_on=received_on,
            reason=reason.strip(),
            outcome=DataRequest.Outcome.DONE,
            outcome_note=f"Exported {len(data['complaints'])} complaint(s) and {len(files)} file(s).",
            handled_by=actor,
            handled_at=now,
        )
        special_category_views_record(viewer=actor, residents=[resident], shown_on="Subject access export")
    about = {"landlord": settings.LANDLORD_NAME, "exported_at": now, "exported_by": _person(actor)}
    pdf = render_pdf(
        "pdf/subject_access.html",
        {
            "about": about,
            "name": resident.name,
            "blocks": [b for key, value in data.items() for b in blocks(_label(key), value)],
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("personal-data.json", json.dumps(_plain({**about, **data}), indent=2, ensure_ascii=False))
        archive.writestr("personal-data.pdf", pdf)
        for name, content in files.items():
            archive.writestr(name, content)
    return request, buffer.getvalue()
