"""Reads for the personal data lifecycle: what the retention period has reached, what stops anonymisation, and
everything held about a resident (for a subject access request)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Case, DateField, Exists, Expression, F, OuterRef, Q, QuerySet, When
from django.db.models.functions import Coalesce

from complaints.models import Complaint, Resident, ServiceRequest
from privacy.models import Anonymisation, LegalHold


def retention_cutoff(today: datetime.date) -> datetime.date:
    """Cases that ended on or before this day are past the retention period (PERSONAL_DATA_RETENTION_YEARS)."""
    year = today.year - settings.PERSONAL_DATA_RETENTION_YEARS
    try:
        return today.replace(year=year)
    except ValueError:  # 29 February, in a year that has none
        return today.replace(year=year, day=28)


# A complaint ends when it is closed, refused or withdrawn (closed_on); one left at "responded", which nobody
# closed, ends with its last response: otherwise it would be kept for ever.
COMPLAINT_ENDED_ON = Coalesce(
    "closed_on",
    Case(
        When(status=Complaint.Status.RESPONDED, then=F("current_stage__responded_on")),
        default=None,
        output_field=DateField(),
    ),
)
SERVICE_REQUEST_ENDED_ON = Case(
    When(status=ServiceRequest.Status.COMPLETED, then=Coalesce("completed_on", "reported_on")),
    default=None,
    output_field=DateField(),
)


def holds_in_force(resident: Resident | None = None) -> QuerySet[LegalHold]:
    holds = LegalHold.objects.filter(released_at__isnull=True)
    return holds.filter(resident=resident) if resident is not None else holds


def _not_held(resident_field: str) -> Expression:
    return ~Exists(LegalHold.objects.filter(resident=OuterRef(resident_field), released_at__isnull=True))


def complaints_past_retention(*, today: datetime.date) -> QuerySet[Complaint]:
    """Complaints whose retention period has run out, not yet anonymised, and not under a legal hold."""
    return (
        Complaint.objects.annotate(ended_on=COMPLAINT_ENDED_ON)
        .filter(ended_on__lte=retention_cutoff(today), anonymisation__isnull=True)
        .filter(_not_held("resident"))
        .order_by("resident_id", "id")
    )


def residents_past_retention(*, today: datetime.date) -> QuerySet[Resident]:
    """Residents with at least one case, every complaint anonymised, every service request finished before the
    cutoff, not anonymised yet and not under a legal hold. A resident with any live case keeps their details."""
    cutoff = retention_cutoff(today)
    live_complaint = Complaint.objects.filter(resident=OuterRef("pk"), anonymisation__isnull=True)
    live_request = (
        ServiceRequest.objects.filter(resident=OuterRef("pk"))
        .annotate(ended_on=SERVICE_REQUEST_ENDED_ON)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=cutoff))
    )
    any_case = Q(Exists(Complaint.objects.filter(resident=OuterRef("pk")))) | Q(
        Exists(ServiceRequest.objects.filter(resident=OuterRef("pk")))
    )
    return (
        Resident.objects.filter(anonymisation__isnull=True)
        .filter(any_case)
        .filter(~Exists(live_complaint), ~Exists(live_request))
        .filter(_not_held("pk"))
        .order_by("pk")
    )


def resident_is_anonymised(resident: Resident) -> bool:
    return Anonymisation.objects.filter(resident=resident).exists()
