"""Reading internal notes and one's own drafts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from complaints.models import Complaint
from notes.models import Draft, Note

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def case_notes(*, viewer: User | AnonymousUser, complaint: Complaint) -> QuerySet[Note]:
    """The notes on a case, newest first, for someone allowed to read them; nothing for anyone else."""
    if not viewer.has_perm("notes.view_notes", complaint):
        return Note.objects.none()
    return complaint.notes.select_related("author").order_by("-created_at", "-id")


def own_drafts(*, author: User, complaint: Complaint, form: str) -> dict[str, Draft]:
    """The author's drafts for one form on one case, by field name. Nobody reads another person's drafts."""
    return {d.field: d for d in Draft.objects.filter(author=author, complaint=complaint, form=form)}
