"""Reads: which complaints a person may see, fetched with everything a list or case needs in a fixed number of
queries."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from complaints.models import Complaint, DefinitionPoint, Document, Response, Stage


def complaints_visible_to(user: Any) -> QuerySet[Complaint]:
    complaints = Complaint.objects.all()
    if user.has_perm("complaints.view_all_complaints"):
        return complaints
    if user.has_perm("complaints.list_complaints"):
        # Staff who are not complaints handlers see the complaints they logged for residents (Code 3.2).
        return complaints.filter(logged_by=user)
    return complaints.none()


def complaints_with_stages(complaints: QuerySet[Complaint]) -> QuerySet[Complaint]:
    stages = Stage.objects.select_related("regime_stage", "handler", "response").prefetch_related(
        Prefetch("definition", queryset=DefinitionPoint.objects.select_related("decision")),
        "extensions",
    )
    return complaints.select_related("channel", "current_stage", "resident").prefetch_related(
        Prefetch("stages", queryset=stages), "categories"
    )


def complaint_documents(complaint: Complaint) -> QuerySet[Document]:
    """Documents on the case, oldest first: uploads and the letters issued (Code 5.12)."""
    return complaint.documents.select_related("uploaded_by", "letter").order_by("created_at", "id")


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
    user_ids = {(event.pgh_context or {}).get("user") for event in events} - {None}
    names = {user.pk: user.get_full_name() or user.get_username() for user in User.objects.filter(pk__in=user_ids)}
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
