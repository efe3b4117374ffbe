"""Reads: which complaints a person may see, fetched with everything a list or case needs in a fixed number of
queries."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from complaints.models import Complaint, DefinitionPoint, Document, Letter, Response, Stage
from core.uploads import stored_file_read

if TYPE_CHECKING:
    from django.contrib.auth.models import User

OPEN = [Complaint.Status.AWAITING_ACKNOWLEDGEMENT, Complaint.Status.IN_PROGRESS]
# A complaint reference as people write it, in any case: "cmp-000123" in a reply is still CMP-000123.
_REFERENCE = re.compile(rf"\b{re.escape(Complaint.REFERENCE_PREFIX)}\d{{6,}}\b", re.IGNORECASE)


def complaints_referenced_in(text: str) -> list[Complaint]:
    """The complaints whose references the text quotes (an email's subject or body), by reference."""
    references = {reference.upper() for reference in _REFERENCE.findall(text)}
    return list(Complaint.objects.filter(reference__in=references).order_by("reference")) if references else []


def open_complaints_of_address(address: str) -> list[Complaint]:
    """Open complaints whose resident, or whose representative, has this email address."""
    if not address:
        return []
    return list(
        Complaint.objects.filter(status__in=OPEN)
        .filter(Q(resident__email__iexact=address) | Q(representative__email__iexact=address))
        .order_by("reference")
    )


def complaints_visible_to(user: User) -> QuerySet[Complaint]:
    visible = complaint_visibility(user)
    return Complaint.objects.none() if visible is None else Complaint.objects.filter(visible)


def complaint_visibility(user: User, path: str = "") -> Q | None:
    """The complaints a person may list, as a condition on the complaint reached through `path` from another row
    ("complaint", "stage__complaint"); None when they may list none."""
    if user.has_perm("complaints.view_all_complaints"):
        return Q()
    if user.has_perm("complaints.list_complaints"):
        # Staff who are not complaints handlers see the complaints they logged for residents (Code 3.2).
        return Q(**{f"{path}__logged_by" if path else "logged_by": user})
    return None


def complaints_with_stages(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Complaints with what the API shows of them, the related rows as plain lists (`stage_list`, `category_list`,
    and each stage's `point_list` and `extension_list`): a related manager's cache costs a queryset made for every
    complaint and stage, about 6 ms a page of 50. The current stage is not joined but found among the stages
    (`complaint_current_stage_from_stages`): each join more multiplies the time PostgreSQL spends planning the
    page (3 ms for five joins, 1 ms for four)."""
    stages = Stage.objects.select_related("regime_stage", "response").prefetch_related(
        Prefetch("definition", queryset=DefinitionPoint.objects.select_related("decision"), to_attr="point_list"),
        Prefetch("extensions", to_attr="extension_list"),
    )
    return complaints.select_related("channel", "team", "resident", "regime").prefetch_related(
        Prefetch("stages", queryset=stages, to_attr="stage_list"), Prefetch("categories", to_attr="category_list")
    )


def complaint_current_stage_from_stages(complaint: Complaint) -> None:
    """Points the complaint's current stage at the one among its stages read by complaints_with_stages."""
    if Complaint.current_stage.is_cached(complaint):
        return
    for stage in complaint.stage_list:  # type: ignore[attr-defined]  # made by complaints_with_stages
        if stage.pk == complaint.current_stage_id:
            complaint.current_stage = stage


def complaint_documents(complaint: Complaint) -> QuerySet[Document]:
    """Documents on the case, oldest first: uploads and the letters issued (Code 5.12)."""
    return complaint.documents.select_related("uploaded_by", "letter").order_by("created_at", "id")


def complaint_letters(complaint: Complaint) -> QuerySet[Letter]:
    """The letters issued on the case, oldest first, with their PDFs: for the case page and the resident's
    "check my complaint" page."""
    return complaint.letters.select_related("document", "correspondence", "issued_by").order_by("issued_on", "id")


def document_read(document: Document) -> bytes:
    """The document's content, checked against the digest recorded when it was stored (Code 5.12: the record is
    what was sent or received, unchanged)."""
    return stored_file_read(document.file, document.sha256, what=f"document {document.pk}")


def complaint_changes(complaint: Complaint) -> list[dict[str, Any]]:
    """Every recorded write to the complaint and the rows that belong to it, oldest first, with who made it:
    the audit trail the database triggers keep (Code 5.12)."""
    from pghistory.models import Events

    User = get_user_model()
    stages = list(complaint.stages.all())
    # A row is found through each thing it references (a remedy names its complaint and its stage): once is enough.
    found = {}
    for owners in ([complaint], stages, list(Response.objects.filter(stage__in=stages))):
        if owners:
            for event in Events.objects.references(owners):
                found[(event.pgh_model, event.pgh_id)] = event
    events = sorted(found.values(), key=lambda event: (event.pgh_created_at, event.pgh_id))
    user_ids = {user_id for event in events if (user_id := (event.pgh_context or {}).get("user")) is not None}
    # Looked up with None too: an event written outside any service names no one.
    names: dict[int | None, str] = {
        user.pk: user.get_full_name() or user.get_username() for user in User.objects.filter(pk__in=user_ids)
    }
    return [
        {
            "at": event.pgh_created_at,
            "record": event.pgh_model.split(".")[-1].removesuffix("Event"),
            "change": event.pgh_label,
            "user": names.get((event.pgh_context or {}).get("user")),
            "fields": event.pgh_diff or {},
        }
        for event in events
    ]
