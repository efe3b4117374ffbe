"""Writing internal notes, and keeping and discarding drafts."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from complaints.models import Complaint
from core.errors import WorkflowError
from core.services import require_perm, service_action
from notes.models import Draft, Note

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NOTE_MAX_LENGTH = 5000
DRAFT_MAX_LENGTH = 20000


@service_action
def note_add(*, actor: User, complaint: Complaint, text: str, pinned: bool = False) -> Note:
    require_perm(actor, "complaints.view_complaint", complaint, "You cannot see this complaint.")
    require_perm(actor, "notes.add_note", complaint, "Your role cannot add notes to a complaint.")
    text = (text or "").strip()
    if not text:
        raise WorkflowError("Enter the note.", field="text")
    if len(text) > NOTE_MAX_LENGTH:
        raise WorkflowError(f"The note must be {NOTE_MAX_LENGTH:,} characters or fewer.", field="text")
    return Note.objects.create(complaint=complaint, author=actor, text=text, pinned=pinned)


@service_action
def note_pin(*, actor: User, note: Note, pinned: bool) -> Note:
    """Pin a note to the top of the case page, or take it down. Anyone who may add notes may, so that a pinned
    warning can come down when its author is away."""
    require_perm(actor, "complaints.view_complaint", note.complaint, "You cannot see this complaint.")
    require_perm(actor, "notes.add_note", note.complaint, "Your role cannot pin notes.")
    note = Note.objects.select_for_update().get(pk=note.pk)
    if note.pinned != pinned:
        note.pinned = pinned
        note.save(update_fields=["pinned"])
    return note


def draft_save(*, actor: User, complaint: Complaint, form: str, field: str, text: str) -> Draft | None:
    """Keep what the author is typing into one field; empty text discards the field's draft. The caller has
    checked that the author may use the form: a draft is only ever read back by its author."""
    if len(text) > DRAFT_MAX_LENGTH:
        raise WorkflowError(f"A draft must be {DRAFT_MAX_LENGTH:,} characters or fewer.", field="text")
    if not text.strip():
        Draft.objects.filter(author=actor, complaint=complaint, form=form, field=field).delete()
        return None
    draft, _ = Draft.objects.update_or_create(
        author=actor, complaint=complaint, form=form, field=field, defaults={"text": text, "saved_at": timezone.now()}
    )
    return draft


def drafts_discard(*, actor: User, complaint: Complaint, form: str) -> None:
    """The form was sent and its action done: its drafts have served their purpose."""
    Draft.objects.filter(author=actor, complaint=complaint, form=form).delete()


def drafts_expire(*, now: datetime.datetime | None = None) -> int:
    """Drafts hold case text nobody sent: remove those not touched for DRAFT_KEPT_DAYS. Returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.DRAFT_KEPT_DAYS)
    deleted, _ = Draft.objects.filter(saved_at__lt=cutoff).delete()
    return deleted
