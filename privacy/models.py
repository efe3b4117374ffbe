"""The personal data lifecycle (UK GDPR): who saw special-category data, legal holds, the requests residents make
about their data (access, rectification, erasure), and which records have been anonymised.

These rows are the landlord's accountability record (UK GDPR Article 5(2)): none can be deleted, and the log of
views and the anonymisation records cannot be changed either."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone

from complaints.models import Complaint, Resident
from core.models import TimeStamped, audited, protect_deletes


class SpecialCategoryView(models.Model):
    """One showing of a resident's disabilities, vulnerabilities, adjustments or contact restrictions: who saw
    them, when, for which resident and on which page. Never the data itself."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="special_category_views")
    viewed_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Where it was shown, such as "Complaint RH000123" or "API: residents list"; never names or data.
    shown_on = models.CharField(max_length=200)

    class Meta:
        ordering = ["-viewed_at", "-id"]
        triggers = [protect_deletes, pgtrigger.Protect(name="views_are_append_only", operation=pgtrigger.Update)]

    def __str__(self) -> str:
        return f"Resident {self.resident_id} seen on {self.shown_on}"


@audited
class LegalHold(TimeStamped):
    """While a hold is in force, nothing about the resident is anonymised, by the retention schedule or on
    request: the records may be needed for a claim, an Ombudsman investigation or a regulator."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        triggers = [protect_deletes]

    def __str__(self) -> str:
        return f"Legal hold {self.pk}"

    @property
    def in_force(self) -> bool:
        return self.released_at is None


@audited
class DataRequest(TimeStamped):
    """A request about a resident's personal data (UK GDPR Articles 15-17) and what was done: who handled it,
    when, and why."""

    class Kind(models.TextChoices):
        SUBJECT_ACCESS = "subject_access", "Subject access"
        RECTIFICATION = "rectification", "Rectification"
        ERASURE = "erasure", "Erasure"

    class Outcome(models.TextChoices):
        DONE = "done", "Done"
        REFUSED = "refused", "Refused"

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="data_requests")
    kind = models.CharField(max_length=20, choices=Kind)
    # The statutory month to answer runs from this date.
    received_on = models.DateField()
    reason = models.TextField()
    outcome = models.CharField(max_length=10, choices=Outcome)
    # What was corrected, or why the request was refused.
    outcome_note = models.TextField(blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-handled_at", "-id"]
        triggers = [protect_deletes]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request {self.pk}"


class Anonymisation(models.Model):
    """A complaint or a resident whose personal data was removed: when, why, and by whom (nobody: the
    retention schedule). Exactly one of complaint and resident is set."""

    class Cause(models.TextChoices):
        RETENTION = "retention", "Retention period ended"
        ERASURE = "erasure", "Erasure request"

    complaint = models.OneToOneField(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="anonymisation"
    )
    resident = models.OneToOneField(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="anonymisation"
    )
    cause = models.CharField(max_length=20, choices=Cause)
    anonymised_at = models.DateTimeField(default=timezone.now)
    anonymised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    request = models.ForeignKey(DataRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-anonymised_at", "-id"]
        triggers = [
            protect_deletes,
            pgtrigger.Protect(name="anonymisations_are_immutable", operation=pgtrigger.Update),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(complaint__isnull=True, resident__isnull=False)
                | models.Q(complaint__isnull=False, resident__isnull=True),
                name="anonymisation_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"Anonymisation {self.pk}"
