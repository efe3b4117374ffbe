"""What the Ombudsman decides about our complaints (Code 8.1 c, 9.7 c): the referral of a complaint to it, its
findings on each element of the complaint, the orders and recommendations that follow with the dates they are due
and our compliance, and Complaint Handling Failure Orders."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from complaints.models import Complaint
from core.models import TimeStamped, audited, protect_deletes


class Determination(models.TextChoices):
    """The Ombudsman's findings, most serious first."""

    SEVERE_MALADMINISTRATION = "severe_maladministration", "Severe maladministration"
    MALADMINISTRATION = "maladministration", "Maladministration"
    SERVICE_FAILURE = "service_failure", "Service failure"
    REDRESS = "reasonable_redress", "Reasonable redress"
    NO_MALADMINISTRATION = "no_maladministration", "No maladministration"
    OUTSIDE_JURISDICTION = "outside_jurisdiction", "Outside jurisdiction"


# Findings that something went wrong: counted as the Ombudsman's findings of failure in the annual report (8.1 c).
ADVERSE = [Determination.SEVERE_MALADMINISTRATION, Determination.MALADMINISTRATION, Determination.SERVICE_FAILURE]


# The referral was a model of the complaints app; it keeps the tables it had there (and its history
# the one beside it), so moving it here copied no row (migrations complaints 0011, ombudsman 0002).
@audited(event_table="complaints_ombudsmanreferralevent")
class OmbudsmanReferral(TimeStamped):
    """A complaint the resident referred to the Ombudsman, and its overall determination."""

    class Determination(models.TextChoices):
        PENDING = "pending", "Awaiting determination"
        NO_MALADMINISTRATION = "no_maladministration", "No maladministration"
        SERVICE_FAILURE = "service_failure", "Service failure"
        MALADMINISTRATION = "maladministration", "Maladministration"
        SEVERE_MALADMINISTRATION = "severe_maladministration", "Severe maladministration"
        OUTSIDE_JURISDICTION = "outside_jurisdiction", "Outside jurisdiction"
        RESOLVED = "resolved", "Resolved by the landlord"

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="ombudsman_referrals")
    referred_on = models.DateField()
    ombudsman_reference = models.CharField(max_length=50, blank=True)
    determination = models.CharField(max_length=30, choices=Determination, default=Determination.PENDING)
    determined_on = models.DateField(null=True, blank=True)
    orders = models.TextField(blank=True)
    complaint_handling_failure = models.BooleanField(default=False)
    compliance_due = models.DateField(null=True, blank=True)
    complied_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "complaints_ombudsmanreferral"
        ordering = ["-referred_on"]
        triggers = [protect_deletes]


@audited
class Finding(TimeStamped):
    """The Ombudsman's determination on one element of a complaint it investigated."""

    referral = models.ForeignKey(OmbudsmanReferral, on_delete=models.PROTECT, related_name="findings")
    element = models.CharField(max_length=300, help_text="The part of the complaint the finding is about.")
    determination = models.CharField(max_length=30, choices=Determination)
    determined_on = models.DateField(db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["determined_on", "id"]
        triggers = [protect_deletes]

    def __str__(self) -> str:
        return f"{self.element}: {self.get_determination_display()}"


class Compliance(TimeStamped):
    """Something the Ombudsman told us to do by a date, and the evidence that we did it."""

    due_on = models.DateField(db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who makes sure it is done; told when it falls due.",
    )
    complied_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def is_overdue(self, today: datetime.date) -> bool:
        return self.complied_on is None and self.due_on < today


@audited
class Order(Compliance):
    """An order (which the landlord must comply with) or a recommendation, following the Ombudsman's findings."""

    class Kind(models.TextChoices):
        ORDER = "order", "Order"
        RECOMMENDATION = "recommendation", "Recommendation"

    referral = models.ForeignKey(OmbudsmanReferral, on_delete=models.PROTECT, related_name="ombudsman_orders")
    # The finding it follows from; Code 9.7 c asks for progress on orders about severe maladministration.
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="orders")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ORDER)
    description = models.TextField()
    # The date of the Ombudsman's determination that made it.
    made_on = models.DateField(db_index=True)

    class Meta:
        ordering = ["due_on", "id"]
        triggers = [protect_deletes]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.referral.complaint}"


@audited
class HandlingFailureOrder(Compliance):
    """A Complaint Handling Failure Order: the Ombudsman found we did not follow the Code or our own procedure
    (for example, not escalating a complaint or not answering its requests) and ordered us to put it right."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="handling_failure_orders"
    )
    ombudsman_reference = models.CharField(max_length=50, blank=True)
    issued_on = models.DateField(db_index=True)
    failure = models.TextField(help_text="What the Ombudsman found we failed to do.")
    order = models.TextField(help_text="What it ordered us to do.")

    class Meta:
        ordering = ["-issued_on", "-id"]
        triggers = [protect_deletes]
        verbose_name = "Complaint Handling Failure Order"

    def __str__(self) -> str:
        return f"Complaint Handling Failure Order of {self.issued_on:%-d %B %Y}"
