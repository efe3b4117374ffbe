"""Letters the Code requires, and the wording an administrator controls.

An administrator edits only the opening, closing, offer of other formats and signature of each kind of letter;
the parts the Code requires (the complaint definition, the decisions, the reasons, the Ombudsman's details...) are
written by the system from the case, so no edit can drop one."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models

from complaints.models.cases import Complaint, Correspondence, Document
from core.models import TimeStamped, audited, protect_deletes


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    EXTENSION = "extension", "Extension"
    STAGE_1_RESPONSE = "stage_1_response", "Stage 1 response"
    STAGE_2_RESPONSE = "stage_2_response", "Stage 2 final response"
    REFUSAL = "refusal", "Refusal to accept a complaint"
    ESCALATION_REFUSAL = "escalation_refusal", "Refusal to escalate"


@audited
class LetterTemplate(TimeStamped):
    """The editable wording of one kind of letter. Every change raises `version`, and each issued letter records
    the version it was written from; the audit trail keeps every earlier wording."""

    kind = models.CharField(max_length=30, choices=LetterKind, unique=True)
    subject = models.CharField(max_length=200, help_text="The letter's heading. Merge fields may be used.")
    opening = models.TextField(help_text="Comes after “Dear …”, before the parts the system writes.")
    closing = models.TextField(blank=True, help_text="Comes after the parts the system writes.")
    other_formats = models.TextField(
        "offer of other formats",
        blank=True,
        help_text="Comes after the closing. Left out of letters to a resident whose formats are already recorded "
        "(large print, easy read, another language, Braille or audio): they have told us what they need.",
    )
    signature = models.TextField(help_text="Comes after “Yours sincerely”.")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Letter(models.Model):
    """A letter as it was issued: the PDF the resident was sent, kept on the case and never changed (Code 5.12)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="letters")
    stage = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30, choices=LetterKind)
    correspondence = models.OneToOneField(Correspondence, on_delete=models.PROTECT, related_name="letter")
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="letter")
    template_version = models.PositiveIntegerField()
    issued_on = models.DateField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]
        triggers = [
            protect_deletes,
            pgtrigger.Protect(name="letters_are_immutable", operation=pgtrigger.Update),
        ]

    def __str__(self) -> str:
        return f"{self.complaint}: {self.get_kind_display()} ({self.issued_on:%-d %B %Y})"
