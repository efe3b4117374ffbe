"""Reads: which complaints a person may see, fetched with everything a list or case needs in a fixed number of
queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from complaints.models import Complaint, DefinitionPoint, Stage


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
