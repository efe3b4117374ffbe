"""Learning from complaints and the service improvements it leads to (Code 9.1-9.3), grouped by theme so the
senior lead can see trends (9.4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from complaints.models import Complaint
from complaints.models.reference import ReferenceItem
from core.models import TimeStamped, audited, protect_deletes


@audited
class Theme(ReferenceItem):
    """What a piece of learning is about, beyond the complaint's own category: an administrator keeps the list."""


@audited
class LearningPoint(TimeStamped):
    """Code 9.1: what a complaint teaches us beyond its own circumstances."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="learning_points")
    stage = models.PositiveSmallIntegerField()
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="learning_points")
    learning = models.TextField()
    recorded_on = models.DateField(db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_on", "-id"]
        triggers = [protect_deletes]

    def __str__(self) -> str:
        return f"{self.complaint}: {self.theme}"


@audited
class ServiceImprovement(TimeStamped):
    """Code 9.2: a change made to the service because of what complaints showed, and which complaints led to it."""

    title = models.CharField(max_length=200)
    what_changed = models.TextField()
    team = models.CharField(max_length=200, help_text="The team or service that made the change.")
    implemented_on = models.DateField(db_index=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="improvements")
    complaints = models.ManyToManyField(Complaint, related_name="service_improvements")
    learning_points = models.ManyToManyField(LearningPoint, blank=True, related_name="improvements")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-implemented_on", "-id"]
        triggers = [protect_deletes]

    def __str__(self) -> str:
        return self.title


@audited
class ReportBack(TimeStamped):
    """Code 9.3: telling residents, staff and committees what was learnt and what changed."""

    class Audience(models.TextChoices):
        RESIDENTS = "residents", "Residents who complained"
        RESIDENTS_PANEL = "residents_panel", "Residents' panel or scrutiny group"
        STAFF = "staff", "Staff"
        COMMITTEE = "committee", "Committee or governing body"
        PUBLISHED = "published", "Published on our website or newsletter"

    improvement = models.ForeignKey(ServiceImprovement, on_delete=models.PROTECT, related_name="report_backs")
    audience = models.CharField(max_length=20, choices=Audience)
    reported_on = models.DateField()
    note = models.TextField(help_text="How it was reported: the meeting, briefing or article.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["reported_on", "id"]
        triggers = [protect_deletes]
