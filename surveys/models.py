"""Satisfaction surveys sent after a stage's response (Code 1.6). A survey answer is feedback, never a
complaint: nothing here creates or changes a complaint."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from complaints.models import Complaint
from core.models import TimeStamped, audited, protect_deletes


class Satisfaction(models.IntegerChoices):
    """The five bands landlords report (as in the seed report: very satisfied ... very dissatisfied)."""

    VERY_SATISFIED = 5, "Very satisfied"
    FAIRLY_SATISFIED = 4, "Fairly satisfied"
    NEITHER = 3, "Neither satisfied nor dissatisfied"
    FAIRLY_DISSATISFIED = 2, "Fairly dissatisfied"
    VERY_DISSATISFIED = 1, "Very dissatisfied"


@audited
class Survey(TimeStamped):
    """One survey, sent to the resident about one stage of their complaint; answered at most once."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="surveys")
    stage = models.PositiveSmallIntegerField()
    # Only the SHA-256 of the link's token is kept: someone who reads the database cannot answer for a resident.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_on = models.DateField(db_index=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    handling = models.PositiveSmallIntegerField(choices=Satisfaction, null=True, blank=True)
    outcome = models.PositiveSmallIntegerField(choices=Satisfaction, null=True, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        triggers = [protect_deletes]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "stage"], name="one_survey_per_stage"),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | models.Q(handling__isnull=False),
                name="an_answered_survey_has_a_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"Survey on {self.complaint} stage {self.stage}"
