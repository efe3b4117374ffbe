"""Internal notes on a case, and the drafts that keep what someone was typing when their session ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from complaints.models import Complaint
from complaints.models.search import SEARCH_DOCUMENT, searchable_text, text_search_index
from core.models import audited, protect_deletes


@audited(exclude=[SEARCH_DOCUMENT])
class Note(models.Model):
    """What a case worker wants colleagues to know about a case: never sent to the resident, never on their pages.

    A note is not edited or deleted: a mistake is put right by a later note, so the record shows what was known
    when. Only `pinned` changes, and its history says who pinned or unpinned it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    search_document = searchable_text("text")
    created_at = models.DateTimeField(auto_now_add=True)
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        triggers = [protect_deletes]
        # The search box's words (complaints.search, registered in NotesConfig.ready()).
        indexes = [text_search_index(name="note_search")]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.complaint}"


class Draft(models.Model):
    """Text typed into a long field of a case's form and not yet sent, kept so that an idle timeout or a closed
    tab loses nothing. Its author's only, and removed when the form is sent or after DRAFT_KEPT_DAYS."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    # The case action's slug ("respond", "define", "note").
    form = models.SlugField(max_length=50)
    # The field's name in the form as sent ("reasons", "points-0-point").
    field = models.CharField(max_length=100)
    text = models.TextField()
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "complaint", "form", "field"], name="one_draft_per_field")
        ]
        indexes = [models.Index(fields=["saved_at"], name="draft_saved_at")]

    def __str__(self) -> str:
        return f"Draft of {self.form} {self.field} on {self.complaint}"
