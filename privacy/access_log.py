"""The log of who saw a resident's special-category data (UK GDPR Article 9, accountability under Article 5(2)).

Every page and API response that shows disabilities, vulnerabilities, reasonable adjustments or contact
restrictions calls `complaints.data_protection.special_category_views_record` for the residents it shows: the case
domain holds that data and cannot import privacy, so privacy connects `views_record` to it when it starts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from complaints.models import Resident
from privacy.models import SpecialCategoryView


def views_record(*, viewer: Any, residents: Iterable[Resident | int], shown_on: str) -> int:
    """One row per resident shown, in one INSERT; returns how many."""
    now = timezone.now()
    ids = dict.fromkeys(r if isinstance(r, int) else r.pk for r in residents)
    SpecialCategoryView.objects.bulk_create(
        SpecialCategoryView(viewer=viewer, resident_id=pk, viewed_at=now, shown_on=shown_on[:200]) for pk in ids
    )
    return len(ids)
