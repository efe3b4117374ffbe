"""The log of who saw a resident's special-category data (UK GDPR Article 9, accountability under Article 5(2)).

Every page and API response that shows disabilities, vulnerabilities, reasonable adjustments or contact
restrictions calls `special_category_views_record` for the residents it shows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from alerts.models import Kind as AlertKind
from complaints.models import ContactRestriction, ReasonableAdjustment, Resident
from privacy.models import SpecialCategoryView


def special_category_views_record(*, viewer: Any, residents: Iterable[Resident | int], shown_on: str) -> int:
    """One row per resident shown, in one INSERT; returns how many."""
    now = timezone.now()
    ids = dict.fromkeys(r if isinstance(r, int) else r.pk for r in residents)
    SpecialCategoryView.objects.bulk_create(
        SpecialCategoryView(viewer=viewer, resident_id=pk, viewed_at=now, shown_on=shown_on[:200]) for pk in ids
    )
    return len(ids)


def review_alerts_viewed_record(*, viewer: Any, alerts: Iterable[Any]) -> int:
    """Alerts about an adjustment or restriction due for review name the resident beside what the record is: a
    list of them shows that those residents have one."""
    adjustments = [a.subject_id for a in alerts if a.kind == AlertKind.ADJUSTMENT_REVIEW]
    restrictions = [a.subject_id for a in alerts if a.kind == AlertKind.RESTRICTION_REVIEW]
    if not adjustments and not restrictions:
        return 0
    residents = list(
        ReasonableAdjustment.objects.filter(pk__in=adjustments)
        .values_list("resident_id", flat=True)
        .union(ContactRestriction.objects.filter(pk__in=restrictions).values_list("resident_id", flat=True))
    )
    return special_category_views_record(viewer=viewer, residents=residents, shown_on="Alerts: reviews due")
